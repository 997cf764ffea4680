package org.ferry.sandbox.internal.data;

import java.util.Map;

/**
 * A Dataverse lookup column. Its GUID is stored in {@code _<attribute>_value}; it is written through
 * navigation properties with {@code @odata.bind}. Polymorphic lookups (customer) have one navigation
 * property per target table, e.g. {@code parentcustomerid_account}.
 *
 * @param attribute   the lookup attribute, e.g. {@code parentcustomerid}
 * @param targets     navigation property name → target entity set name
 */
public record Lookup(String attribute, Map<String, String> targets) {

    public static Lookup single(String attribute, String targetSet) {
        return new Lookup(attribute, Map.of(attribute, targetSet));
    }

    public String valueColumn() {
        return "_" + attribute + "_value";
    }
}
