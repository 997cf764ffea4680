package org.ferry.runtime.management;

import java.util.Map;

/**
 * One source record run through a leg's mapping and transforms without writing anything.
 *
 * @param leg         {@code role:entity -> role:entity}
 * @param source      the source record's values in text form
 * @param mapped      what would be written, in text form; empty when the record fails or is skipped
 * @param businessKey the destination business key, or {@code null}
 * @param status      {@code ok}, {@code skipped} (no business key, or left out by the filter) or {@code failed}
 * @param field       the field at fault, or {@code null}
 * @param message     why it would be skipped or fail, or {@code null}
 */
public record PreviewRecord(String leg, Map<String, String> source, Map<String, String> mapped, String businessKey,
                            String status, String field, String message) {
}
