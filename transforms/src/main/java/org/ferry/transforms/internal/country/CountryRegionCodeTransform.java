package org.ferry.transforms.internal.country;

import java.util.Locale;
import java.util.Optional;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.country.CountryCodes.Country;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.osgi.service.component.annotations.Component;

/**
 * The Data Integrator's Country region code: reads a country however it is written (alpha-2, alpha-3,
 * English name or a common alias, any case) and writes it in the form the destination uses.
 *
 * <p>Without {@code to}, the form follows the destination: a field of 2 characters or named like F&amp;O's
 * {@code …ISOCode} gets alpha-2; 3 characters or F&amp;O's {@code …CountryRegionId} gets alpha-3; anything
 * else gets alpha-2, the form every system accepts.
 */
@Component(service = Transform.class, property = Transform.TYPE + "=" + CountryRegionCodeTransform.TYPE)
public final class CountryRegionCodeTransform extends BuiltInTransform {
    static final String TYPE = "CountryRegionCode";
    static final String TO = "to";
    static final String KEEP_UNKNOWN = "keepUnknown";

    /** The forms a country can be written in. */
    enum Form {
        ALPHA2(2), ALPHA3(3), NAME(0);

        /** characters of every code in this form; 0 for names, which vary */
        final int codeLength;

        Form(int codeLength) {
            this.codeLength = codeLength;
        }

        String of(Country c) {
            return switch (this) {
                case ALPHA2 -> c.alpha2();
                case ALPHA3 -> c.alpha3();
                case NAME -> c.name();
            };
        }
    }

    public CountryRegionCodeTransform() {
        super(TYPE, "Country region code",
                "Converts a country between ISO 3166 two-letter and three-letter codes and English names, "
                        + "so \"USA\", \"US\" and \"United States\" meet.",
                optional(TO, "Write as", ParameterType.TEXT,
                        "alpha2 (US), alpha3 (USA) or name (United States). When left out: alpha3 for a "
                                + "3-character or …CountryRegionId field, otherwise alpha2."),
                optional(KEEP_UNKNOWN, "Keep unknown values", ParameterType.BOOLEAN,
                        "Pass values that name no country through unchanged instead of failing the record "
                                + "(default false)."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        Form form = parameters.text(TO).map(CountryRegionCodeTransform::form).orElseGet(() -> inferred(target));
        Integer maxLength = target == null ? null : target.maxLength();
        if (maxLength != null && form.codeLength > maxLength) {
            throw new ConfigurationException(TO, "'" + form.name().toLowerCase(Locale.ROOT) + "' codes do not fit field '"
                    + target.name() + "', which holds " + maxLength + " characters");
        }
        boolean keepUnknown = parameters.bool(KEEP_UNKNOWN).orElse(false);
        String field = fieldName(target);
        return (value, context) -> {
            if (isMissing(value)) {
                return null;
            }
            String text = value.asText().strip();
            Optional<Country> country = CountryCodes.instance().find(text);
            if (country.isPresent()) {
                return Value.text(form.of(country.get()));
            }
            if (keepUnknown) {
                return value;
            }
            throw new RecordException(field, "'" + text + "' is not a country this transform knows (an ISO 3166 "
                    + "code such as US or USA, or an English name such as United States)");
        };
    }

    private static Form form(String to) {
        return switch (to.strip().toLowerCase(Locale.ROOT).replace("-", "")) {
            case "alpha2", "iso2" -> Form.ALPHA2;
            case "alpha3", "iso3" -> Form.ALPHA3;
            case "name" -> Form.NAME;
            default -> throw new ConfigurationException(TO, "must be alpha2, alpha3 or name, not '" + to + "'");
        };
    }

    private static Form inferred(FieldSchema target) {
        if (target == null) {
            return Form.ALPHA2;
        }
        if (target.maxLength() != null && target.maxLength() == 3) {
            return Form.ALPHA3;
        }
        String name = target.name().toLowerCase(Locale.ROOT);
        return name.endsWith("countryregionid") && !Integer.valueOf(2).equals(target.maxLength()) ? Form.ALPHA3 : Form.ALPHA2;
    }
}
