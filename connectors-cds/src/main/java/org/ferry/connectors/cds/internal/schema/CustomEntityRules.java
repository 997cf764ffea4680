package org.ferry.connectors.cds.internal.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;

/**
 * Checks a schema offered for a custom entity and completes it the way the hub will store it: text without a
 * length gets {@value #DEFAULT_TEXT_LENGTH} characters, decimals without a scale get four, key fields become
 * required, references name the hub's spelling of their entity, and an organization-scoped entity gets its
 * organization field as a required lookup to Organization.
 */
public final class CustomEntityRules {
    static final int DEFAULT_TEXT_LENGTH = 4000;
    /** Derby's longest VARCHAR. */
    static final int MAX_TEXT_LENGTH = 32672;
    static final int MAX_SCALE = 10;
    static final int MAX_FIELDS = 500;

    private CustomEntityRules() {
    }

    /**
     * @return the schema as the hub will store it
     * @throws ConfigurationException listing every problem, each naming its field
     */
    public static EntitySchema complete(EntitySchema offered, Catalogue catalogue) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = offered.name();
        if (!EntityDefinition.NAME.matcher(name).matches() || name.length() > 64) {
            problems.add(new FieldProblem("name", "'" + name + "' must start with a letter and hold only letters, "
                    + "digits and underscores (at most 64)"));
        } else if (catalogue.find(name).isPresent()) {
            EntityDefinition existing = catalogue.get(name);
            problems.add(new FieldProblem("name", (existing.custom() ? "a custom entity" : "the built-in entity")
                    + " '" + existing.name() + "' exists already; entities cannot be redefined"));
        }
        if (offered.businessKey().isEmpty()) {
            problems.add(new FieldProblem("businessKey", "the hub matches records by business key; name at least one "
                    + "key field"));
        }
        if (offered.fields().size() > MAX_FIELDS) {
            problems.add(new FieldProblem("fields", "at most " + MAX_FIELDS + " fields"));
        }
        String orgField = offered.organizationField();
        List<FieldSchema> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (FieldSchema f : offered.fields()) {
            String path = "fields." + f.name();
            if (!EntityDefinition.NAME.matcher(f.name()).matches()) {
                problems.add(new FieldProblem(path, "a field name must start with a letter and hold only letters, "
                        + "digits and underscores (at most 100)"));
                continue;
            }
            if (!seen.add(f.name().toLowerCase(Locale.ROOT))) {
                problems.add(new FieldProblem(path, "declared twice (names are compared regardless of case)"));
                continue;
            }
            boolean key = offered.businessKey().contains(f.name());
            if (f.name().equals(orgField)) {
                fields.add(organizationLookup(f.name()));
                continue;
            }
            FieldSchema completed = completeField(f, key, orgField != null, catalogue, path, problems);
            if (completed != null) {
                fields.add(completed);
            }
        }
        if (orgField != null && !seen.contains(orgField.toLowerCase(Locale.ROOT))) {
            if (!EntityDefinition.NAME.matcher(orgField).matches()) {
                problems.add(new FieldProblem("organizationField", "'" + orgField + "' is not a usable field name"));
            } else {
                fields.add(organizationLookup(orgField));
            }
        }
        if (orgField != null && offered.businessKey().contains(orgField)) {
            problems.add(new FieldProblem("businessKey", "the organization field scopes the key and cannot be part of it"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new EntitySchema(name, offered.label(), fields, offered.businessKey(), List.of(),
                offered.businessKey(), orgField);
    }

    private static FieldSchema organizationLookup(String name) {
        return FieldSchema.lookup(name, EntityDefinition.ORGANIZATION_ENTITY).withLabel("Organization").asRequired();
    }

    private static FieldSchema completeField(FieldSchema f, boolean key, boolean scoped, Catalogue catalogue,
                                             String path,
                                             List<FieldProblem> problems) {
        Integer maxLength = null;
        Integer scale = null;
        List<String> lookup = List.of();
        switch (f.type()) {
            case TEXT -> {
                maxLength = f.maxLength() == null ? DEFAULT_TEXT_LENGTH : f.maxLength();
                if (maxLength < 1 || maxLength > MAX_TEXT_LENGTH) {
                    problems.add(new FieldProblem(path, "maxLength must be between 1 and " + MAX_TEXT_LENGTH));
                    return null;
                }
            }
            case DECIMAL -> {
                scale = f.scale() == null ? EntityBuilder.MONEY_SCALE : f.scale();
                if (scale < 0 || scale > MAX_SCALE) {
                    problems.add(new FieldProblem(path, "scale must be between 0 and " + MAX_SCALE));
                    return null;
                }
            }
            case REFERENCE -> {
                if (f.lookup().size() != 1) {
                    problems.add(new FieldProblem(path, "a lookup must refer to exactly one entity; the hub resolves "
                            + "it by that entity's business key"));
                    return null;
                }
                EntityDefinition target = catalogue.get(f.lookup().get(0));
                if (target == null) {
                    problems.add(new FieldProblem(path, "refers to '" + f.lookup().get(0) + "', which is not an entity "
                            + "of this environment"));
                    return null;
                }
                if (target.scoped() && !scoped) {
                    problems.add(new FieldProblem(path, "'" + target.name() + "' records belong to an organization, "
                            + "so only an organization-scoped entity can refer to them"));
                    return null;
                }
                lookup = List.of(target.name());
            }
            default -> {
                // booleans, whole numbers, dates and instants need no completion
            }
        }
        if (key && (f.type() == ValueType.BOOLEAN || f.type() == ValueType.DECIMAL || f.type() == ValueType.DATE_TIME)) {
            problems.add(new FieldProblem(path, "a business key field must be text, a whole number, a date or a lookup"));
            return null;
        }
        if (key && f.readOnly()) {
            problems.add(new FieldProblem(path, "a business key field cannot be read-only"));
            return null;
        }
        return new FieldSchema(f.name(), f.label(), f.type(), maxLength, scale, f.required() || key, f.readOnly(),
                lookup);
    }
}
