package org.ferry.runtime.internal.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.error.RecordException;
import org.ferry.runtime.internal.mapping.LegMapping;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.PreviewRecord;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.ValidationProblem;

/**
 * A dry run of one task: the first records of each leg's source, mapped and transformed as a run would,
 * with the error each would hit; nothing is written and no checkpoint moves. The second leg of a task
 * previews what its source (the hub) holds now.
 */
final class Previewer {
    static final int MAX_LIMIT = 200;

    private Previewer() {
    }

    static List<PreviewRecord> preview(RunEnvironment env, ProjectInfo project, ConnectionSetInfo set, ProjectTask task,
                                       int limit) {
        int n = Math.max(1, Math.min(MAX_LIMIT, limit));
        ProjectInfo single = new ProjectInfo(project.id(), project.name(), project.template(), project.connectionSet(),
                project.organizationMapping(), project.consent(), List.of(task), project.errorTolerance(),
                project.createdAt(), project.updatedAt());
        try (RunPreparation prepared = RunPreparation.prepare(env, single, set)) {
            if (!prepared.problems().isEmpty()) {
                List<FieldProblem> problems = new ArrayList<>();
                for (ValidationProblem p : prepared.problems()) {
                    problems.add(new FieldProblem(p.field(), (p.leg() == null ? "" : p.leg() + ": ") + p.message()));
                }
                throw new ConfigurationException(problems);
            }
            List<PreviewRecord> result = new ArrayList<>();
            for (LegPlan plan : prepared.tasks().get(0).legs()) {
                result.addAll(previewLeg(plan, n));
            }
            return result;
        }
    }

    private static List<PreviewRecord> previewLeg(LegPlan plan, int limit) {
        String filter = plan.sourceCaps().filterPushdown() ? plan.leg().filter() : null;
        List<PreviewRecord> result = new ArrayList<>();
        // every field, to show the whole source record, and the lookups by the keys the leg reads them by
        try (RecordReader reader = plan.source().read(new ReadRequest(plan.leg().sourceEntity(), List.of(), plan.sourceUnit(),
                null, filter, limit, plan.lookupKeys()))) {
            List<EntityRecord> page;
            while (result.size() < limit && (page = reader.nextPage()) != null) {
                for (EntityRecord r : page) {
                    if (result.size() >= limit) {
                        break;
                    }
                    if (!r.deleted()) {
                        result.add(previewRecord(plan, r));
                    }
                }
            }
        }
        return result;
    }

    private static PreviewRecord previewRecord(LegPlan plan, EntityRecord record) {
        Map<String, String> source = text(record);
        if (plan.filter() != null && !plan.filter().test(record)) {
            return new PreviewRecord(plan.label(), source, Map.of(), null, "skipped", "filter", "left out by the source filter");
        }
        try {
            String unit = plan.mapper().targetUnit(plan.orgMapping(), plan.leg().sourceRole(), record, plan.leg().targetRole());
            LegMapping.Result result = plan.mapping().map(record, unit);
            if (result instanceof LegMapping.Skipped s) {
                return new PreviewRecord(plan.label(), source, Map.of(), null, "skipped", s.field(), s.reason());
            }
            EntityRecord mapped = ((LegMapping.Mapped) result).record();
            return new PreviewRecord(plan.label(), source, text(mapped), mapped.key() == null ? null : mapped.key().asText(), "ok", null, null);
        } catch (RecordException e) {
            return new PreviewRecord(plan.label(), source, Map.of(), null, "failed", e.field(), e.getMessage());
        } catch (RuntimeException e) {
            return new PreviewRecord(plan.label(), source, Map.of(), null, "failed", null, LegRunner.message(e));
        }
    }

    private static Map<String, String> text(EntityRecord record) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : record.values().entrySet()) {
            values.put(e.getKey(), e.getValue() == null ? null : e.getValue().asText());
        }
        return values;
    }
}
