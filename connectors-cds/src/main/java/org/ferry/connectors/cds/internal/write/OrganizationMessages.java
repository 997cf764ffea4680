package org.ferry.connectors.cds.internal.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.ferry.connectors.cds.internal.store.Environment;

/** The Data Integrator's answer to a missing organization: say which ones exist. */
public final class OrganizationMessages {
    private static final int SHOWN = 50;

    private OrganizationMessages() {
    }

    static String missing(Environment env, Connection c, String org) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT \"_key\" FROM " + env.catalogue().organization().table()
                + " ORDER BY \"_key\" FETCH FIRST " + (SHOWN + 1) + " ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return missing(env, org, ids);
    }

    public static String missing(Environment env, String org, List<String> ids) {
        String prefix = "Organization '" + org + "' does not exist in CDS environment '" + env.name() + "'; ";
        if (ids.isEmpty()) {
            return prefix + "the environment has no organizations yet: create one by writing an Organization record";
        }
        String list = String.join(", ", ids.subList(0, Math.min(SHOWN, ids.size())));
        return prefix + "valid organizations: " + list + (ids.size() > SHOWN ? ", …" : "");
    }
}
