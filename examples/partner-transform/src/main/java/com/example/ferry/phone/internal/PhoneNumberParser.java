package com.example.ferry.phone.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a phone number as people write it into E.164 ({@code +14255550100}). Pure and stateless, so one
 * instance serves every thread.
 *
 * <p>Accepted: digits with the usual separators (spaces, {@code . - /}, parentheses), a leading {@code +}
 * or an international prefix ({@code 00}, or the country's own: {@code 011} in the NANP, {@code 0011} in
 * Australia), a national trunk prefix ({@code 0}, {@code 1}, {@code 06}), the {@code (0)} people write
 * after a calling code, a {@code tel:} prefix, and a trailing extension ({@code x123}, {@code ext. 123},
 * {@code ;ext=123}, {@code #123}). Refused: letters (vanity numbers included), a misplaced {@code +},
 * and digit counts that do not fit the country's numbering plan.
 */
final class PhoneNumberParser {

    private static final Pattern EXTENSION = Pattern.compile(
            "(?i)^(?<main>.*?\\d.*?)\\s*[,;]?\\s*(?:ext(?:ension)?|x|#)\\s*[.:=]?\\s*(?<ext>\\d{1,10})\\s*$");

    /** The outcome of a successful parse. */
    record Parsed(String e164, String extension) {
    }

    /**
     * @param text    the number as written, not blank
     * @param country the country a national number belongs to, or {@code null} if unknown
     * @return the number in E.164 and its extension (or {@code null})
     * @throws IllegalArgumentException with a message for the user, naming the value, when it is not a
     *         phone number this parser can read
     */
    Parsed parse(String text, CountryDialing country) {
        String main = text.strip();
        if (main.regionMatches(true, 0, "tel:", 0, 4)) {
            main = main.substring(4);
        }
        String extension = null;
        Matcher m = EXTENSION.matcher(main);
        if (m.matches()) {
            main = m.group("main");
            extension = m.group("ext");
        }
        boolean plus = false;
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < main.length(); i++) {
            char c = main.charAt(i);
            if (Character.isDigit(c)) {
                // Character.digit also reads full-width and other Unicode decimal digits.
                digits.append((char) ('0' + Character.digit(c, 10)));
            } else if (c == '+' && digits.isEmpty() && !plus) {
                plus = true;
            } else if (!isSeparator(c)) {
                throw invalid(text, "'" + c + "' is not allowed in a phone number");
            }
        }
        if (digits.isEmpty()) {
            throw invalid(text, "it has no digits");
        }
        String international = plus ? digits.toString() : afterInternationalPrefix(digits.toString(), country);
        String e164 = international != null ? fromInternational(text, international)
                : fromNational(text, digits.toString(), country);
        return new Parsed(e164, extension);
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')'
                || Character.isSpaceChar(c) || (c >= '\u2010' && c <= '\u2015');
    }

    /** @return the digits after an international prefix, or {@code null} if the number is national */
    private static String afterInternationalPrefix(String digits, CountryDialing country) {
        if (country != null && digits.startsWith(country.internationalPrefix())) {
            return digits.substring(country.internationalPrefix().length());
        }
        // 00 is the ITU-recommended prefix and no national number anywhere starts with it, so it is safe
        // to read even when the record's country uses another prefix (a German number typed in the US).
        return digits.startsWith("00") ? digits.substring(2) : null;
    }

    private static String fromInternational(String text, String digits) {
        if (digits.isEmpty() || digits.charAt(0) == '0') {
            throw invalid(text, "no country calling code starts with 0");
        }
        CountryDialing country = CountryDialing.forInternationalDigits(digits);
        if (country == null) {
            // A country outside our table: all we can check is E.164's own length limits.
            if (digits.length() < 7 || digits.length() > CountryDialing.MAX_E164_DIGITS) {
                throw invalid(text, "an international number has 7 to 15 digits, this one has " + digits.length());
            }
            return "+" + digits;
        }
        String national = digits.substring(country.callingCode().length());
        // "+44 (0)20 ..." and "+49 030 ...": the trunk prefix does not belong after the calling code.
        national = stripTrunkPrefix(national, country);
        return complete(text, country, national);
    }

    private static String fromNational(String text, String digits, CountryDialing country) {
        if (country == null) {
            throw invalid(text, "it is a national number and the country is not known; "
                    + "write it with + and the calling code, or set defaultCountry or countryField");
        }
        return complete(text, country, stripTrunkPrefix(digits, country));
    }

    /**
     * Strips the trunk prefix only if what remains is still long enough: a Russian number may start with
     * 8 (St. Petersburg is 812) and a NANP number given without its trunk 1 must keep its first digit.
     */
    private static String stripTrunkPrefix(String national, CountryDialing country) {
        String trunk = country.trunkPrefix();
        if (!trunk.isEmpty() && national.startsWith(trunk)
                && national.length() - trunk.length() >= country.minLength()) {
            return national.substring(trunk.length());
        }
        return national;
    }

    private static String complete(String text, CountryDialing country, String national) {
        if (national.length() < country.minLength() || national.length() > country.maxLength()) {
            String expected = country.minLength() == country.maxLength() ? Integer.toString(country.minLength())
                    : country.minLength() + " to " + country.maxLength();
            throw invalid(text, "a number in " + country.alpha2() + " (+" + country.callingCode() + ") has "
                    + expected + " digits after the calling code, this one has " + national.length());
        }
        if (country.callingCode().length() + national.length() > CountryDialing.MAX_E164_DIGITS) {
            throw invalid(text, "E.164 numbers have at most 15 digits");
        }
        if (country.isNanp() && (national.charAt(0) < '2' || national.charAt(3) < '2')) {
            // NANP area codes and exchange codes both start with 2-9 (NXX-NXX-XXXX).
            throw invalid(text, "a North American number's area code and exchange start with 2-9");
        }
        return "+" + country.callingCode() + national;
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("'" + text + "' is not a valid phone number: " + reason);
    }
}
