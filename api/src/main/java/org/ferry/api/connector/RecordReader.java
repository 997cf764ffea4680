package org.ferry.api.connector;

import java.util.List;

import org.ferry.api.data.EntityRecord;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A read in progress: pages of records, then the checkpoint to resume from next time.
 *
 * <p>Used by one thread at a time; the engine reads pages on a reader thread while it writes earlier
 * pages elsewhere, so a reader must not share mutable state with writes of the same connection.
 * The engine always closes it, also when it stops early (a cancelled run); closing releases the
 * underlying request.
 */
@ConsumerType
public interface RecordReader extends AutoCloseable {

    /**
     * Reads the next page. May block on I/O.
     *
     * @return the next page of records (may be empty while more are to come), or {@code null} when the
     *         read is complete
     * @throws org.ferry.api.error.RetriableException when the system stayed unavailable through the
     *         connector's own retries
     * @throws org.ferry.api.error.ConnectorException when the read cannot go on
     */
    List<EntityRecord> nextPage();

    /**
     * The checkpoint that covers everything this reader returned: passing it to a later
     * {@link ReadRequest#checkpoint()} returns only what changed after this read began. Called only after
     * {@link #nextPage()} returned {@code null}.
     *
     * @return an opaque token (a delta link, a watermark) or {@code null} if the connection has no change
     *         tracking
     */
    String checkpoint();

    /**
     * What the run should know about how this read went, in words for an admin: a table without change tracking
     * read fully instead, a user without organization-level read, a service that gave no delta link. The engine
     * records each as a warning of the run once; none of them fails the read. Called after {@link #nextPage()}
     * returned {@code null}, or after it threw.
     *
     * @return the warnings, in the order they arose; empty by default
     * @since 1.2
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * How many records this read will return, where the system says so cheaply (an OData {@code $count}, a
     * {@code COUNT} in a database, the lines of a file), so the console can show done, total, percentage and time
     * left; without it the console shows the records so far. The engine calls it once, on the reading thread,
     * after the first {@link #nextPage()} returned a page, and only for progress: a wrong count never changes what
     * is read or written. A count the system caps (Dataverse stops counting at 5,000) is not a total: return empty.
     *
     * @return the expected number of records (deletions included), or empty when unknown; empty by default
     * @since 1.3
     */
    default java.util.OptionalLong estimatedTotal() {
        return java.util.OptionalLong.empty();
    }

    /** Releases the read; never throws. */
    @Override
    void close();
}
