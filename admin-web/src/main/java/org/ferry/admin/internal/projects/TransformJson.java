package org.ferry.admin.internal.projects;

import java.util.LinkedHashMap;
import java.util.Map;

import org.ferry.api.template.TransformStep;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A transform of a mapping as the API writes it: {@code {"type": "ValueMap", "valueMap": {…}}}, the
 * parameters beside the type. The only object of the API that takes fields it does not list: they are
 * the transform's parameters, which the engine checks against the deployed transform.
 */
public final class TransformJson {
    private String type;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    public TransformJson() {
    }

    static TransformJson of(TransformStep step) {
        TransformJson json = new TransformJson();
        json.type = step.type();
        json.parameters.putAll(step.parameters());
        return json;
    }

    @JsonProperty("type")
    public String getType() {
        return type;
    }

    @JsonProperty("type")
    public void setType(String type) {
        this.type = type;
    }

    @JsonAnyGetter
    public Map<String, Object> getParameters() {
        return parameters;
    }

    @JsonAnySetter
    public void setParameter(String name, Object value) {
        parameters.put(name, value);
    }

    TransformStep step(String field) {
        if (type == null || type.isBlank()) {
            throw org.ferry.admin.internal.http.ProblemException.invalid(field + ".type", "is required");
        }
        return new TransformStep(type, parameters);
    }
}
