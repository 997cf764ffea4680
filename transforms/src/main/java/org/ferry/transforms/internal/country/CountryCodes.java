package org.ferry.transforms.internal.country;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ISO 3166-1 countries from the JDK's own tables (alpha-2, alpha-3, English short name), plus the other
 * spellings users type into address fields, so that F&O's "USA", ISO's "US" and Sales' "United States"
 * all resolve to one country.
 *
 * <p>Names are compared after folding: case, accents, punctuation, "&amp;" versus "and", "St." versus
 * "Saint" and a leading or trailing "The" do not matter.
 */
final class CountryCodes {

    /** One country. */
    record Country(String alpha2, String alpha3, String name) {
    }

    /**
     * The JDK follows CLDR, whose names for a few countries read oddly in an address ("Congo - Kinshasa");
     * these are the names written instead.
     */
    private static final Map<String, String> NAME_OVERRIDES = Map.of(
            "CD", "Democratic Republic of the Congo",
            "CG", "Republic of the Congo",
            "MM", "Myanmar",
            "HK", "Hong Kong",
            "MO", "Macao");

    /** Other spellings seen in address data and older ISO/UN names, by alpha-2 code. */
    private static final Map<String, List<String>> ALIASES = Map.ofEntries(
            Map.entry("US", List.of("United States", "United States of America", "U.S.A.", "America")),
            Map.entry("GB", List.of("United Kingdom", "UK", "Great Britain", "Britain", "England", "Scotland", "Wales",
                    "Northern Ireland", "United Kingdom of Great Britain and Northern Ireland")),
            Map.entry("DE", List.of("Deutschland", "Federal Republic of Germany")),
            Map.entry("NL", List.of("Holland", "Nederland", "Netherlands")),
            Map.entry("KR", List.of("Korea", "Republic of Korea", "Korea, Republic of")),
            Map.entry("KP", List.of("Democratic People's Republic of Korea", "Korea, Democratic People's Republic of")),
            Map.entry("CZ", List.of("Czech Republic")),
            Map.entry("TR", List.of("Turkey", "Türkiye")),
            Map.entry("CI", List.of("Ivory Coast", "Cote d'Ivoire")),
            Map.entry("MM", List.of("Burma", "Myanmar (Burma)")),
            Map.entry("CD", List.of("DR Congo", "DRC", "Congo (DRC)", "Congo, The Democratic Republic of the",
                    "Congo - Kinshasa")),
            Map.entry("CG", List.of("Congo", "Congo - Brazzaville")),
            Map.entry("RU", List.of("Russian Federation")),
            Map.entry("VN", List.of("Viet Nam")),
            Map.entry("IR", List.of("Iran, Islamic Republic of")),
            Map.entry("SY", List.of("Syrian Arab Republic")),
            Map.entry("LA", List.of("Lao People's Democratic Republic")),
            Map.entry("BO", List.of("Bolivia, Plurinational State of")),
            Map.entry("VE", List.of("Venezuela, Bolivarian Republic of")),
            Map.entry("TZ", List.of("Tanzania, United Republic of")),
            Map.entry("MD", List.of("Moldova, Republic of")),
            Map.entry("TW", List.of("Taiwan, Province of China")),
            Map.entry("SZ", List.of("Swaziland")),
            Map.entry("MK", List.of("Macedonia", "Republic of North Macedonia")),
            Map.entry("CV", List.of("Cape Verde")),
            Map.entry("VA", List.of("Vatican", "Vatican City", "Holy See")),
            Map.entry("AE", List.of("UAE")),
            Map.entry("HK", List.of("Hong Kong SAR China")),
            Map.entry("MO", List.of("Macau", "Macao SAR China")),
            Map.entry("PS", List.of("Palestine", "State of Palestine")),
            Map.entry("BN", List.of("Brunei Darussalam")),
            Map.entry("TL", List.of("East Timor")),
            Map.entry("CN", List.of("People's Republic of China", "PRC")));

    private static final CountryCodes INSTANCE = new CountryCodes();

    private final Map<String, Country> byAlpha2 = new HashMap<>();
    private final Map<String, Country> byAlpha3 = new HashMap<>();
    private final Map<String, Country> byName = new HashMap<>();

    private CountryCodes() {
        for (String code : Locale.getISOCountries()) {
            Locale region = Locale.of("", code);
            String name = NAME_OVERRIDES.getOrDefault(code, region.getDisplayCountry(Locale.ENGLISH));
            Country country = new Country(code, region.getISO3Country(), name);
            byAlpha2.put(code, country);
            byAlpha3.put(country.alpha3(), country);
            addName(name, country);
            addName(region.getDisplayCountry(Locale.ENGLISH), country);
        }
        ALIASES.forEach((code, names) -> {
            Country country = byAlpha2.get(code);
            if (country == null) {
                throw new IllegalStateException("alias for '" + code + "', which the JDK does not know as a country");
            }
            names.forEach(n -> addName(n, country));
        });
    }

    /**
     * Texts already looked up, with their answer: a column of countries holds few distinct values, and folding a
     * name (normalizing, several regular expressions) was 8 % of what a two-leg run of accounts allocated. Bounded,
     * so a column of free text does not grow it without end.
     */
    private static final int REMEMBERED = 4096;
    private final Map<String, Optional<Country>> answers = new java.util.concurrent.ConcurrentHashMap<>();

    static CountryCodes instance() {
        return INSTANCE;
    }

    private void addName(String name, Country country) {
        Country previous = byName.putIfAbsent(fold(name), country);
        if (previous != null && previous != country) {
            throw new IllegalStateException("'" + name + "' names both " + previous.alpha2() + " and " + country.alpha2());
        }
    }

    /**
     * @param text an alpha-2 or alpha-3 code or a name, in any case, with or without dots ({@code U.S.})
     * @return the country, if the text names one
     */
    Optional<Country> find(String text) {
        Optional<Country> known = answers.get(text);
        if (known == null) {
            known = lookUp(text);
            if (answers.size() < REMEMBERED) {
                answers.put(text, known);
            }
        }
        return known;
    }

    private Optional<Country> lookUp(String text) {
        // codes are looked up before names are folded, as folding reads "ST" (São Tomé) as the word "saint"
        String code = text.replaceAll("[.\\s]", "").toUpperCase(Locale.ROOT);
        Country found = !code.matches("[A-Z]{2,3}") ? null : code.length() == 2 ? byAlpha2.get(code) : byAlpha3.get(code);
        return Optional.ofNullable(found != null ? found : byName.get(fold(text)));
    }

    /** @return every country, by alpha-2 code */
    List<Country> all() {
        List<Country> all = new ArrayList<>(byAlpha2.values());
        all.sort((a, b) -> a.alpha2().compareTo(b.alpha2()));
        return Collections.unmodifiableList(all);
    }

    /** Lower case, accents and punctuation dropped, "and" for "&amp;", "saint" for "st", no "the", no spaces. */
    static String fold(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replace("&", " and ").replace("'", "").replace("\u2019", "");
        StringBuilder folded = new StringBuilder();
        for (String word : plain.split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty() || word.equals("the")) {
                continue;
            }
            folded.append(word.equals("st") ? "saint" : word);
        }
        return folded.toString();
    }
}
