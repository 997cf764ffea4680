package org.ferry.runtime.management;

/**
 * The counts of one leg of a run.
 *
 * @param source    {@code role:entity} read
 * @param target    {@code role:entity} written
 * @param status    PENDING, RUNNING, DONE, FAILED or SKIPPED
 * @param read      records read from the source
 * @param inserted  records created in the target
 * @param updated   records changed in the target
 * @param unchanged records already up to date (not written, or written without change)
 * @param skipped   records not written: without a business key (each recorded in the errors) or left out by the source filter
 * @param failed    records refused (by a transform or by the target)
 * @param deleted   deletions propagated
 */
public record RunLegInfo(String source, String target, String status, long read, long inserted, long updated,
                         long unchanged, long skipped, long failed, long deleted) {
}
