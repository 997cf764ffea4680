package org.ferry.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checker of the Kafka system tests, for business keys: compares what a destination holds with the
 * source's final state and counts keys <em>missing</em> (at the source, not at the destination),
 * <em>duplicated</em> (more than one row), <em>stale</em> (a value the source no longer has) and
 * <em>overshoot</em> (at the destination, never at the source). A clean result has all four at zero.
 */
record KeyCheck(String destination, int sourceKeys, int destinationRows, List<String> missing, List<String> duplicated,
                List<String> stale, List<String> overshoot) {

    static KeyCheck compare(String destination, List<SandboxData.Row> source, List<SandboxData.Row> target) {
        Map<String, String> expected = new HashMap<>();
        source.forEach(r -> expected.put(r.key(), r.name()));
        Map<String, Integer> seen = new HashMap<>();
        List<String> stale = new ArrayList<>();
        List<String> overshoot = new ArrayList<>();
        for (SandboxData.Row r : target) {
            seen.merge(r.key(), 1, Integer::sum);
            String want = expected.get(r.key());
            if (want == null) {
                overshoot.add(r.key());
            } else if (!want.equals(r.name())) {
                stale.add(r.key() + " has '" + r.name() + "', the source '" + want + "'");
            }
        }
        List<String> missing = expected.keySet().stream().filter(k -> !seen.containsKey(k)).sorted().toList();
        List<String> duplicated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        return new KeyCheck(destination, expected.size(), target.size(), missing, duplicated, stale, overshoot);
    }

    boolean clean() {
        return missing.isEmpty() && duplicated.isEmpty() && stale.isEmpty() && overshoot.isEmpty();
    }

    @Override
    public String toString() {
        return destination + ": " + sourceKeys + " source keys, " + destinationRows + " rows; missing " + missing.size()
                + first(missing) + ", duplicated " + duplicated.size() + first(duplicated) + ", stale " + stale.size()
                + first(stale) + ", overshoot " + overshoot.size() + first(overshoot);
    }

    private static String first(List<String> l) {
        return l.isEmpty() ? "" : " (e.g. " + l.subList(0, Math.min(3, l.size())) + ")";
    }
}
