package org.ferry.api.template;

import java.util.List;
import java.util.Objects;

/**
 * One leg of a task: records of {@code sourceEntity} in the {@code sourceRole} connection are mapped and
 * upserted into {@code targetEntity} in the {@code targetRole} connection.
 *
 * @param sourceRole   the connection role read from
 * @param sourceEntity the entity read
 * @param targetRole   the connection role written to
 * @param targetEntity the entity written
 * @param mappings     the field mappings
 * @param filter       an OData-style source filter, or {@code null}
 * @param businessKey  the target fields that identify a record; empty to use the target entity's business key
 * @param deletes      whether deletions seen at the source are propagated to the target
 * @param keyMap       whether records are matched through a key map the engine keeps (source record id to
 *                     target record id, per organization) instead of by business key: created on first
 *                     sight, updated through the map afterwards; the target must support
 *                     {@link org.ferry.api.connector.Capabilities#writeById()} (since 1.1)
 * @param deactivation with {@code deletes}, how to mark a record deleted at the source instead of deleting it
 *                     downstream (the target then need not support deletes), or {@code null} to delete (since 1.1)
 */
public record LegTemplate(String sourceRole, String sourceEntity, String targetRole, String targetEntity,
                          List<FieldMapping> mappings, String filter, List<String> businessKey, boolean deletes,
                          boolean keyMap, Deactivation deactivation) {
    public LegTemplate {
        Objects.requireNonNull(sourceRole, "sourceRole");
        Objects.requireNonNull(sourceEntity, "sourceEntity");
        Objects.requireNonNull(targetRole, "targetRole");
        Objects.requireNonNull(targetEntity, "targetEntity");
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        businessKey = businessKey == null ? List.of() : List.copyOf(businessKey);
    }

    /** A leg that deletes downstream what was deleted at the source. */
    public LegTemplate(String sourceRole, String sourceEntity, String targetRole, String targetEntity,
                       List<FieldMapping> mappings, String filter, List<String> businessKey, boolean deletes,
                       boolean keyMap) {
        this(sourceRole, sourceEntity, targetRole, targetEntity, mappings, filter, businessKey, deletes, keyMap, null);
    }

    /** A leg matched by business key, as templates built against 1.0 define it. */
    public LegTemplate(String sourceRole, String sourceEntity, String targetRole, String targetEntity,
                       List<FieldMapping> mappings, String filter, List<String> businessKey, boolean deletes) {
        this(sourceRole, sourceEntity, targetRole, targetEntity, mappings, filter, businessKey, deletes, false);
    }
}
