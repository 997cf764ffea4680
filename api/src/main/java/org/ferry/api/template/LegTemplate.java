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
 */
public record LegTemplate(String sourceRole, String sourceEntity, String targetRole, String targetEntity,
                          List<FieldMapping> mappings, String filter, List<String> businessKey, boolean deletes) {
    public LegTemplate {
        Objects.requireNonNull(sourceRole, "sourceRole");
        Objects.requireNonNull(sourceEntity, "sourceEntity");
        Objects.requireNonNull(targetRole, "targetRole");
        Objects.requireNonNull(targetEntity, "targetEntity");
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        businessKey = businessKey == null ? List.of() : List.copyOf(businessKey);
    }
}
