package com.example.ferry.phone.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How numbers are dialled in one country: its calling code, the trunk prefix a national number starts
 * with when dialled inside the country, the prefix for dialling abroad, and how many digits the national
 * significant number (what follows the calling code) may have.
 *
 * <p>The table is deliberately small and kept in code, not loaded from a library: a partner bundle must
 * stay self-contained (its only import is the Ferry API). Lengths are the usual ranges of each numbering
 * plan, a little generous so that real numbers are not refused; they exist to catch garbage, not to
 * validate every number range. Countries sharing a calling code (the NANP) follow the same rules.
 *
 * @param alpha2              ISO 3166-1 alpha-2 code
 * @param alpha3              ISO 3166-1 alpha-3 code
 * @param callingCode         ITU-T E.164 country calling code, digits only
 * @param trunkPrefix         what national numbers start with inside the country ({@code 0}, {@code 1} in the
 *                            NANP, {@code 8} in Russia), or empty where the leading digit is part of the number
 *                            (Italy, Spain, Denmark)
 * @param internationalPrefix the prefix for dialling abroad from this country, besides {@code 00}
 * @param minLength           fewest digits after the calling code
 * @param maxLength           most digits after the calling code
 */
record CountryDialing(String alpha2, String alpha3, String callingCode, String trunkPrefix,
                      String internationalPrefix, int minLength, int maxLength) {

    /** E.164 allows at most 15 digits, calling code included. */
    static final int MAX_E164_DIGITS = 15;

    private static final List<CountryDialing> TABLE = List.of(
            // North American Numbering Plan: +1, trunk 1, 10 digits, 011 to dial abroad.
            nanp("US", "USA"), nanp("CA", "CAN"), nanp("PR", "PRI"), nanp("GU", "GUM"), nanp("VI", "VIR"),
            nanp("AS", "ASM"), nanp("MP", "MNP"), nanp("BS", "BHS"), nanp("BB", "BRB"), nanp("AI", "AIA"),
            nanp("AG", "ATG"), nanp("VG", "VGB"), nanp("KY", "CYM"), nanp("BM", "BMU"), nanp("GD", "GRD"),
            nanp("TC", "TCA"), nanp("MS", "MSR"), nanp("SX", "SXM"), nanp("LC", "LCA"), nanp("DM", "DMA"),
            nanp("VC", "VCT"), nanp("DO", "DOM"), nanp("TT", "TTO"), nanp("KN", "KNA"), nanp("JM", "JAM"),
            // Europe
            of("DE", "DEU", "49", "0", "00", 6, 15),
            of("GB", "GBR", "44", "0", "00", 9, 10),
            of("FR", "FRA", "33", "0", "00", 9, 9),
            of("NL", "NLD", "31", "0", "00", 9, 11),
            of("IT", "ITA", "39", "", "00", 6, 11),
            of("ES", "ESP", "34", "", "00", 9, 9),
            of("CH", "CHE", "41", "0", "00", 9, 9),
            of("AT", "AUT", "43", "0", "00", 5, 13),
            of("BE", "BEL", "32", "0", "00", 8, 9),
            of("LU", "LUX", "352", "", "00", 5, 11),
            of("PT", "PRT", "351", "", "00", 9, 9),
            of("IE", "IRL", "353", "0", "00", 7, 10),
            of("DK", "DNK", "45", "", "00", 8, 8),
            of("SE", "SWE", "46", "0", "00", 6, 10),
            of("NO", "NOR", "47", "", "00", 5, 8),
            of("FI", "FIN", "358", "0", "00", 5, 12),
            of("PL", "POL", "48", "", "00", 9, 9),
            of("CZ", "CZE", "420", "", "00", 9, 9),
            of("GR", "GRC", "30", "", "00", 10, 10),
            of("HU", "HUN", "36", "06", "00", 8, 9),
            of("RU", "RUS", "7", "8", "810", 10, 10),
            of("TR", "TUR", "90", "0", "00", 10, 10),
            // Asia-Pacific
            of("AU", "AUS", "61", "0", "0011", 6, 10),
            of("NZ", "NZL", "64", "0", "00", 8, 10),
            of("JP", "JPN", "81", "0", "010", 9, 10),
            of("CN", "CHN", "86", "0", "00", 8, 12),
            of("HK", "HKG", "852", "", "00", 8, 8),
            of("SG", "SGP", "65", "", "000", 8, 8),
            of("KR", "KOR", "82", "0", "001", 8, 11),
            of("TW", "TWN", "886", "0", "002", 8, 9),
            of("IN", "IND", "91", "0", "00", 10, 10),
            of("PH", "PHL", "63", "0", "00", 8, 10),
            of("ID", "IDN", "62", "0", "001", 8, 12),
            of("MY", "MYS", "60", "0", "00", 8, 10),
            of("TH", "THA", "66", "0", "001", 8, 9),
            // Americas outside the NANP
            of("BR", "BRA", "55", "0", "00", 10, 11),
            of("MX", "MEX", "52", "", "00", 10, 11),
            of("AR", "ARG", "54", "0", "00", 10, 11),
            of("CL", "CHL", "56", "", "00", 9, 9),
            // Middle East and Africa
            of("ZA", "ZAF", "27", "0", "00", 9, 9),
            of("AE", "ARE", "971", "0", "00", 8, 9),
            of("IL", "ISR", "972", "0", "00", 8, 9),
            of("SA", "SAU", "966", "0", "00", 9, 9),
            of("EG", "EGY", "20", "0", "00", 8, 10),
            of("NG", "NGA", "234", "0", "009", 8, 10));

    private static final Map<String, CountryDialing> BY_COUNTRY = new HashMap<>();
    private static final Map<String, CountryDialing> BY_CALLING_CODE = new HashMap<>();

    static {
        for (CountryDialing c : TABLE) {
            BY_COUNTRY.put(c.alpha2, c);
            BY_COUNTRY.put(c.alpha3, c);
            // The first country of a shared code stands for all: they share the numbering rules.
            BY_CALLING_CODE.putIfAbsent(c.callingCode, c);
        }
    }

    /** @return the country for an ISO alpha-2 or alpha-3 code in any case, or {@code null} if not in the table */
    static CountryDialing forCountry(String isoCode) {
        return isoCode == null ? null : BY_COUNTRY.get(isoCode.trim().toUpperCase(Locale.ROOT));
    }

    /** @return the country whose calling code starts {@code digits}, or {@code null} if not in the table */
    static CountryDialing forInternationalDigits(String digits) {
        // Calling codes are a prefix code (no code starts another), so the first match is the only one.
        for (int length = 1; length <= 3 && length <= digits.length(); length++) {
            CountryDialing c = BY_CALLING_CODE.get(digits.substring(0, length));
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    boolean isNanp() {
        return callingCode.equals("1");
    }

    private static CountryDialing nanp(String alpha2, String alpha3) {
        return new CountryDialing(alpha2, alpha3, "1", "1", "011", 10, 10);
    }

    private static CountryDialing of(String alpha2, String alpha3, String code, String trunk, String idd,
                                     int min, int max) {
        return new CountryDialing(alpha2, alpha3, code, trunk, idd, min, max);
    }
}
