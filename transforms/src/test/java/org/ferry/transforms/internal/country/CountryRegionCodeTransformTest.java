package org.ferry.transforms.internal.country;

import static org.ferry.transforms.testing.Chains.emptyContext;
import static org.ferry.transforms.testing.Chains.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountryRegionCodeTransformTest {
    private final CountryRegionCodeTransform transform = new CountryRegionCodeTransform();

    private String convert(String to, String input) {
        Value out = transform.compile(params("to", to), null).apply(Value.text(input), emptyContext());
        return out == null ? null : out.asText();
    }

    @ParameterizedTest
    @CsvSource({
        "alpha2, USA, US", "alpha2, US, US", "alpha2, United States, US", "alpha2, united states of america, US",
        "alpha2, U.S., US", "alpha2, u.s.a., US", "alpha3, United States, USA", "alpha3, US, USA", "alpha3, usa, USA",
        "name, USA, United States", "name, us, United States", "name, GBR, United Kingdom",
        "alpha2, UK, GB", "alpha2, Great Britain, GB", "alpha3, United Kingdom, GBR", "alpha2, Deutschland, DE",
        "alpha3, Germany, DEU", "alpha2, The Netherlands, NL", "alpha2, Holland, NL", "alpha2, Côte d'Ivoire, CI",
        "alpha2, Cote D’Ivoire, CI", "alpha2, Saint Lucia, LC", "alpha2, St. Lucia, LC", "alpha2, Bosnia and Herzegovina, BA",
        "alpha2, Trinidad & Tobago, TT", "alpha3, Turkey, TUR", "alpha2, Czech Republic, CZ", "alpha2, Aland Islands, AX",
        "name, COD, Democratic Republic of the Congo", "alpha2, Korea, KR", "alpha2, UAE, AE", "iso3, fr, FRA"
    })
    void readsAnyFormAndWritesTheRequestedOne(String to, String input, String expected) {
        assertEquals(expected, convert(to, input));
    }

    @Test
    void everyJdkCountryRoundTripsThroughEachForm() {
        for (CountryCodes.Country c : CountryCodes.instance().all()) {
            assertEquals(c.alpha2(), convert("alpha2", c.alpha3()), c.toString());
            assertEquals(c.alpha3(), convert("alpha3", c.name()), c.toString());
            assertEquals(c.name(), convert("name", c.alpha2()), c.toString());
            assertEquals(c.alpha2(), convert("alpha2", c.name().toUpperCase()), c.toString());
        }
        assertTrue(CountryCodes.instance().all().size() >= 240, "the JDK lists about 249 countries");
    }

    @Test
    void theFormFollowsTheDestinationFieldWhenNotGiven() {
        TransformParameters none = TransformParameters.empty();
        assertEquals(Value.text("USA"), transform.compile(none, FieldSchema.text("AddressCountryRegionId", 10))
                .apply(Value.text("United States"), emptyContext()));
        assertEquals(Value.text("US"), transform.compile(none, FieldSchema.text("AddressCountryRegionISOCode", 10))
                .apply(Value.text("USA"), emptyContext()));
        assertEquals(Value.text("USA"), transform.compile(none, FieldSchema.text("country", 3))
                .apply(Value.text("US"), emptyContext()));
        assertEquals(Value.text("US"), transform.compile(none, FieldSchema.text("country", 2))
                .apply(Value.text("USA"), emptyContext()));
        assertEquals(Value.text("US"), transform.compile(none, null).apply(Value.text("United States"), emptyContext()));
    }

    @Test
    void unknownCountryIsARecordErrorNamingTheValue() {
        TransformFunction f = transform.compile(params("to", "alpha2"), FieldSchema.text("address1_country", 80));
        RecordException e = assertThrows(RecordException.class, () -> f.apply(Value.text("Atlantis"), emptyContext()));
        assertEquals("address1_country", e.field());
        assertTrue(e.getMessage().contains("'Atlantis'"), e.getMessage());
        assertThrows(RecordException.class, () -> f.apply(Value.text("XX"), emptyContext()));
        assertThrows(RecordException.class, () -> f.apply(Value.text("ZZZ"), emptyContext()));
    }

    @Test
    void unknownValuesCanBeKept() {
        Value atlantis = Value.text("Atlantis");
        assertSame(atlantis, transform.compile(params("keepUnknown", true), null).apply(atlantis, emptyContext()));
    }

    @Test
    void noValueStaysNoValue() {
        TransformFunction f = transform.compile(TransformParameters.empty(), null);
        assertNull(f.apply(null, emptyContext()));
        assertNull(f.apply(Value.text(" "), emptyContext()));
    }

    @Test
    void badParametersAreNamed() {
        assertEquals("to", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("to", "numeric"), null)).problems().get(0).field());
        assertEquals("to", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("to", "alpha3"), FieldSchema.text("iso", 2))).problems().get(0).field());
        assertEquals("keepUnknown", assertThrows(ConfigurationException.class,
                () -> transform.compile(params("keepUnknown", "sometimes"), null)).problems().get(0).field());
    }

    @Test
    void foldingIgnoresCaseAccentsPunctuationAndArticles() {
        assertEquals(CountryCodes.fold("Saint Kitts and Nevis"), CountryCodes.fold("ST. KITTS & NEVIS"));
        assertEquals(CountryCodes.fold("Gambia"), CountryCodes.fold("Gambia, The"));
        assertEquals(CountryCodes.fold("Curacao"), CountryCodes.fold("Curaçao"));
    }
}
