package org.ferry.runtime.internal.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.runtime.internal.keymap.KeyMapStore;
import org.ferry.runtime.internal.keymap.KeyMapStore.Entry;
import org.ferry.runtime.internal.mapping.LegMapping.SourceReference;

/**
 * Writes a key-map leg's batches by the target's own ids: a source record the map does not know yet is
 * created and the id the target gave it remembered; a known one is written to the id the map holds. Lookups
 * are translated through the key maps of the related entities. Records whose mapped values did not change
 * since they were last written are skipped by hash, as on business-key legs. Records are identified in
 * counts and errors by their source id.
 */
final class KeyMapWriter implements LegWriter {
    private final LegPlan plan;
    private final KeyMapStore store;
    private final int mapId;
    private final Outcomes outcomes;
    private final TargetCalls calls;
    private final Removal removal;
    private final boolean full;
    private final String projectId;
    private final String runId;
    /** Per reference field and related source entity, the maps a lookup may go through: asked once per run. */
    private final Map<Lookup, Map<Integer, String>> relatedMaps = new HashMap<>();
    private long[] seenCounts;

    KeyMapWriter(LegPlan plan, LegContext leg) {
        this.plan = plan;
        this.store = new KeyMapStore(leg.db(), leg.fence());
        this.mapId = store.mapId(plan.keyMapPair());
        this.outcomes = new Outcomes(leg.counts(), leg.errors());
        this.calls = new TargetCalls(plan, leg.stop());
        this.removal = new Removal(plan, calls, outcomes);
        this.full = leg.full();
        this.projectId = leg.projectId();
        this.runId = leg.runId();
    }

    @Override
    public int batchSize() {
        return plan.batchSize();
    }

    @Override
    public String refusal(EntityRecord read) {
        return read.sourceId() == null || read.sourceId().isBlank()
                ? "the source gave the record no id, which a key-map leg needs to recognise it next time" : null;
    }

    @Override
    public String deletionOf(EntityRecord deletion) {
        if (deletion.sourceId() == null) {
            outcomes.skipped(null, "a deletion at the source without the record's id cannot be propagated by a key map");
        }
        return deletion.sourceId();
    }

    @Override
    public long remembered() {
        return seenCounts != null ? seenCounts[0] : store.seenCounts(mapId, projectId, id -> true)[0];
    }

    @Override
    public long unseenCount(ReadSeen seen) {
        return seenCounts(seen)[1];
    }

    /** Both counts in one pass, made once per sweep. */
    private long[] seenCounts(ReadSeen seen) {
        if (seenCounts == null) {
            seenCounts = store.seenCounts(mapId, projectId, seen::sawSourceId);
        }
        return seenCounts;
    }

    /** @return source ids of entries this project wrote that this run's read did not see (deleted at the source) */
    @Override
    public List<String> unseen(ReadSeen seen, String after, int limit) {
        return store.unseen(mapId, projectId, seen::sawSourceId, after, limit).stream().map(Entry::sourceId).distinct()
                .toList();
    }

    @Override
    public void settle() {
        // the key map is written on the leg's thread, each batch before the next
    }

    @Override
    public void close() {
    }

    /** Writes one target unit's batch; a source id seen twice in it is written once, as last seen. */
    @Override
    public void write(String unitId, List<Pending> batch) {
        String targetOrg = unitId == null ? "" : unitId;
        Map<String, Pending> bySourceId = new LinkedHashMap<>();
        batch.forEach(p -> bySourceId.put(p.record().sourceId(), p));
        Map<String, Entry> known = store.find(mapId, targetOrg, bySourceId.keySet());
        Map<Lookup, Related> resolved = resolveLookups(bySourceId.values(), targetOrg);
        List<Pending> toWrite = new ArrayList<>();
        List<EntityRecord> records = new ArrayList<>();
        Map<String, String> hashes = new HashMap<>();
        for (Pending p : bySourceId.values()) {
            EntityRecord translated = translate(p, resolved);
            if (translated == null) {
                continue;
            }
            String sourceId = p.record().sourceId();
            Entry before = known.get(sourceId);
            String hash = RecordHash.of(translated, unitId);
            if (!full && before != null && before.hash().equals(hash)) {
                outcomes.unchanged();
                continue;
            }
            hashes.put(sourceId, hash);
            toWrite.add(p);
            records.add(translated.toBuilder().sourceId(before == null ? null : before.targetId()).build());
        }
        if (records.isEmpty()) {
            return;
        }
        OrganizationUnit unit = plan.targetUnit(unitId);
        List<WriteOutcome> answers = calls.call("writing",
                () -> plan.target().writeById(plan.leg().targetEntity(), unit, records));
        calls.checkCount(answers.size(), records.size());
        List<Entry> acknowledged = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            WriteOutcome answer = answers.get(i);
            Pending sent = toWrite.get(i);
            String sourceId = sent.record().sourceId();
            if (answer.status() != WriteOutcome.Status.FAILED && (answer.id() == null || answer.id().isBlank())) {
                outcomes.failed(sent, sourceId, null, plan.leg().targetRole() + " wrote the record but did not say its id;"
                        + " the connector breaks its contract, and a later run may create it again");
            } else if (outcomes.answered(sent, sourceId, answer)) {
                acknowledged.add(new Entry(sourceId, targetOrg, toWrite.get(i).sourceOrganization(), answer.id(),
                        hashes.get(sourceId)));
            }
        }
        store.remember(mapId, acknowledged, e -> known.containsKey(e.sourceId()), projectId, runId);
    }

    /**
     * Deletes in the target the records these source ids were written to, in every unit, and forgets them.
     * A source id the map does not know was never written by a key-map leg: counted as skipped.
     */
    @Override
    public void delete(Collection<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return;
        }
        List<Entry> entries = store.findAnyUnit(mapId, sourceIds);
        Set<String> found = new HashSet<>();
        entries.forEach(e -> found.add(e.sourceId()));
        for (String id : sourceIds) {
            if (!found.contains(id)) {
                outcomes.skipped(id, "a deletion at the source cannot be propagated: the key map never saw that record");
            }
        }
        boolean deactivates = plan.mapping().deactivation() != null;
        Map<String, List<Entry>> byUnit = new LinkedHashMap<>();
        entries.forEach(e -> byUnit.computeIfAbsent(e.targetOrg(), k -> new ArrayList<>()).add(e));
        for (Map.Entry<String, List<Entry>> group : byUnit.entrySet()) {
            List<Entry> unitEntries = group.getValue();
            OrganizationUnit unit = plan.targetUnit(group.getKey().isEmpty() ? null : group.getKey());
            List<WriteOutcome> answers = removal.remove(unit, unitEntries.stream().map(Entry::sourceId).toList(),
                    unitEntries.stream().map(e -> EntityRecord.builder(plan.leg().targetEntity()).sourceId(e.targetId())
                            .build()).toList(), true);
            List<Entry> done = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                WriteOutcome o = answers.get(i);
                if (o.status() == WriteOutcome.Status.FAILED) {
                    continue;
                }
                Entry e = unitEntries.get(i);
                // a deactivated record is still there: its entry stays, so the record is updated, not created
                // again, should it come back at the source
                done.add(!deactivates ? e : new Entry(e.sourceId(), e.targetOrg(), e.sourceOrg(),
                        o.id() != null ? o.id() : e.targetId(), KeyMapStore.DEACTIVATED));
            }
            if (!deactivates) {
                store.forget(mapId, done);
            } else {
                store.remember(mapId, done, e -> true, projectId, runId);
            }
        }
    }

    /** @return the record with its lookups written by target id, or {@code null} (counted, explained) if one cannot be */
    private EntityRecord translate(Pending p, Map<Lookup, Related> resolved) {
        if (p.references().isEmpty()) {
            return p.record();
        }
        EntityRecord.Builder b = p.record().toBuilder();
        for (Map.Entry<String, SourceReference> e : p.references().entrySet()) {
            String field = e.getKey();
            SourceReference ref = e.getValue();
            Related hit = resolved.get(new Lookup(field, ref.id()));
            Value current = p.record().get(field);
            if (hit != null) {
                b.set(field, current instanceof ReferenceValue r && r.key() != null
                        ? new ReferenceValue(r.entity(), r.key(), hit.id()) : ReferenceValue.byId(hit.entity(), hit.id()));
            } else if (!(current instanceof ReferenceValue)) {
                outcomes.failed(p, p.record().sourceId(), field, "lookup '" + field + "' refers to "
                        + (ref.entity() == null ? "the record " : ref.entity() + " ") + ref.id() + " at the source, which no key"
                        + " map to " + plan.leg().targetRole() + ":" + String.join("/", plan.mapping().referenceFields()
                        .getOrDefault(field, List.of())) + " has written yet: sync it first (an earlier task or project),"
                        + " then retry the failed records");
                return null;
            }
        }
        return b.build();
    }

    /** The batch's lookups in the target: per reference field and related source id, the related record found. */
    private Map<Lookup, Related> resolveLookups(Collection<Pending> batch, String targetOrg) {
        Map<Lookup, Map<Integer, String>> candidates = new HashMap<>();
        Map<Integer, Set<String>> idsByMap = new HashMap<>();
        for (Pending p : batch) {
            p.references().forEach((field, ref) -> {
                Map<Integer, String> maps = relatedMaps.computeIfAbsent(new Lookup(field, ref.entity()),
                        k -> store.relatedMaps(plan.keyMapPair().sourceConnection(), ref.entity(),
                                plan.keyMapPair().targetConnection(), plan.mapping().referenceFields().getOrDefault(field, List.of())));
                candidates.put(new Lookup(field, ref.id()), maps);
                maps.keySet().forEach(map -> idsByMap.computeIfAbsent(map, k -> new HashSet<>()).add(ref.id()));
            });
        }
        // one run of probes per candidate map: the same unit first, then where the related entity is unscoped
        Map<Integer, Map<String, Entry>> found = new HashMap<>();
        idsByMap.forEach((map, ids) -> {
            Map<String, Entry> entries = new HashMap<>(store.find(map, targetOrg, ids));
            if (!targetOrg.isEmpty()) {
                ids.removeAll(entries.keySet());
                entries.putAll(store.find(map, "", ids));
            }
            found.put(map, entries);
        });
        Map<Lookup, Related> resolved = new HashMap<>();
        candidates.forEach((lookup, maps) -> maps.forEach((map, entity) -> {
            Entry e = found.get(map).get(lookup.value());
            if (e != null) {
                resolved.putIfAbsent(lookup, new Related(entity, e.targetId()));
            }
        }));
        return resolved;
    }

    /** A reference field with a related source id or entity. */
    private record Lookup(String field, String value) {
    }

    /** A related record in the target: its entity there and its id. */
    private record Related(String entity, String id) {
    }
}
