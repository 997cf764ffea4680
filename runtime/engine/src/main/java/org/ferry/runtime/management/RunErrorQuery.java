package org.ferry.runtime.management;

/**
 * Which errors of a run to list. Every criterion is optional ({@code null} or blank: any) and they combine.
 *
 * @param task    the task's name
 * @param leg     the leg's label ({@code role:entity -> role:entity})
 * @param field   the field at fault
 * @param text    a business key, source id or words of the message, found anywhere in them, without regard to case
 * @param pattern a group's {@link RunErrorGroup#pattern()}: the errors whose messages share that pattern
 * @param kind    {@code failed}, {@code skipped}, {@code run} or {@code warning}
 * @param exact   whether task, leg, field and kind name a group exactly, {@code null} meaning "none" rather than
 *                "any" ({@link #exactly})
 * @since 1.3
 */
public record RunErrorQuery(String task, String leg, String field, String text, String pattern, String kind,
                            boolean exact) {
    public RunErrorQuery {
        task = blankToNull(task);
        leg = blankToNull(leg);
        field = blankToNull(field);
        text = blankToNull(text);
        pattern = blankToNull(pattern);
        kind = blankToNull(kind);
    }

    public RunErrorQuery(String task, String leg, String field, String text, String pattern, String kind) {
        this(task, leg, field, text, pattern, kind, false);
    }

    /** Every error. */
    public static RunErrorQuery all() {
        return new RunErrorQuery(null, null, null, null, null, null, false);
    }

    /** The errors of one {@link RunErrorGroup}: its task, leg, field and kind exactly, absent ones absent. */
    public static RunErrorQuery exactly(String task, String leg, String field, String kind, String pattern) {
        return new RunErrorQuery(task, leg, field, null, pattern, kind, true);
    }

    /** This query narrowed to errors mentioning the text. */
    public RunErrorQuery withText(String words) {
        return new RunErrorQuery(task, leg, field, words, pattern, kind, exact);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
