package org.ferry.api.connector;

import java.util.List;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.organization.OrganizationUnit;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An open connection to one system, made by {@link ConnectorFactory#open}.
 *
 * <p><b>Threading.</b> A connection is used by one run at a time, but within a run the engine may read
 * and write concurrently (a reader thread and up to {@link Capabilities#maxParallelism()} writer threads),
 * so every method must be thread-safe.
 *
 * <p><b>Errors.</b> Methods throw {@link org.ferry.api.error.RetriableException} when the system stayed
 * unavailable through the connector's own bounded retries, {@link org.ferry.api.error.ConnectorException}
 * when the call cannot succeed, and {@link org.ferry.api.error.ConfigurationException} when the
 * connection's configuration or the request names something that does not exist. A failure of one
 * record in a write is not an exception: it is a {@link WriteOutcome.Status#FAILED} outcome.
 *
 * <p><b>Lifecycle.</b> The engine closes every connection it opened, also when the connector's bundle is
 * leaving; after {@link #close()} no other method is called.
 */
@ConsumerType
public interface Connection extends AutoCloseable {

    /** Checks that the system answers and accepts the credentials. Never throws: failures are results. */
    TestResult test();

    /** @return what this connection supports */
    Capabilities capabilities();

    /** @return the entities the connection can read or write, by name */
    List<EntityInfo> listEntities();

    /**
     * @return the entity's fields, keys and organization field
     * @throws org.ferry.api.error.ConfigurationException if the entity does not exist
     */
    EntitySchema describe(String entity);

    /**
     * How incremental reads of one entity work. Systems track changes per table (a Dataverse table has change
     * tracking on or off; an F&amp;O entity may have no modified date-time), so this may say less than
     * {@link Capabilities#changeTracking()}, which describes what the connection can do at best. The engine plans
     * a leg by this answer: with {@link ChangeTracking#NONE} it reads fully every time and compares hashes.
     *
     * @param entity the entity's name
     * @return how changes of this entity can be read; by default the connection's {@link Capabilities#changeTracking()}
     * @throws ConfigurationException if the entity does not exist
     * @since 1.2
     */
    default ChangeTracking changeTracking(String entity) {
        return capabilities().changeTracking();
    }

    /**
     * Checks a source filter against what this system's query language accepts, beyond the common OData
     * subset the engine parses (F&amp;O refuses string functions and compares enums only as typed literals).
     * Called when a task is saved or validated, for connections with {@link Capabilities#filterPushdown()}.
     *
     * @param entity the entity the filter applies to
     * @param filter the filter text, never blank
     * @throws ConfigurationException naming the field {@code filter}, with a message that points at the token
     *         (its text and position) the system would refuse and says what to write instead
     * @since 1.2
     */
    default void validateFilter(String entity, String filter) {
        // the common subset is all this system knows of
    }

    /**
     * The service-protection budgets of the connection's application users, for the API and console. Read from what
     * this server already knows (no request to the service).
     *
     * @return one entry per application user; empty for systems without such budgets (the default)
     * @since 1.3
     */
    default List<UserBudget> budgets() {
        return List.of();
    }

    /** @return the organization units records can be scoped to; empty if the system has none */
    List<OrganizationUnit> organizationUnits();

    /**
     * Starts a read. The returned reader yields pages of records: all records for a full read, or those
     * changed since {@link ReadRequest#checkpoint()} (with deletions if {@link Capabilities#readDeletes()}).
     * Records carry their business key when the entity has one.
     */
    RecordReader read(ReadRequest request);

    /**
     * Creates or updates records by business key: a record whose key exists is updated with the fields it
     * carries, others are created. Idempotent: writing the same batch twice leaves the same state.
     *
     * @param entity       the entity's name
     * @param organization the unit to write into, or {@code null} where the entity is unscoped or the
     *                     records carry their own organization
     * @param records      at most {@link Capabilities#maxBatchSize()} records, each with a business key
     * @return one outcome per record, in order
     */
    List<WriteOutcome> upsert(String entity, OrganizationUnit organization, List<EntityRecord> records);

    /**
     * Deletes records by business key; a key that does not exist counts as deleted. Only called when
     * {@link Capabilities#writeDeletes()} is {@code true}.
     *
     * @return one outcome per key, in order
     */
    List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys);

    /**
     * Creates or updates records addressed by this system's own ids rather than by business key, for entities
     * that have no business key: the engine keeps a key map (source id to id here) and passes each record
     * with {@link EntityRecord#sourceId()} set to the id it maps to, or {@code null} for a record it has not
     * written before. A record without an id is created; a record with an id is updated with the fields it
     * carries; a record whose id no longer exists (deleted here since) is created again. Lookups arrive as
     * {@link org.ferry.api.data.ReferenceValue}s carrying the related record's id here
     * ({@link org.ferry.api.data.ReferenceValue#id()}), or its business key.
     *
     * <p>Only called when {@link Capabilities#writeById()} is {@code true}.
     *
     * @param entity       the entity's name
     * @param organization the unit to write into, or {@code null} where the entity is unscoped
     * @param records      at most {@link Capabilities#maxBatchSize()} records; their business keys may be {@code null}
     * @return one outcome per record, in order, each but {@link WriteOutcome.Status#FAILED} ones carrying
     *         {@link WriteOutcome#id()}: the created record's new id, or the updated record's id
     * @throws ConnectorException by default: the connection cannot write by id
     * @since 1.1
     */
    default List<WriteOutcome> writeById(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        throw new ConnectorException("this connection cannot write records by id");
    }

    /**
     * Deletes records by their ids in this system; an id that does not exist counts as deleted. Only called
     * when {@link Capabilities#writeById()} and {@link Capabilities#writeDeletes()} are {@code true}.
     *
     * @return one outcome per id, in order
     * @throws ConnectorException by default: the connection cannot delete by id
     * @since 1.1
     */
    default List<WriteOutcome> deleteById(String entity, OrganizationUnit organization, List<String> ids) {
        throw new ConnectorException("this connection cannot delete records by id");
    }

    /**
     * Creates a custom entity from a schema, for systems that allow it (the hub). Connections that do not
     * keep this default.
     *
     * @return the entity as the system now describes it
     * @throws ConnectorException if the system cannot create entities
     * @throws ConfigurationException if the schema is not acceptable (name taken, unsupported type)
     */
    default EntitySchema createEntity(EntitySchema schema) {
        throw new ConnectorException("this connection cannot create entities");
    }

    /** @return the administrative actions this connection offers; empty by default */
    default List<ConnectionAction> actions() {
        return List.of();
    }

    /**
     * Performs one of {@link #actions()}.
     *
     * @return a message saying what was done, for the user
     * @throws ConfigurationException if there is no such action
     */
    default String perform(String action) {
        throw new ConfigurationException("action", "unknown action '" + action + "'");
    }

    /** Releases the connection's resources; never throws. */
    @Override
    void close();
}
