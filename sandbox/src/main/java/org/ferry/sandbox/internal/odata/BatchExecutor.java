package org.ferry.sandbox.internal.odata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ferry.sandbox.internal.data.UndoLog;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;

/**
 * Runs a parsed batch through a service's own request handling. Change sets are atomic (undone on
 * the first failure) and their Content-IDs can be referenced as {@code $n} by later requests of
 * the same change set.
 */
public final class BatchExecutor {
    /** How the owning service turns a batch part's URL into a request and reports errors. */
    public interface Service {
        ApiResponse dispatch(ApiRequest request);

        /** The part of a batch URL below the service root, e.g. after {@code /api/data/v9.2/}. */
        String relativePath(String url);

        ApiResponse error(int status, String code, String message);
    }

    public static final int MAX_REQUESTS = 1000;

    /** Told of every request a batch ran, so the request log shows parts as tests need them (who wrote what). */
    public interface PartLog {
        /** @param relativePath the part's path below the service root, as sent (encoded), without its query */
        void ran(String method, String relativePath, int status);
    }

    // The batch runs on the thread that received it, inside the service's own dispatch: a thread-bound log
    // reaches its parts without threading the request log through every service's dispatch.
    private static final ThreadLocal<PartLog> PART_LOG = new ThreadLocal<>();

    /** Runs {@code work} (a request's dispatch) with {@code log} told of each batch part it runs. */
    public static <T> T withPartLog(PartLog log, java.util.function.Supplier<T> work) {
        PartLog outer = PART_LOG.get();
        PART_LOG.set(log);
        try {
            return work.get();
        } finally {
            PART_LOG.set(outer);
        }
    }

    /** Tells the request's part log of a record a request wrote other than as a batch part (a bulk message's). */
    public static void logPart(String method, String relativePath, int status) {
        PartLog log = PART_LOG.get();
        if (log != null) {
            log.ran(method, relativePath, status);
        }
    }

    private final Service service;

    public BatchExecutor(Service service) {
        this.service = service;
    }

    /**
     * @param stopOnError Dataverse without {@code odata.continue-on-error}: stop at the first failure
     *                    and answer 400 holding only the failing part
     */
    public ApiResponse execute(ApiRequest batch, boolean stopOnError) {
        List<BatchCodec.Item> items;
        try {
            items = BatchCodec.parse(batch.header("Content-Type"), batch.body());
        } catch (FilterException e) {
            return service.error(400, "0x80060891", e.getMessage());
        }
        int count = items.stream().mapToInt(i -> i.isChangeSet() ? i.changeSet().size() : 1).sum();
        if (count > MAX_REQUESTS) {
            return service.error(400, "0x80060891", "The batch contains " + count
                    + " requests; the maximum number of requests in a batch is " + MAX_REQUESTS + ".");
        }
        List<Object> results = new ArrayList<>();
        for (BatchCodec.Item item : items) {
            if (!item.isChangeSet()) {
                ApiResponse r = run(batch, item.request(), Map.of());
                BatchCodec.Result result = new BatchCodec.Result(item.request().contentId(), r);
                if (stopOnError && r.status() >= 400) {
                    return BatchCodec.write(400, List.of(result));
                }
                results.add(result);
                continue;
            }
            List<BatchCodec.Result> done = new ArrayList<>();
            Map<String, String> ids = new HashMap<>();
            UndoLog undo = UndoLog.open();
            BatchCodec.Result failed = null;
            try {
                for (BatchCodec.Part part : item.changeSet()) {
                    ApiResponse r = part.method().equals("GET")
                            ? service.error(400, "0x80060891", "GET requests are not allowed in a change set.")
                            : run(batch, part, ids);
                    BatchCodec.Result result = new BatchCodec.Result(part.contentId(), r);
                    if (r.status() >= 400) {
                        failed = result;
                        break;
                    }
                    done.add(result);
                    String location = r.headers().get("OData-EntityId");
                    if (part.contentId() != null && location != null) {
                        ids.put("$" + part.contentId(), location);
                    }
                }
            } finally {
                if (failed == null) {
                    undo.commit();
                } else {
                    undo.rollback();
                }
            }
            if (failed != null) {
                if (stopOnError) {
                    return BatchCodec.write(400, List.of(List.of(failed)));
                }
                results.add(List.of(failed));
            } else {
                results.add(done);
            }
        }
        return BatchCodec.write(200, results);
    }

    private ApiResponse run(ApiRequest batch, BatchCodec.Part part, Map<String, String> ids) {
        String url = part.url();
        String body = new String(part.body(), StandardCharsets.UTF_8);
        if (url.startsWith("$")) {
            int end = url.indexOf('/');
            String ref = end < 0 ? url : url.substring(0, end);
            String target = ids.get(ref);
            if (target == null) {
                return service.error(400, "0x80060891", "Content-ID Reference: '" + ref
                        + "' does not exist in the batch context.");
            }
            url = target + (end < 0 ? "" : url.substring(end));
        }
        for (Map.Entry<String, String> id : ids.entrySet()) {
            body = body.replace("\"" + id.getKey() + "\"", "\"" + id.getValue() + "\"");
        }
        String relative = service.relativePath(url);
        int q = relative.indexOf('?');
        String path = ApiRequest.decodePath(q < 0 ? relative : relative.substring(0, q));
        Map<String, String> query = ApiRequest.parseQuery(q < 0 ? null : relative.substring(q + 1));
        Map<String, String> headers = ApiRequest.headerMap();
        headers.putAll(batch.headers());
        headers.remove("content-type");
        headers.remove("content-length");
        part.headers().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        ApiResponse result = service.dispatch(new ApiRequest(part.method(), path, query, headers,
                body.getBytes(StandardCharsets.UTF_8), batch.serviceRoot()));
        PartLog log = PART_LOG.get();
        if (log != null) {
            log.ran(part.method(), q < 0 ? relative : relative.substring(0, q), result.status()); // as top-level requests: no query
        }
        return result;
    }
}
