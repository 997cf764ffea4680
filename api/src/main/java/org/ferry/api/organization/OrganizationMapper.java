package org.ferry.api.organization;

import org.ferry.api.data.EntityRecord;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides which organization unit a leg reads from and which unit each record is written to.
 *
 * <p>Registered as a service with the {@link #NAME} property; a project names the mapper it uses
 * ({@value #DEFAULT} unless set). The built-in mapper takes both answers from the project's
 * {@link OrganizationMapping}; a partner mapper may route records by their content instead (one legal
 * entity per country, say).
 *
 * <p>Threading: called from run threads, possibly concurrently for different runs; implementations
 * must be thread-safe and should not block. Lifecycle: the engine looks the mapper up when a run
 * starts; if it leaves during the run, the run ends INTERRUPTED.
 */
@ConsumerType
public interface OrganizationMapper {
    /** Service property: the mapper's name, as projects refer to it. */
    String NAME = "ferry.organization.mapper";

    /** The name of the built-in mapper that reads the connection set's mapping. */
    String DEFAULT = "connection-set";

    /**
     * The unit a leg reads from.
     *
     * @param mapping    the project's organization mapping
     * @param sourceRole the connection role the leg reads from
     * @return the unit id, or {@code null} to read every unit the connection can see
     */
    String sourceUnit(OrganizationMapping mapping, String sourceRole);

    /**
     * The unit one record is written to.
     *
     * @param mapping    the project's organization mapping
     * @param sourceRole the role the record was read from
     * @param record     the record as read (its {@link EntityRecord#organization()} says where it came from)
     * @param targetRole the role it is written to
     * @return the unit id, or {@code null} to write it unscoped
     * @throws org.ferry.api.error.RecordException if this record cannot be routed; it is kept in the run's errors
     */
    String targetUnit(OrganizationMapping mapping, String sourceRole, EntityRecord record, String targetRole);
}
