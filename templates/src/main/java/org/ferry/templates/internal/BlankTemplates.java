package org.ferry.templates.internal;

import java.util.List;

import org.ferry.api.template.ConnectionRole;
import org.ferry.api.template.ProjectTemplate;

/**
 * Blank templates, one per direction between connector types, as the Data Integrator offers "Sales to Fin
 * and Ops" and the like: the connections a project needs and no tasks. Directions between Sales and F&amp;O
 * go through the CDS hub, so they need all three connections.
 */
final class BlankTemplates {
    private static final String SALES = "Sales";
    private static final String CDS = "Common Data Service";
    private static final String OPERATIONS = "Fin and Ops";

    private BlankTemplates() {
    }

    static List<ProjectTemplate> all() {
        return List.of(
                blank("blank-sales-cds", SALES, CDS, List.of(Roles.SALES_ROLE, Roles.CDS_ROLE)),
                blank("blank-cds-sales", CDS, SALES, List.of(Roles.CDS_ROLE, Roles.SALES_ROLE)),
                blank("blank-cds-operations", CDS, OPERATIONS, List.of(Roles.CDS_ROLE, Roles.OPERATIONS_ROLE)),
                blank("blank-operations-cds", OPERATIONS, CDS, List.of(Roles.OPERATIONS_ROLE, Roles.CDS_ROLE)),
                blank("blank-sales-operations", SALES, OPERATIONS, Roles.THREE_WAY),
                blank("blank-operations-sales", OPERATIONS, SALES, Roles.THREE_WAY));
    }

    private static ProjectTemplate blank(String id, String from, String to, List<ConnectionRole> roles) {
        boolean throughHub = roles.size() == 3;
        String name = from + " to " + to + (throughHub ? " (through Common Data Service)" : "");
        String description = "A blank project from " + from + " to " + to
                + (throughHub ? ", with tasks whose legs go from " + from + " to the Common Data Service and on to " + to
                        : "") + ". Add tasks, entities and mappings yourself.";
        return new ProjectTemplate(id, name, description, roles, List.of(), List.of());
    }
}
