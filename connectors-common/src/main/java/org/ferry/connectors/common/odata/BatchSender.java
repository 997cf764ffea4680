package org.ferry.connectors.common.odata;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ferry.api.error.FerryException;
import org.ferry.api.error.RetriableException;
import org.ferry.connectors.common.http.AmbiguousWriteException;
import org.ferry.connectors.common.http.ApiRequest;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.http.Deadline;
import org.ferry.connectors.common.http.HttpTransport;
import org.ferry.connectors.common.http.RetryPolicy;

/**
 * Sends independent requests through OData {@code $batch}, each its own top-level part and never a change set:
 * a change set is atomic, so one refused record would roll back the others; as top-level parts every request
 * answers for itself. {@code Prefer: odata.continue-on-error} asks the server to go on past a failed part, and
 * parts a server left unanswered anyway (it stopped at a failure) are sent again.
 *
 * <p>Throttling of the {@code $batch} request itself is the transport's: it waits out {@code Retry-After} and
 * sends the batch again. A part answered 429 (or 502, 503, 504) is sent again in a smaller batch, after the
 * longest {@code Retry-After} among them, which pauses the whole connection as a 429 of a request does.
 *
 * <p>A batch of idempotent requests (upserts and deletes by key, creates to a chosen id) whose answer was lost,
 * cut off by the exchange's deadline or replaced by a server error (500, 502, 504) is sent again by the transport,
 * as a 503 is: whether or not the server ran it, running it again leaves the same state. A batch holding a
 * non-idempotent request (a POST create) is not: its idempotent parts are sent again, and its others are reported
 * {@link Fate#LOST}, for the caller to find out whether they were applied before it tries them again.
 *
 * <p>One call, with every resend of every part, ends within one {@link Deadline}: the retry policy's budget,
 * or the caller's when it spans several calls.
 *
 * <p>Many requests are spread over several {@code $batch} requests sent at once, at most {@code maxParts}
 * each but not fewer than {@link #MIN_PARTS} where there are that many: per request the server's fixed cost
 * outweighs what running them side by side gains. The transport's gate caps how many are in flight.
 */
public final class BatchSender {
    private static final Set<Integer> RETRY_PART = Set.of(429, 502, 503, 504);
    /**
     * Fewer parts than this are not worth a request of their own: 100,000 F&amp;O creates in calls of 100 took
     * 20.6 s as 8 batches of 13 at once, 11.7 s as 2 of 50 and 9.7 s as one of 100 (sandbox on the same 2 cores).
     */
    private static final int MIN_PARTS = 100;

    /**
     * One request of a batch, and whether sending it twice leaves the same state. Its part is made where the
     * {@code $batch} request holding it is put together, on that request's own thread: the parts of one chunk are
     * written while the chunks before it are already on their way.
     *
     * @param source makes the part; called again when the part is sent again
     */
    public record Request(java.util.function.Supplier<MultipartBatch.Part> source, boolean idempotent) {
        public Request(MultipartBatch.Part part, boolean idempotent) {
            this(() -> part, idempotent);
        }

        public MultipartBatch.Part part() {
            return source.get();
        }
    }

    /** What became of a request. */
    public enum Fate {
        /** The server answered it: {@link Result#answer()} is its own answer. */
        ANSWERED,
        /** The server refused the whole batch: {@link Result#answer()} holds that refusal. */
        REFUSED,
        /** Not idempotent, and the batch's answer was lost: it may or may not have been applied. */
        LOST
    }

    /** @param answer the part's answer, the batch's refusal, or {@code null} when LOST */
    public record Result(Fate fate, MultipartBatch.PartResponse answer) {
        public boolean succeeded() {
            return fate == Fate.ANSWERED && answer.status() >= 200 && answer.status() < 300;
        }

        public int status() {
            return answer == null ? 0 : answer.status();
        }

        /** @return the server's error message, the innererror's when there is one */
        public String message() {
            String message = ODataErrors.message(answer.status(), answer.body());
            return fate == Fate.REFUSED ? "the batch was refused: " + message : message;
        }
    }

    /** picks the application user each {@code $batch} request goes out as: the one with the most budget left */
    private final java.util.function.Supplier<HttpTransport> transports;
    private final URI batchUri;
    private final Map<String, String> headers;
    private final int maxParts;
    private final int spread;

    /**
     * @param headers  the service's JSON headers, to which the batch's content type and preference are added
     * @param maxParts the most parts in one {@code $batch} request
     * @param spread   the most {@code $batch} requests one call sends at once
     */
    public BatchSender(HttpTransport transport, URI batchUri, Map<String, String> headers, int maxParts, int spread) {
        this(() -> transport, batchUri, headers, maxParts, spread);
    }

    /** @param transports the transport of the user to send each {@code $batch} request as, asked once per request */
    public BatchSender(java.util.function.Supplier<HttpTransport> transports, URI batchUri, Map<String, String> headers,
                       int maxParts, int spread) {
        this.transports = transports;
        this.batchUri = batchUri;
        this.headers = Map.copyOf(headers);
        this.maxParts = Math.max(1, maxParts);
        this.spread = Math.max(1, spread);
    }

    /**
     * @return one result per request, in their order
     * @throws RetriableException when parts stayed throttled through the retry policy's attempts or budget
     */
    public List<Result> send(List<Request> requests) {
        return send(requests, transports.get().retryPolicy().deadline());
    }

    /**
     * @param deadline when the caller's operation must end, resends included
     * @return one result per request, in their order
     * @throws RetriableException when parts stayed throttled through the retry policy's attempts or the deadline
     */
    public List<Result> send(List<Request> requests, Deadline deadline) {
        Result[] results = new Result[requests.size()];
        if (requests.isEmpty()) {
            return List.of();
        }
        int size = Math.min(maxParts, Math.max(Math.min(requests.size(), MIN_PARTS),
                (requests.size() + spread - 1) / spread));
        List<List<Integer>> chunks = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += size) {
            List<Integer> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(requests.size(), from + size); i++) {
                chunk.add(i);
            }
            chunks.add(chunk);
        }
        if (chunks.size() == 1) {
            sendChunk(requests, chunks.get(0), results, deadline);
            return List.of(results);
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (List<Integer> chunk : chunks) {
                futures.add(pool.submit(() -> sendChunk(requests, chunk, results, deadline)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while sending a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FerryException fe) {
                throw fe;
            }
            throw new IllegalStateException("a batch failed unexpectedly", e.getCause());
        }
        return List.of(results);
    }

    /** Sends one chunk until every request has a result, resending throttled and unanswered parts. */
    private void sendChunk(List<Request> requests, List<Integer> chunk, Result[] results, Deadline deadline) {
        RetryPolicy policy = transports.get().retryPolicy();
        List<Integer> pending = chunk;
        for (int round = 0; !pending.isEmpty(); round++) {
            List<Integer> again = new ArrayList<>();
            HttpTransport transport = transports.get();
            Duration retryAfter = sendOnce(transport, requests, pending, results, again, deadline);
            if (again.isEmpty()) {
                return;
            }
            Duration wait = retryAfter != null ? retryAfter.plusMillis(50) : policy.backoff(round);
            if (round + 1 >= policy.maxAttempts() || !deadline.allows(wait)) {
                throw new RetriableException(again.size() + " requests of a batch were still throttled after "
                        + (round + 1) + " attempts within " + deadline.budget().toSeconds() + " s", retryAfter, null);
            }
            if (retryAfter != null) {
                // like the transport for a whole request: nobody on this connection comes back inside the window
                transport.gate().pauseFor(wait);
            } else {
                HttpTransport.pause(wait);
            }
            pending = again;
        }
    }

    /** @return the longest Retry-After among throttled parts, or {@code null} */
    private Duration sendOnce(HttpTransport transport, List<Request> requests, List<Integer> pending, Result[] results,
                              List<Integer> again, Deadline deadline) {
        MultipartBatch batch = new MultipartBatch();
        pending.forEach(i -> batch.add(requests.get(i).part()));
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Prefer", "odata.continue-on-error");
        h.put("Content-Type", batch.contentType());
        boolean idempotent = pending.stream().allMatch(i -> requests.get(i).idempotent());
        ApiResponse response;
        try {
            response = transport.send(new ApiRequest("POST", batchUri, h, batch.body(), idempotent), deadline);
        } catch (AmbiguousWriteException e) {
            for (int i : pending) {
                if (requests.get(i).idempotent()) {
                    again.add(i);
                } else {
                    results[i] = new Result(Fate.LOST, null);
                }
            }
            return null;
        }
        if (response.status() != 200) {
            Result refused = new Result(Fate.REFUSED, new MultipartBatch.PartResponse(response.status(),
                    headersOf(response.headers()), response.bodyText()));
            pending.forEach(i -> results[i] = refused);
            return null;
        }
        List<MultipartBatch.PartResponse> parts = MultipartBatch.parse(
                response.header("Content-Type").orElse(null), response.body());
        Duration longest = null;
        for (int p = 0; p < pending.size(); p++) {
            int i = pending.get(p);
            if (p >= parts.size()) {
                // a server that stopped at a failure despite continue-on-error: the rest were never tried
                again.add(i);
                continue;
            }
            MultipartBatch.PartResponse part = parts.get(p);
            if (RETRY_PART.contains(part.status())) {
                again.add(i);
                Duration ra = RetryPolicy.parseRetryAfter(part.header("Retry-After"), transport.clock()).orElse(null);
                if (ra != null && (longest == null || ra.compareTo(longest) > 0)) {
                    longest = ra;
                }
                continue;
            }
            results[i] = new Result(Fate.ANSWERED, part);
        }
        return longest;
    }

    private static Map<String, String> headersOf(HttpHeaders headers) {
        Map<String, String> h = new LinkedHashMap<>();
        headers.map().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        return h;
    }
}
