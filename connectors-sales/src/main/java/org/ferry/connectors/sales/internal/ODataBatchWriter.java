package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.error.RetriableException;
import org.ferry.connectors.common.http.ApiRequest;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.http.HttpTransport;
import org.ferry.connectors.common.http.RetryPolicy;
import org.ferry.connectors.common.odata.MultipartBatch;
import org.ferry.connectors.common.odata.ODataErrors;

/**
 * Sends upserts and deletes through {@code $batch}, one top-level part per record and never a change set,
 * with {@code Prefer: odata.continue-on-error}: one refused record must not sink the rest, and every part
 * answers for itself.
 *
 * <p>Every operation is addressed by key (PATCH upsert, DELETE), so re-sending a batch whose connection
 * dropped after the server applied it is harmless; the transport retries the batch as a whole. Parts the
 * server throttled individually are sent again in a smaller batch after their {@code Retry-After}.
 *
 * <p>Upserts ask for {@code return=representation} selecting only the id: Dataverse then answers 201 for
 * a create and 200 for an update, which the run statistics need, at the cost of one extra retrieve per
 * record on the server. A plain 204 (a server that ignores the preference) counts as UPDATED.
 */
final class ODataBatchWriter {
    private static final Set<Integer> RETRY_PART = Set.of(429, 502, 503, 504);
    private static final Pattern ATTRIBUTE = Pattern.compile("'([A-Za-z0-9_]+)' attribute");

    /** One prepared operation and what its success means. */
    record Operation(BusinessKey key, MultipartBatch.Part part, boolean delete) {
    }

    private final DataverseClient client;

    ODataBatchWriter(DataverseClient client) {
        this.client = client;
    }

    /**
     * @param operations prepared operations, {@code null} where the record already failed (its outcome is given)
     * @param outcomes   pre-filled outcomes for records that failed before sending; filled in by this call
     */
    List<WriteOutcome> execute(List<Operation> operations, WriteOutcome[] outcomes) {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i) != null) {
                pending.add(i);
            }
        }
        HttpTransport transport = client.transport();
        RetryPolicy policy = transport.retryPolicy();
        for (int round = 0; !pending.isEmpty(); round++) {
            List<Integer> again = new ArrayList<>();
            Duration retryAfter = send(operations, pending, outcomes, again);
            if (again.isEmpty()) {
                break;
            }
            if (round + 1 >= policy.maxAttempts()) {
                throw new RetriableException(again.size() + " records of a batch were still throttled after "
                        + (round + 1) + " attempts", retryAfter, null);
            }
            if (retryAfter != null) {
                transport.gate().pauseFor(retryAfter.plusMillis(50));
            } else {
                HttpTransport.pause(policy.backoff(round));
            }
            pending = again;
        }
        return List.of(outcomes);
    }

    /** @return the longest Retry-After among throttled parts, or null */
    private Duration send(List<Operation> operations, List<Integer> pending, WriteOutcome[] outcomes,
                          List<Integer> again) {
        MultipartBatch batch = new MultipartBatch();
        pending.forEach(i -> batch.add(operations.get(i).part()));
        Map<String, String> headers = new LinkedHashMap<>(DataverseClient.headers("odata.continue-on-error"));
        headers.put("Content-Type", batch.contentType());
        ApiResponse response = client.transport().send(new ApiRequest("POST",
                URI.create(client.root() + "$batch"), headers, batch.body(), true));
        if (response.status() != 200) {
            String message = "the batch was refused: " + ODataErrors.message(response);
            pending.forEach(i -> outcomes[i] = WriteOutcome.failed(operations.get(i).key(), null, message));
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
                Duration ra = RetryPolicy.parseRetryAfter(part.header("Retry-After"), client.transport().clock())
                        .orElse(null);
                if (ra != null && (longest == null || ra.compareTo(longest) > 0)) {
                    longest = ra;
                }
                continue;
            }
            outcomes[i] = outcome(operations.get(i), part);
        }
        return longest;
    }

    private static WriteOutcome outcome(Operation op, MultipartBatch.PartResponse part) {
        int status = part.status();
        if (op.delete()) {
            return status == 204 || status == 200 || status == 404 ? WriteOutcome.deleted(op.key())
                    : failed(op.key(), status, part.body());
        }
        return switch (status) {
            case 201 -> WriteOutcome.inserted(op.key());
            case 200, 204 -> WriteOutcome.updated(op.key());
            default -> failed(op.key(), status, part.body());
        };
    }

    private static WriteOutcome failed(BusinessKey key, int status, String body) {
        String message = ODataErrors.message(status, body);
        Matcher m = ATTRIBUTE.matcher(message);
        return WriteOutcome.failed(key, m.find() ? m.group(1) : null, message);
    }
}
