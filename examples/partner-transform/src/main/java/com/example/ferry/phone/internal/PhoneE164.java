package com.example.ferry.phone.internal;

import java.util.ArrayList;
import java.util.List;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameter;
import org.ferry.api.transform.TransformParameters;
import org.osgi.service.component.annotations.Component;

/**
 * The PhoneE164 transform: normalizes phone numbers to E.164 ({@code +14255550100}).
 *
 * <p>This class is all Ferry needs to find the transform: Declarative Services registers it as a
 * {@link Transform} service with the {@link Transform#TYPE} property when the bundle starts, and removes
 * it when the bundle stops. It holds no state, so one instance serves every run.
 *
 * <p>In a mapping: {@code [{"transformType": "PhoneE164", "defaultCountry": "US"}]}.
 */
@Component(service = Transform.class, property = Transform.TYPE + "=" + PhoneE164.TYPE)
public final class PhoneE164 implements Transform {
    static final String TYPE = "PhoneE164";
    static final String DEFAULT_COUNTRY = "defaultCountry";
    static final String COUNTRY_FIELD = "countryField";
    static final String EXTENSION = "extension";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String displayName() {
        return "Phone number to E.164";
    }

    @Override
    public String description() {
        return "Normalizes phone numbers to the international E.164 form (+14255550100).";
    }

    @Override
    public List<TransformParameter> parameters() {
        return List.of(
                new TransformParameter(DEFAULT_COUNTRY, "Default country", ParameterType.TEXT, false,
                        "ISO alpha-2 code (US, DE) of numbers written without + or 00; without it such numbers"
                                + " are errors unless countryField gives the record's country"),
                new TransformParameter(COUNTRY_FIELD, "Country field", ParameterType.TEXT, false,
                        "Source field (or lookup.Field path) holding the record's ISO alpha-2 or alpha-3"
                                + " country; when set and not empty it wins over defaultCountry"),
                new TransformParameter(EXTENSION, "Extensions", ParameterType.TEXT, false,
                        "drop (default): leave x123 out; keep: append ;ext=123 (RFC 3966); reject: record error"));
    }

    @Override
    public TransformFunction compile(TransformParameters parameters, FieldSchema target) {
        // Collect every problem at once, so the user fixes the mapping in one go.
        List<FieldProblem> problems = new ArrayList<>();
        CountryDialing defaultCountry = null;
        String countryCode = parameters.text(DEFAULT_COUNTRY).map(String::trim).orElse("");
        if (!countryCode.isEmpty()) {
            defaultCountry = CountryDialing.forCountry(countryCode);
            if (defaultCountry == null || !defaultCountry.alpha2().equalsIgnoreCase(countryCode)) {
                problems.add(new FieldProblem(DEFAULT_COUNTRY, "'" + countryCode
                        + "' is not an ISO alpha-2 country code PhoneE164 knows (US, DE, GB, ...)"));
            }
        }
        String countryField = parameters.text(COUNTRY_FIELD).map(String::trim).filter(s -> !s.isEmpty())
                .orElse(null);
        ExtensionPolicy extensions = ExtensionPolicy.DROP;
        try {
            extensions = parameters.text(EXTENSION).map(t -> ExtensionPolicy.parse(EXTENSION, t))
                    .orElse(ExtensionPolicy.DROP);
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        }
        if (target != null && target.type() != ValueType.TEXT) {
            problems.add(new FieldProblem(null, "PhoneE164 produces text; target field '" + target.name()
                    + "' is " + target.type()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new PhoneE164Function(defaultCountry, countryField, extensions, target == null ? null : target.name());
    }
}
