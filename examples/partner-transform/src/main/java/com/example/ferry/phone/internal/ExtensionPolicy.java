package com.example.ferry.phone.internal;

import java.util.Locale;

import org.ferry.api.error.ConfigurationException;

/** What PhoneE164 does with an extension ({@code x123}, {@code ext. 123}): E.164 itself has no place for one. */
enum ExtensionPolicy {
    /** Leave it out: the result is pure E.164, what most systems expect in a phone field. */
    DROP,
    /** Append it in the RFC 3966 form {@code +14255550100;ext=123}, for systems that dial extensions. */
    KEEP,
    /** Treat a number with an extension as an error, so that nobody loses the extension silently. */
    REJECT;

    static ExtensionPolicy parse(String parameter, String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(parameter, "must be drop, keep or reject, not '" + text + "'");
        }
    }
}
