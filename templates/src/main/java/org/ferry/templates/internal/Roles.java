package org.ferry.templates.internal;

import java.util.List;

import org.ferry.api.template.ConnectionRole;

/**
 * The connection roles of the Prospect-to-Cash templates and the connector type that fills each; the
 * admin API and the demo name connections by these roles ({@code "connections": {"sales": …}}).
 */
final class Roles {
    static final String SALES = "sales";
    static final String CDS = "cds";
    static final String OPERATIONS = "operations";

    static final ConnectionRole SALES_ROLE = new ConnectionRole(SALES, "dynamics-sales");
    static final ConnectionRole CDS_ROLE = new ConnectionRole(CDS, "cds");
    static final ConnectionRole OPERATIONS_ROLE = new ConnectionRole(OPERATIONS, "dynamics-operations");

    /** Every three-way template needs all three, as the 2017 templates needed a three-connection set. */
    static final List<ConnectionRole> THREE_WAY = List.of(SALES_ROLE, CDS_ROLE, OPERATIONS_ROLE);

    private Roles() {
    }
}
