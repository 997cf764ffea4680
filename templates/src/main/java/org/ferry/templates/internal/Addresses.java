package org.ferry.templates.internal;

import static org.ferry.templates.internal.Steps.countryAlpha2;
import static org.ferry.templates.internal.Steps.countryAlpha3;
import static org.ferry.templates.internal.Steps.countryName;
import static org.ferry.templates.internal.Steps.defaultTo;
import static org.ferry.templates.internal.Steps.truncate;

import java.util.function.UnaryOperator;

/**
 * The address blocks every customer and document template maps, once per direction. Each system names
 * the same six parts differently: Sales {@code address1_city}/{@code shipto_city}, the CDS hub
 * {@code Address1_City}/{@code DeliveryAddress_City}, F&amp;O {@code AddressCity}/{@code DeliveryAddressCity}.
 *
 * <p>Countries: Sales holds English names ("United States"), the hub ISO alpha-2 ("US"), F&amp;O both the
 * alpha-3 region id ("USA") and the alpha-2 ISO code. A blank country becomes US on the way into the hub,
 * as the templates' country value maps default blank to US. F&amp;O's address fields are shorter than the
 * hub's (city 60, state 10, ZIP 10), so those are truncated on the way in.
 */
final class Addresses {
    static final String DEFAULT_COUNTRY = "US";
    static final String DEFAULT_COUNTRY_ID = "USA";

    /** A hub address block: the CDS 1.0 field names of one address. */
    record Hub(String line1, String line2, String city, String state, String postalCode, String country) {
        /** {@code Address1_Line1 … Address1_Country} on Account and Contact. */
        static final Hub PRIMARY = new Hub("Address1_Line1", "Address1_Line2", "Address1_City",
                "Address1_StateOrProvince", "Address1_PostalCode", "Address1_Country");
        /** {@code DeliveryAddress_…} on quotation and order headers. */
        static final Hub DELIVERY = prefixed("DeliveryAddress");
        /** {@code DeliveryPostalAddress_…} on quotation and order lines. */
        static final Hub LINE_DELIVERY = prefixed("DeliveryPostalAddress");

        private static Hub prefixed(String prefix) {
            return new Hub(prefix + "_AddressLine1", prefix + "_AddressLine2", prefix + "_City", prefix + "_State",
                    prefix + "_PostalCode", prefix + "_Country");
        }
    }

    /** An F&amp;O address block; F&amp;O has one street line, and the country twice (region id and ISO code). */
    record Operations(String street, String city, String state, String zipCode, String countryRegionId,
                      String isoCode) {
        /** The customer's primary address on {@code CustomersV3}. */
        static final Operations CUSTOMER = new Operations("AddressStreet", "AddressCity", "AddressState",
                "AddressZipCode", "AddressCountryRegionId", "AddressCountryRegionISOCode");
        /** The delivery address on F&amp;O sales document headers and lines. */
        static final Operations DELIVERY = new Operations("DeliveryAddressStreet", "DeliveryAddressCity",
                "DeliveryAddressStateId", "DeliveryAddressZipCode", "DeliveryAddressCountryRegionId",
                "DeliveryAddressCountryRegionISOCode");
    }

    private Addresses() {
    }

    /** Sales {@code <prefix>_line1 …} into the hub; the country as alpha-2, blank as US. */
    static UnaryOperator<Mappings> salesToHub(String salesPrefix, Hub hub) {
        return m -> m.map(hub.line1(), salesPrefix + "_line1")
                .map(hub.line2(), salesPrefix + "_line2")
                .map(hub.city(), salesPrefix + "_city")
                .map(hub.state(), salesPrefix + "_stateorprovince")
                .map(hub.postalCode(), salesPrefix + "_postalcode")
                .map(hub.country(), salesPrefix + "_country", countryAlpha2(), defaultTo(DEFAULT_COUNTRY));
    }

    /** The hub into Sales; Sales shows countries by name. */
    static UnaryOperator<Mappings> hubToSales(Hub hub, String salesPrefix) {
        return m -> m.map(salesPrefix + "_line1", hub.line1())
                .map(salesPrefix + "_line2", hub.line2())
                .map(salesPrefix + "_city", hub.city())
                .map(salesPrefix + "_stateorprovince", hub.state())
                .map(salesPrefix + "_postalcode", hub.postalCode())
                .map(salesPrefix + "_country", hub.country(), countryName());
    }

    /** The hub into F&amp;O: line 1 is the street; shorter F&amp;O fields are truncated. */
    static UnaryOperator<Mappings> hubToOperations(Hub hub, Operations fo) {
        return m -> m.map(fo.street(), hub.line1())
                .map(fo.city(), hub.city(), truncate())
                .map(fo.state(), hub.state(), truncate())
                .map(fo.zipCode(), hub.postalCode(), truncate())
                .map(fo.countryRegionId(), hub.country(), countryAlpha3())
                .map(fo.isoCode(), hub.country(), countryAlpha2());
    }

    /** Sales straight into F&amp;O, for direct legs; the same conversions as through the hub. */
    static UnaryOperator<Mappings> salesToOperations(String salesPrefix, Operations fo) {
        return m -> m.map(fo.street(), salesPrefix + "_line1")
                .map(fo.city(), salesPrefix + "_city", truncate())
                .map(fo.state(), salesPrefix + "_stateorprovince", truncate())
                .map(fo.zipCode(), salesPrefix + "_postalcode", truncate())
                .map(fo.countryRegionId(), salesPrefix + "_country", countryAlpha3(), defaultTo(DEFAULT_COUNTRY_ID))
                .map(fo.isoCode(), salesPrefix + "_country", countryAlpha2(), defaultTo(DEFAULT_COUNTRY));
    }

    /** F&amp;O into the hub, the country from its ISO code. */
    static UnaryOperator<Mappings> operationsToHub(Operations fo, Hub hub) {
        return m -> m.map(hub.line1(), fo.street())
                .map(hub.city(), fo.city())
                .map(hub.state(), fo.state())
                .map(hub.postalCode(), fo.zipCode())
                .map(hub.country(), fo.isoCode(), countryAlpha2());
    }
}
