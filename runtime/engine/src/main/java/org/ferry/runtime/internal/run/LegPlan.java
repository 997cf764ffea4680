package org.ferry.runtime.internal.run;

import java.util.List;
import java.util.Map;

import org.ferry.api.connector.Capabilities;
import org.ferry.api.connector.ChangeTracking;
import org.ferry.api.connector.Connection;
import org.ferry.api.organization.OrganizationMapper;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.internal.filter.Filter;
import org.ferry.runtime.internal.mapping.LegMapping;

/**
 * A leg ready to run: validated, its connections open, its mapping compiled, its organization units found.
 *
 * @param task        the task's name
 * @param leg         the leg as defined
 * @param legKey      identifies the leg's checkpoint and hashes; changes when the leg's endpoints change
 * @param source      the open source connection
 * @param target      the open target connection
 * @param sourceCaps  the source's capabilities
 * @param targetCaps  the target's capabilities
 * @param mapping     the compiled mapping
 * @param mapper      the organization mapper
 * @param orgMapping  the project's organization mapping
 * @param sourceUnit  the unit read from, or {@code null} for all
 * @param targetUnits the target's units by id (to pass the unit object a record is routed to)
 * @param filter      the source filter the engine applies itself (when the source cannot), or {@code null}
 * @param keyMapPair  for a key-map leg, what its key map maps; {@code null} on a business-key leg
 * @param tracking    how changes of the source entity can be read (per entity: a table may lack change tracking)
 * @param readFields  the source fields the leg reads (empty: all)
 * @param lookupKeys  per source lookup field, per related entity, the key fields the leg reads through it
 */
record LegPlan(String task, LegTemplate leg, String legKey, Connection source, Connection target, Capabilities sourceCaps,
               Capabilities targetCaps, LegMapping mapping, OrganizationMapper mapper, OrganizationMapping orgMapping,
               OrganizationUnit sourceUnit, Map<String, OrganizationUnit> targetUnits, Filter filter,
               org.ferry.runtime.internal.keymap.KeyMapPair keyMapPair, ChangeTracking tracking, List<String> readFields,
               Map<String, Map<String, List<String>>> lookupKeys) {

    String label() {
        return leg.sourceRole() + ":" + leg.sourceEntity() + " -> " + leg.targetRole() + ":" + leg.targetEntity();
    }

    /**
     * @return how many records go to the target in one call: as many as it takes, up to {@value #MAX_BATCH}, since a
     *         call is its unit of work (an F&amp;O data package of 10,000 records spreads its import job's fixed cost; a
     *         Dataverse call spreads over every request the service allows at once)
     */
    int batchSize() {
        return Math.max(1, Math.min(targetCaps.maxBatchSize(), MAX_BATCH));
    }

    static final int MAX_BATCH = 10_000;

    boolean propagatesDeletes() {
        return leg.deletes() && sourceCaps.readDeletes() && tracking != ChangeTracking.NONE && removesDownstream();
    }

    /**
     * @param checkpoint where to read from, or {@code null} for everything
     * @param filter     the filter to push down, or {@code null}
     * @return the read this leg makes: only the fields it maps, its lookups by the keys it reads them by
     */
    org.ferry.api.connector.ReadRequest readRequest(String checkpoint, String filter, int pageSize) {
        return new org.ferry.api.connector.ReadRequest(leg.sourceEntity(), readFields, sourceUnit, checkpoint, filter,
                pageSize, lookupKeys);
    }

    /** Whether the target can lose records: deleted, or deactivated through an ordinary write. */
    boolean removesDownstream() {
        return targetCaps.writeDeletes() || mapping.deactivation() != null;
    }

    OrganizationUnit targetUnit(String id) {
        if (id == null) {
            return null;
        }
        OrganizationUnit unit = targetUnits.get(id);
        return unit != null ? unit : new OrganizationUnit(id, id, OrganizationUnit.Kind.OTHER, null);
    }
}
