package org.ferry.runtime.internal.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ferry.api.connector.Connection;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.runtime.internal.mapping.SourcePath;
import org.ferry.runtime.internal.mapping.SourceReads;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ValidationProblem;

/**
 * The pre-flight of keys, made at validate time so a run never meets them record by record: every entity a leg writes
 * by business key can be found by that key (an Active alternate key, the system's own key, or an integration key the
 * admin named in the connection set), and every lookup a mapping reads has a key to read it by. Real services have
 * few alternate keys ("most Dataverse tables won't have alternate keys unless they have been customized"), so these
 * problems say which key is missing and how to add it in the connection set.
 */
final class KeyChecks {
    private final String task;
    private final String label;
    private final ConnectionSetInfo set;
    private final List<ValidationProblem> problems;
    private final Map<String, EntitySchema> described = new LinkedHashMap<>();

    KeyChecks(String task, String label, ConnectionSetInfo set, List<ValidationProblem> problems) {
        this.task = task;
        this.label = label;
        this.set = set;
        this.problems = problems;
    }

    /**
     * A write by business key finds records by those fields: the system must know them as a key, or the admin must
     * have said in the connection set that they identify records (an integration key), since without an alternate key
     * nothing in the system keeps them unique.
     */
    void targetKeyIsWritable(String role, EntitySchema target, List<String> keyFields) {
        if (keyFields.isEmpty()) {
            return;
        }
        Set<String> key = new HashSet<>(keyFields);
        List<String> withoutOrganization = new ArrayList<>(target.primaryKey());
        withoutOrganization.remove(target.organizationField());
        boolean writable = key.equals(new HashSet<>(target.businessKey()))
                || target.alternateKeys().stream().anyMatch(k -> key.equals(new HashSet<>(k)))
                || key.equals(new HashSet<>(target.primaryKey())) || key.equals(new HashSet<>(withoutOrganization))
                || key.equals(new HashSet<>(set.integrationKey(role, target.name())));
        if (!writable) {
            problems.add(new ValidationProblem(task, label, "businessKey", target.name() + " of the '" + role
                    + "' connection has no Active alternate key on (" + String.join(", ", keyFields) + ") and the"
                    + " connection set names no integration key for it: add " + String.join(" + ", keyFields)
                    + " as the integration key of " + target.name() + " for '" + role + "' in the connection set"
                    + " (Integration keys), or define an alternate key on those fields in the system"));
        }
    }

    /**
     * Checks the lookups a leg reads at its source and says by which fields each is read: the fields a
     * {@code lookup.Field} path names, and for a lookup mapped as a reference, the connection set's integration key
     * of the related entity (else the connector's default, its alternate key).
     *
     * @param needKeys whether a reference must carry its related record's key (not on key-map legs, which follow ids)
     * @return per lookup field, per related entity, the fields to read
     */
    Map<String, Map<String, List<String>>> sourceLookups(String role, Connection source, EntitySchema schema,
                                                         SourceReads reads, boolean needKeys) {
        Map<String, Map<String, List<String>>> keys = new LinkedHashMap<>();
        reads.lookupFields(schema).forEach((field, byEntity) -> {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            byEntity.forEach((e, fields) -> copy.put(e, new ArrayList<>(fields)));
            keys.put(field, copy);
        });
        for (SourcePath path : reads.paths()) {
            FieldSchema f = schema.field(path.field()).orElse(null);
            if (f == null || f.type() != ValueType.REFERENCE) {
                continue;
            }
            if (path.isLookup()) {
                path.relatedFields(f.lookup()).forEach((entity, field) -> {
                    EntitySchema related = describe(source, entity);
                    if (related != null && related.field(field).isEmpty()) {
                        problems.add(new ValidationProblem(task, label, path.toString(), "'" + path + "' reads '" + field
                                + "' of " + entity + ", which is not a field of " + entity + " in the '" + role
                                + "' connection"));
                    }
                });
            } else {
                referenceKeys(role, source, f, keys, needKeys, path.toString());
            }
        }
        for (String k : schema.businessKey()) {
            schema.field(k).filter(f -> f.type() == ValueType.REFERENCE)
                    .ifPresent(f -> referenceKeys(role, source, f, keys, false, k));
        }
        return keys;
    }

    private void referenceKeys(String role, Connection source, FieldSchema f, Map<String, Map<String, List<String>>> keys,
                               boolean needKeys, String mappedAs) {
        boolean anyKey = false;
        for (String entity : f.lookup()) {
            List<String> integration = set.integrationKey(role, entity);
            if (!integration.isEmpty()) {
                List<String> fields = keys.computeIfAbsent(f.name(), x -> new LinkedHashMap<>())
                        .computeIfAbsent(entity, x -> new ArrayList<>());
                integration.stream().filter(i -> !fields.contains(i)).forEach(fields::add);
                anyKey = true;
            } else {
                EntitySchema related = describe(source, entity);
                anyKey |= related == null || !related.businessKey().isEmpty();
            }
        }
        if (needKeys && !anyKey && !f.lookup().isEmpty()) {
            problems.add(new ValidationProblem(task, label, mappedAs, "lookup '" + f.name() + "' refers to "
                    + String.join(" or ", f.lookup()) + ", which has no alternate key in the '" + role + "' connection:"
                    + " name the field that identifies " + String.join(" or ", f.lookup()) + " records as its integration"
                    + " key for '" + role + "' in the connection set (Integration keys), or read a field of it ('"
                    + f.name() + ".field')"));
        }
    }

    /** @return the related entity as its system describes it, or null when it cannot be (the read reports that) */
    private EntitySchema describe(Connection c, String entity) {
        if (!described.containsKey(entity)) {
            EntitySchema s;
            try {
                s = c.describe(entity);
            } catch (RuntimeException e) {
                s = null;
            }
            described.put(entity, s);
        }
        return described.get(entity);
    }
}
