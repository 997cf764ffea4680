package org.ferry.faults;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ferry.sandbox.internal.throttle.RequestLog;

/**
 * The F&amp;O customer writes the sandbox logged, per customer account. F&amp;O has no upsert, so the
 * connector PATCHes by key and POSTs when that answers 404, or, once a call found most customers missing, POSTs
 * first and PATCHes those whose create was refused: a customer written once shows a POST that created it, after a
 * PATCH (404) or none; any PATCH that succeeded updated a customer that already existed, i.e. it was sent again,
 * and so did a refused create. (A POST carries its key in the body, which the log does not keep; POSTs are counted
 * in total.)
 */
record CustomerWrites(Map<String, Integer> patches, Map<String, Integer> updates, int creates, int refusedCreates) {
    private static final Pattern CUSTOMER = Pattern.compile("CustomersV3\\(.*CustomerAccount='([^']*)'");

    static CustomerWrites of(RequestLog log) {
        Map<String, Integer> patches = new HashMap<>();
        Map<String, Integer> updates = new HashMap<>();
        int creates = 0;
        int refused = 0;
        for (RequestLog.Entry e : log.entries()) {
            if (!e.service().equals("operations")) {
                continue;
            }
            String path = URLDecoder.decode(e.path(), StandardCharsets.UTF_8);
            Matcher m = CUSTOMER.matcher(path);
            if (e.method().equals("PATCH") && m.find()) {
                patches.merge(m.group(1), 1, Integer::sum);
                if (e.status() < 300) {
                    updates.merge(m.group(1), 1, Integer::sum);
                }
            } else if (e.method().equals("POST") && path.endsWith("CustomersV3")) {
                if (e.status() < 300) {
                    creates++;
                } else {
                    refused++;
                }
            }
        }
        return new CustomerWrites(Map.copyOf(patches), Map.copyOf(updates), creates, refused);
    }

    long patchedMoreThanOnce() {
        return patches.values().stream().filter(n -> n > 1).count();
    }

    int updateCount() {
        return updates.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public String toString() {
        return patches.size() + " customers PATCHed, " + patchedMoreThanOnce() + " more than once, " + updateCount()
                + " PATCHes that updated (" + updates.size() + " customers), " + creates + " POSTs that created, "
                + refusedCreates + " refused";
    }
}
