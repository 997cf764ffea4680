package com.example.ferry.phone.internal;

import org.ferry.api.data.IntegerValue;
import org.ferry.api.data.TextValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.TransformContext;
import org.ferry.api.transform.TransformFunction;

/**
 * PhoneE164 compiled with its parameters. Immutable, so the engine may apply it from many threads at once.
 *
 * @param defaultCountry the country of national numbers when the record does not say, or {@code null}
 * @param countryField   the source field holding the record's country (alpha-2 or alpha-3), or {@code null}
 * @param extensions     what to do with an extension
 * @param targetField    the field being written, named in record errors, or {@code null} if unknown
 */
record PhoneE164Function(CountryDialing defaultCountry, String countryField, ExtensionPolicy extensions,
                         String targetField) implements TransformFunction {

    private static final PhoneNumberParser PARSER = new PhoneNumberParser();

    @Override
    public Value apply(Value value, TransformContext context) {
        String text = switch (value) {
            case null -> null;
            case TextValue t -> t.value();
            // A number stored as an integer has lost any leading + or 0, but national numbers still read.
            case IntegerValue i -> Long.toString(i.value());
            default -> throw new RecordException(targetField,
                    "a phone number must be text, not " + value.type() + " '" + value.asText() + "'");
        };
        if (text == null || text.isBlank()) {
            return null;
        }
        PhoneNumberParser.Parsed parsed;
        try {
            parsed = PARSER.parse(text, country(context));
        } catch (IllegalArgumentException e) {
            throw new RecordException(targetField, e.getMessage());
        }
        if (parsed.extension() == null || extensions == ExtensionPolicy.DROP) {
            return Value.text(parsed.e164());
        }
        if (extensions == ExtensionPolicy.REJECT) {
            throw new RecordException(targetField, "'" + text + "' has an extension, which E.164 cannot hold");
        }
        return Value.text(parsed.e164() + ";ext=" + parsed.extension());
    }

    /** The record's own country wins over the default; a country we cannot read is the record's error. */
    private CountryDialing country(TransformContext context) {
        if (countryField != null) {
            Value v = context.field(countryField);
            if (v != null && !v.asText().isBlank()) {
                CountryDialing c = CountryDialing.forCountry(v.asText());
                if (c == null) {
                    throw new RecordException(countryField, "country '" + v.asText()
                            + "' is not an ISO alpha-2 or alpha-3 code PhoneE164 knows");
                }
                return c;
            }
        }
        return defaultCountry;
    }
}
