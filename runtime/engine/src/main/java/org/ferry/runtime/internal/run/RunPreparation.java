package org.ferry.runtime.internal.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ferry.api.connector.Connection;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.organization.OrganizationMapper;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.internal.filter.Filter;
import org.ferry.runtime.internal.filter.FilterException;
import org.ferry.runtime.internal.keymap.KeyMapPair;
import org.ferry.runtime.internal.mapping.LegMapping;
import org.ferry.runtime.internal.mapping.MappingProblem;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.ValidationProblem;

/**
 * The checks a run makes before it moves anything, the Data Integrator's list: connections present
 * and their connectors deployed, the right company or business unit, entities and fields that exist,
 * mapped types that fit, mandatory destination fields mapped or defaulted, no duplicate or incomplete
 * mappings, business keys defined. What passes is returned ready to run, connections open.
 */
final class RunPreparation implements AutoCloseable {
    /** A task's legs, ready. */
    record PreparedTask(ProjectTask task, List<LegPlan> legs) {
    }

    private final Map<String, Connection> open = new LinkedHashMap<>();
    private final Map<String, Optional<List<OrganizationUnit>>> units = new LinkedHashMap<>();
    private final List<ValidationProblem> problems = new ArrayList<>();
    private final List<PreparedTask> tasks = new ArrayList<>();

    private final RunEnvironment env;
    private final ProjectInfo project;
    private final ConnectionSetInfo set;

    private RunPreparation(RunEnvironment env, ProjectInfo project, ConnectionSetInfo set) {
        this.env = env;
        this.project = project;
        this.set = set;
    }

    /** Prepares every leg; the caller closes the result, which closes the connections. */
    static RunPreparation prepare(RunEnvironment env, ProjectInfo project, ConnectionSetInfo set) {
        RunPreparation p = new RunPreparation(env, project, set);
        try {
            p.prepareAll();
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    List<ValidationProblem> problems() {
        return problems;
    }

    List<PreparedTask> tasks() {
        return tasks;
    }

    /** @return the connector types the run uses, to tell whether one left during the run */
    List<String> connectorTypes() {
        return open.keySet().stream().map(role -> env.connectorType(set.connections().get(role))).toList();
    }

    private void prepareAll() {
        if (project.tasks().isEmpty()) {
            problems.add(new ValidationProblem(null, null, null, "the project has no tasks"));
        }
        OrganizationMapping mapping = organizationMapping();
        OrganizationMapper mapper = env.organizationMapper(OrganizationMapper.DEFAULT).orElse(null);
        if (mapper == null) {
            problems.add(new ValidationProblem(null, null, null, "the organization mapper '" + OrganizationMapper.DEFAULT
                    + "' is not deployed"));
        }
        for (ProjectTask task : project.tasks()) {
            List<LegPlan> legs = new ArrayList<>();
            if (task.legs().isEmpty()) {
                problems.add(new ValidationProblem(task.name(), null, null, "the task has no legs"));
            }
            for (int i = 0; i < task.legs().size(); i++) {
                LegPlan plan = prepareLeg(task, i, task.legs().get(i), mapping, mapper);
                if (plan != null) {
                    legs.add(plan);
                }
            }
            tasks.add(new PreparedTask(task, legs));
        }
    }

    private LegPlan prepareLeg(ProjectTask task, int index, LegTemplate leg, OrganizationMapping mapping,
                               OrganizationMapper mapper) {
        String label = leg.sourceRole() + ":" + leg.sourceEntity() + " -> " + leg.targetRole() + ":" + leg.targetEntity();
        int before = problems.size();
        Connection source = connection(task, label, leg.sourceRole());
        Connection target = connection(task, label, leg.targetRole());
        if (source == null || target == null) {
            return null;
        }
        EntitySchema sourceSchema = describe(task, label, leg.sourceRole(), source, leg.sourceEntity());
        EntitySchema targetSchema = describe(task, label, leg.targetRole(), target, leg.targetEntity());
        OrganizationUnit sourceUnit = unit(task, label, leg.sourceRole(), source, mapping);
        Map<String, OrganizationUnit> targetUnits = new LinkedHashMap<>();
        units.get(leg.targetRole()).ifPresent(list -> list.forEach(u -> targetUnits.put(u.id(), u)));
        unit(task, label, leg.targetRole(), target, mapping);
        if (sourceSchema == null || targetSchema == null) {
            return null;
        }
        var sourceCaps = source.capabilities();
        var targetCaps = target.capabilities();
        Filter engineFilter = null;
        if (leg.filter() != null && !leg.filter().isBlank()) {
            try {
                Filter parsed = Filter.parse(leg.filter(), sourceSchema);
                engineFilter = sourceCaps.filterPushdown() ? null : parsed;
            } catch (FilterException e) {
                problems.add(new ValidationProblem(task.name(), label, "filter", e.getMessage()));
            }
        }
        if (leg.filter() != null && !leg.filter().isBlank() && sourceCaps.filterPushdown()) {
            try {
                source.validateFilter(leg.sourceEntity(), leg.filter());
            } catch (ConfigurationException e) {
                e.problems().forEach(p -> problems.add(new ValidationProblem(task.name(), label, "filter", p.message())));
            } catch (RuntimeException e) {
                problems.add(new ValidationProblem(task.name(), label, "filter", "the '" + leg.sourceRole()
                        + "' connection could not check the filter: " + LegRunner.message(e)));
            }
        }
        LegTemplate keyed = withIntegrationKey(leg);
        LegMapping.Compiled compiled = LegMapping.compile(keyed, sourceSchema, targetSchema, env::transform,
                entity -> relatedKey(target, leg.targetRole(), entity));
        for (MappingProblem p : compiled.problems()) {
            problems.add(new ValidationProblem(task.name(), label, p.field(), p.message()));
        }
        KeyChecks keyChecks = new KeyChecks(task.name(), label, set, problems);
        if (compiled.mapping() != null && !leg.keyMap()) {
            keyChecks.targetKeyIsWritable(leg.targetRole(), targetSchema, compiled.mapping().keyFields());
        }
        Map<String, Map<String, List<String>>> lookupKeys = compiled.mapping() == null ? Map.of()
                : keyChecks.sourceLookups(leg.sourceRole(), source, sourceSchema, compiled.mapping().reads(), !leg.keyMap());
        if (leg.keyMap() && !targetCaps.writeById()) {
            problems.add(new ValidationProblem(task.name(), label, "keyMap", "the '" + leg.targetRole() + "' connection ("
                    + env.connectorType(set.connections().get(leg.targetRole())) + ") cannot write records by id, so this"
                    + " leg cannot sync through a key map; match it by business key"));
        }
        if (problems.size() > before) {
            return null;
        }
        KeyMapPair pair = leg.keyMap() ? new KeyMapPair(set.connections().get(leg.sourceRole()), leg.sourceEntity(),
                set.connections().get(leg.targetRole()), leg.targetEntity()) : null;
        String legKey = String.join("/", task.id() == null ? task.name() : task.id(), Integer.toString(index), label,
                String.valueOf(mapping.unit(leg.sourceRole()).orElse("*")), String.valueOf(mapping.unit(leg.targetRole()).orElse("*")));
        List<String> readFields = new ArrayList<>();
        if (engineFilter == null) {
            // what the leg maps, and the source's key (what identifies its records in messages and deletions)
            readFields.addAll(compiled.mapping().reads().fields());
            sourceSchema.businessKey().stream().filter(f -> !readFields.contains(f)).forEach(readFields::add);
        }
        return new LegPlan(task.name(), leg, legKey, source, target, sourceCaps, targetCaps, compiled.mapping(), mapper,
                mapping, sourceUnit, targetUnits, engineFilter, pair, tracking(source, leg.sourceEntity(), sourceCaps),
                List.copyOf(readFields), lookupKeys);
    }

    /** A leg without business key fields of its own is keyed by the connection set's integration key of its target. */
    private LegTemplate withIntegrationKey(LegTemplate leg) {
        List<String> integration = set.integrationKey(leg.targetRole(), leg.targetEntity());
        if (!leg.businessKey().isEmpty() || leg.keyMap() || integration.isEmpty()) {
            return leg;
        }
        return new LegTemplate(leg.sourceRole(), leg.sourceEntity(), leg.targetRole(), leg.targetEntity(), leg.mappings(),
                leg.filter(), integration, leg.deletes(), leg.keyMap(), leg.deactivation());
    }

    /** How changes of the source entity can be read: the connection says per entity (a table may not track them). */
    private static org.ferry.api.connector.ChangeTracking tracking(Connection source, String entity,
                                                                   org.ferry.api.connector.Capabilities caps) {
        try {
            return source.changeTracking(entity);
        } catch (RuntimeException e) {
            return caps.changeTracking();
        }
    }

    private OrganizationMapping organizationMapping() {
        String name = project.organizationMapping();
        if (name == null || name.isBlank()) {
            return new OrganizationMapping("", Map.of());
        }
        for (OrganizationMapping m : set.organizationMappings()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        problems.add(new ValidationProblem(null, null, "organizationMapping", "the connection set has no organization"
                + " mapping named '" + name + "'"));
        return new OrganizationMapping(name, Map.of());
    }

    private Connection connection(ProjectTask task, String label, String role) {
        if (open.containsKey(role)) {
            return open.get(role);
        }
        String id = set.connections().get(role);
        if (id == null) {
            problems.add(new ValidationProblem(task.name(), label, null, "the connection set has no '" + role + "' connection"));
            open.put(role, null);
            return null;
        }
        try {
            String type = env.connectorType(id);
            if (!env.deployed(type)) {
                throw new ConfigurationException("type", "connector type '" + type + "' is not deployed");
            }
            Connection c = env.open(id);
            open.put(role, c);
            units.put(role, organizationUnits(c));
            return c;
        } catch (RuntimeException e) {
            problems.add(new ValidationProblem(task.name(), label, null, "the '" + role + "' connection cannot be opened: "
                    + LegRunner.message(e)));
            open.put(role, null);
            return null;
        }
    }

    private static Optional<List<OrganizationUnit>> organizationUnits(Connection c) {
        try {
            return Optional.of(c.organizationUnits());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private EntitySchema describe(ProjectTask task, String label, String role, Connection c, String entity) {
        try {
            return c.describe(entity);
        } catch (RuntimeException e) {
            problems.add(new ValidationProblem(task.name(), label, null, "entity '" + entity + "' of the '" + role
                    + "' connection: " + LegRunner.message(e)));
            return null;
        }
    }

    /** Checks the mapping's unit for a role exists in that system, listing the valid ones when not. */
    private OrganizationUnit unit(ProjectTask task, String label, String role, Connection c, OrganizationMapping mapping) {
        Optional<String> id = mapping.unit(role);
        if (id.isEmpty()) {
            return null;
        }
        Optional<List<OrganizationUnit>> known = units.getOrDefault(role, Optional.empty());
        if (known.isEmpty() || known.get().isEmpty()) {
            return new OrganizationUnit(id.get(), id.get(), OrganizationUnit.Kind.OTHER, null);
        }
        for (OrganizationUnit u : known.get()) {
            if (u.id().equalsIgnoreCase(id.get())) {
                return u;
            }
        }
        String valid = String.join(", ", known.get().stream().map(OrganizationUnit::id).toList());
        problems.add(new ValidationProblem(task.name(), label, "organizationMapping", "'" + id.get()
                + "' is not an organization of the '" + role + "' connection; valid: " + valid));
        return null;
    }

    private List<String> relatedKey(Connection target, String role, String entity) {
        List<String> configured = set.integrationKey(role, entity);
        if (!configured.isEmpty()) {
            return configured;
        }
        try {
            return target.describe(entity).businessKey();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        for (Connection c : open.values()) {
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException ignored) {
                    // closing must not hide the run's own outcome
                }
            }
        }
    }
}
