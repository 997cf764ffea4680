package org.ferry.templates.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ferry.api.template.TransformStep;

/**
 * The transform steps the templates use, in the Data Integrator's JSON shape, and the value maps more
 * than one template shares. A step names its transform by {@code transformType}; the built-in transforms
 * bundle provides Default, Constant, Truncate, ValueMap and CountryRegionCode.
 */
final class Steps {
    /**
     * F&amp;O unit symbol to Sales unit name, in the units the sample systems share: F&amp;O's "ea" is the base
     * unit every Sales product and line uses ("Primary Unit" of the "Default Unit" group). Unknown units
     * fail the record naming the known ones, so a missing entry is found instead of written wrongly.
     */
    static final Map<String, String> OPERATIONS_UNIT_TO_SALES_UOM = ordered(
            "ea", "Primary Unit",
            "pcs", "pcs",
            "h", "Hour");

    /** F&amp;O {@code EcoResProductType} to the Dataverse {@code producttypecode} option (1 Sales Inventory, 3 Services). */
    static final Map<String, String> PRODUCT_TYPE_TO_SALES = ordered(
            "Item", "1",
            "Service", "3",
            "", "1");

    private Steps() {
    }

    /** Fills the field when the source gives nothing (no value or blank text). */
    static TransformStep defaultTo(String value) {
        return TransformStep.defaultValue(value);
    }

    /** Writes the value whatever the source holds: flags the integration itself sets. */
    static TransformStep constant(String value) {
        return new TransformStep("Constant", Map.of("value", value));
    }

    /** Cuts text to the destination field's maximum length. */
    static TransformStep truncate() {
        return new TransformStep("Truncate", Map.of());
    }

    static TransformStep valueMap(Map<String, String> map) {
        return TransformStep.valueMap(map);
    }

    /** Writes a country as ISO alpha-2 ({@code US}), whatever form the source uses. */
    static TransformStep countryAlpha2() {
        return country("alpha2");
    }

    /** Writes a country as ISO alpha-3 ({@code USA}), the form of F&amp;O's {@code …CountryRegionId}. */
    static TransformStep countryAlpha3() {
        return country("alpha3");
    }

    /** Writes a country as its English name ({@code United States}), the form Sales addresses hold. */
    static TransformStep countryName() {
        return country("name");
    }

    private static TransformStep country(String form) {
        return new TransformStep("CountryRegionCode", Map.of("to", form));
    }

    /** F&amp;O's NoYes enum (text "Yes"/"No") to a boolean; the target's type turns "true" into a boolean. */
    static TransformStep noYesToBoolean() {
        return valueMap(ordered("Yes", "true", "No", "false"));
    }

    /** @return the map with its keys and values swapped, for the opposite direction of a value map */
    static Map<String, String> inverse(Map<String, String> map) {
        Map<String, String> inverse = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!k.isEmpty() && inverse.putIfAbsent(v, k) != null) {
                throw new IllegalArgumentException("'" + v + "' is mapped from more than one value");
            }
        });
        return Collections.unmodifiableMap(inverse);
    }

    /** A map that keeps its entries in the order written, so templates list value maps as declared. */
    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
