package org.ferry.api.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ferry.api.organization.OrganizationUnit;

/**
 * What to read.
 *
 * @param entity       the entity's logical name
 * @param fields       the fields the run needs; empty means all fields. A connection to a remote service should
 *                     select no more than these, its keys and what its change tracking needs ("do not retrieve all
 *                     columns"), and resolve only the lookups among them, so a related table no field here refers to
 *                     is never queried; records may carry more fields than asked for.
 * @param organization the organization unit to read from, or {@code null} for every unit the connection
 *                     can see (F&amp;O {@code cross-company=true})
 * @param checkpoint   the checkpoint a previous read returned, to read only what changed since; {@code null}
 *                     for a full read. Ignored by connections without change tracking. A checkpoint the system
 *                     no longer accepts is reported with {@link org.ferry.api.error.CheckpointExpiredException}.
 * @param filter       an OData-style filter ({@code statecode eq 0 and revenue gt 1000}) to push down when
 *                     {@link Capabilities#filterPushdown()} is {@code true}, or {@code null}
 * @param pageSize     the preferred number of records per page; the connection may use fewer
 * @param lookupKeys   per lookup field, per entity it may refer to, the fields of the related record the run reads
 *                     through it: the {@link org.ferry.api.data.ReferenceValue#key() key} of each reference the
 *                     reader returns for that field carries these fields (the connection set's integration key, or
 *                     the fields a mapping names as {@code lookup.Field}), whether or not the related table has an
 *                     alternate key on them. A lookup field not named here is resolved the connection's default
 *                     way (by the related record's business key). Never {@code null}. (Since 1.2.)
 */
public record ReadRequest(String entity, List<String> fields, OrganizationUnit organization, String checkpoint,
                          String filter, int pageSize, Map<String, Map<String, List<String>>> lookupKeys) {
    public ReadRequest {
        Objects.requireNonNull(entity, "entity");
        fields = fields == null ? List.of() : List.copyOf(fields);
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        if (lookupKeys != null) {
            lookupKeys.forEach((field, byEntity) -> {
                Map<String, List<String>> inner = new LinkedHashMap<>();
                byEntity.forEach((related, keyFields) -> inner.put(related, List.copyOf(keyFields)));
                copy.put(field, java.util.Collections.unmodifiableMap(inner));
            });
        }
        lookupKeys = java.util.Collections.unmodifiableMap(copy);
    }

    /** A read whose lookups are resolved the connection's default way, as requests built against 1.1 are. */
    public ReadRequest(String entity, List<String> fields, OrganizationUnit organization, String checkpoint,
                       String filter, int pageSize) {
        this(entity, fields, organization, checkpoint, filter, pageSize, Map.of());
    }

    /** A full read of all fields of an entity in every organization unit. */
    public static ReadRequest full(String entity, int pageSize) {
        return new ReadRequest(entity, List.of(), null, null, null, pageSize, Map.of());
    }

    /**
     * @return the key fields the run reads through {@code field} when it refers to {@code related}, or an empty
     *         list when the request leaves that to the connection
     * @since 1.2
     */
    public List<String> lookupKey(String field, String related) {
        Map<String, List<String>> byEntity = lookupKeys.get(field);
        if (byEntity == null) {
            return List.of();
        }
        for (Map.Entry<String, List<String>> e : byEntity.entrySet()) {
            if (e.getKey().equalsIgnoreCase(related)) {
                return e.getValue();
            }
        }
        return List.of();
    }

    /** @return this request with another checkpoint, such as {@code null} to start over with a full read (since 1.2) */
    public ReadRequest withCheckpoint(String newCheckpoint) {
        return new ReadRequest(entity, fields, organization, newCheckpoint, filter, pageSize, lookupKeys);
    }
}
