package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.http.Deadline;
import org.ferry.connectors.common.odata.BatchSender;
import org.ferry.connectors.common.odata.Json;
import org.ferry.connectors.common.odata.MultipartBatch;
import org.ferry.connectors.common.odata.ODataErrors;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Sends upserts, creates and deletes through {@code $batch} ({@link BatchSender}), one top-level part per record
 * and never a change set, with {@code Prefer: odata.continue-on-error}: a change set is atomic, so one refused record would sink
 * the rest; as top-level parts every record answers for itself.
 *
 * <p>Every part is addressed by key or GUID (PATCH, DELETE), creates included: they go to a GUID the connector
 * chose, create-only ({@code If-None-Match: *}). So re-sending a batch whose connection dropped after the server
 * applied it is harmless, and the transport retries such a batch as a whole. A create that finds its GUID taken
 * (412) on a resend is the lost attempt's record: the id was chosen at random for this record, so no one else
 * made it; it counts as INSERTED once a read of that GUID confirms it, since a 412 may also mean another
 * conflict (an alternate key in use), which fails the record with Dataverse's message. Parts the server
 * throttled individually are sent again in a smaller batch after their {@code Retry-After}.
 *
 * <p>Upserts and creates ask for {@code return=representation} selecting only the id: Dataverse then answers 201
 * for a create and 200 for an update, which the run statistics need, at the cost of one extra retrieve per
 * record on the server. A plain 204 (a server that ignores the preference) counts as UPDATED, or INSERTED for a
 * create-only part.
 *
 * <p>Outcomes carry the written record's GUID as reads give it: the id in the answer's body, else the one
 * in {@code OData-EntityId} (or {@code Location}), else the GUID the request addressed.
 */
final class ODataBatchWriter {
    private static final Pattern ATTRIBUTE = Pattern.compile("'([A-Za-z0-9_]+)' attribute");

    /** What a part does, which decides what its answer means. */
    enum Kind { UPSERT, CREATE, DELETE }

    /**
     * One prepared operation.
     *
     * @param id       the GUID it addresses (for a create, the one chosen for the new record), or {@code null} when
     *                 it is addressed by key
     * @param idColumn the table's primary key column, where the answer's body carries the id
     */
    record Operation(BusinessKey key, MultipartBatch.Part part, Kind kind, String id, String idColumn) {
    }

    private final DataverseClient client;

    ODataBatchWriter(DataverseClient client) {
        this.client = client;
    }

    /**
     * A call's parts spread over as many {@code $batch} requests as the application users may run at once (the
     * service's {@code x-ms-dop-hint}): a batch's parts run one after the other on the server, so one big batch would
     * leave the budget idle. Each request goes out as the user with the most budget left.
     */
    private BatchSender batches() {
        return new BatchSender(client::transport, URI.create(client.root() + "$batch"), client.writeHeaders(), 1000,
                Math.max(1, client.session().parallelism()));
    }

    /**
     * @param operations prepared operations, {@code null} where the record already failed (its outcome is given)
     * @param outcomes   pre-filled outcomes for records that failed before sending; filled in by this call
     */
    List<WriteOutcome> execute(List<Operation> operations, WriteOutcome[] outcomes) {
        List<Integer> pending = new ArrayList<>();
        List<BatchSender.Request> requests = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation op = operations.get(i);
            if (op != null) {
                pending.add(i);
                // creates too: they are create-only requests to a GUID chosen for the record
                requests.add(new BatchSender.Request(op.part(), true));
            }
        }
        // the batch and the look-ups of creates it may have made are one operation for the retry budget
        Deadline deadline = client.transport().retryPolicy().deadline();
        List<BatchSender.Result> results = batches().send(requests, deadline);
        for (int p = 0; p < pending.size(); p++) {
            Operation op = operations.get(pending.get(p));
            BatchSender.Result r = results.get(p);
            outcomes[pending.get(p)] = switch (r.fate()) {
                case ANSWERED -> op.kind() == Kind.CREATE && r.status() == 412
                        ? createdBefore(op, outcome(op, r.answer()), deadline) : outcome(op, r.answer());
                // every request is idempotent, so the sender resends lost ones itself; kept for completeness
                case LOST -> WriteOutcome.failed(op.key(), null, "the batch's answer was lost");
                case REFUSED -> WriteOutcome.failed(op.key(), null, r.message());
            };
        }
        return List.of(outcomes);
    }

    /**
     * @param refused the failed outcome of a create-only part answered 412
     * @return INSERTED if the record with the chosen GUID exists: an earlier attempt, whose answer was lost,
     *         created it; else {@code refused}, as the 412 was about something else
     */
    private WriteOutcome createdBefore(Operation op, WriteOutcome refused, Deadline deadline) {
        // the part's own target: the record's URL selecting only its id
        ApiResponse r = client.get(URI.create(client.root()).resolve(op.part().target()), null, deadline);
        return r.status() == 200 ? WriteOutcome.inserted(op.key()).withId(op.id()) : refused;
    }

    private static WriteOutcome outcome(Operation op, MultipartBatch.PartResponse part) {
        int status = part.status();
        if (op.kind() == Kind.DELETE) {
            return status == 204 || status == 200 || status == 404 ? WriteOutcome.deleted(op.key()).withId(op.id())
                    : failed(op.key(), status, part.body());
        }
        if (status != 201 && status != 200 && status != 204) {
            return failed(op.key(), status, part.body());
        }
        String id = idOf(op, part);
        if (op.kind() == Kind.CREATE) {
            return WriteOutcome.inserted(op.key()).withId(id);
        }
        return (status == 201 ? WriteOutcome.inserted(op.key()) : WriteOutcome.updated(op.key())).withId(id);
    }

    /** @return the written record's GUID as reads give it, or {@code null} if neither answer nor request says */
    private static String idOf(Operation op, MultipartBatch.PartResponse part) {
        if (op.idColumn() != null && !part.body().isEmpty()) {
            try {
                String id = Json.MAPPER.readTree(part.body()).path(op.idColumn()).asText(null);
                if (id != null && DataverseIds.GUID.matcher(id).matches()) {
                    return id;
                }
            } catch (JsonProcessingException e) {
                // not a representation: the headers or the request say which record it was
            }
        }
        String id = DataverseIds.fromEntityUrl(part.header("OData-EntityId"));
        if (id == null) {
            id = DataverseIds.fromEntityUrl(part.header("Location"));
        }
        return id != null ? id : op.id();
    }

    static WriteOutcome failed(BusinessKey key, int status, String body) {
        String message = ODataErrors.message(status, body);
        Matcher m = ATTRIBUTE.matcher(message);
        return WriteOutcome.failed(key, m.find() ? m.group(1) : null, message);
    }
}
