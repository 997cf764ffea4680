package org.ferry.runtime.internal.projects;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.ferry.api.template.ConnectionRole;
import org.ferry.api.template.ProjectTemplate;
import org.ferry.runtime.management.ConnectionSetInfo;

/**
 * Whether a connection set serves a template, as the Data Integrator decides it: for every role the
 * template needs, the set has a connection in that role of the connector type the role names. A set
 * with more connections than the template needs is fine (a three-connection set serves a
 * two-connection template).
 */
final class TemplateMatcher {
    private TemplateMatcher() {
    }

    /**
     * @param typeOf the connector type of a connection id
     * @return what is missing, one message per role; empty when the set serves the template
     */
    static List<String> missing(ProjectTemplate template, ConnectionSetInfo set, Function<String, String> typeOf) {
        List<String> problems = new ArrayList<>();
        for (ConnectionRole role : template.roles()) {
            String connectionId = set.connections().get(role.role());
            if (connectionId == null) {
                problems.add("the connection set has no '" + role.role() + "' connection of type " + role.connectorType()
                        + ", which template '" + template.id() + "' needs");
                continue;
            }
            String type = typeOf.apply(connectionId);
            if (!role.connectorType().equals(type)) {
                problems.add("the connection set's '" + role.role() + "' connection is of type " + type
                        + ", but template '" + template.id() + "' needs type " + role.connectorType() + " in that role");
            }
        }
        return problems;
    }
}
