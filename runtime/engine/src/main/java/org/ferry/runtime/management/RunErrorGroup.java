package org.ferry.runtime.management;

import java.util.List;

/**
 * Errors of a run that share a cause: the same task, leg, field and kind, and a message of the same pattern
 * (the message with its quoted values and numbers left out), so 1,456 "'X' is not a country" make one group.
 *
 * @param task       the task's name, or {@code null} for the run as a whole
 * @param leg        the leg's label, or {@code null}
 * @param field      the field at fault, or {@code null}
 * @param kind       {@code failed}, {@code skipped}, {@code run} or {@code warning}
 * @param message    the pattern in words, with {@code …} where the messages differ
 * @param pattern    identifies the pattern; {@link RunErrorQuery#pattern()} lists the group's errors
 * @param count      how many errors the group holds
 * @param sampleKeys the business keys (or source ids) of its first records, at most five
 * @param example    the first error's message as it was written
 * @since 1.3
 */
public record RunErrorGroup(String task, String leg, String field, String kind, String message, String pattern,
                            long count, List<String> sampleKeys, String example) {
    public RunErrorGroup {
        sampleKeys = sampleKeys == null ? List.of() : List.copyOf(sampleKeys);
    }
}
