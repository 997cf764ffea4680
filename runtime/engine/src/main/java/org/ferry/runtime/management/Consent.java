package org.ferry.runtime.management;

import java.time.Instant;

/**
 * The consent recorded when a project was created: data moves between systems that may differ in
 * compliance and region, so someone must say yes, and who and when is kept.
 *
 * @param accepted    always {@code true} on a stored project
 * @param by          who accepted
 * @param at          when
 * @param textVersion the version of the consent text that was shown
 */
public record Consent(boolean accepted, String by, Instant at, String textVersion) {
    /** The version of the consent text the console shows and the API refers to. */
    public static final String TEXT_VERSION = "2026-11";

    public static final String TEXT = "Creating this project moves data between the connected systems. Data from a"
            + " high-compliance system may be brought into a less-compliant one, and data may move between regions."
            + " By accepting, you confirm that you are authorized to allow this.";
}
