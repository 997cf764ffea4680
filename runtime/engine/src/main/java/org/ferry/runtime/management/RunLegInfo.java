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
 * @param total     how many records the source said this read would return, or {@code null} where it gave no count
 *                  (then only the records so far are known)
 * @param note      why the leg did what it did when that is not obvious from its counts (a replay's leg left out
 *                  because none of its records had failed), or {@code null}
 * @since 1.3 (total, note)
 */
public record RunLegInfo(String source, String target, String status, long read, long inserted, long updated,
                         long unchanged, long skipped, long failed, long deleted, Long total, String note) {

    public RunLegInfo(String source, String target, String status, long read, long inserted, long updated,
                      long unchanged, long skipped, long failed, long deleted) {
        this(source, target, status, read, inserted, updated, unchanged, skipped, failed, deleted, null, null);
    }
}
