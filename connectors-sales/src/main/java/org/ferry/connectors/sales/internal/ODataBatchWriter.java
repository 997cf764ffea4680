package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.connectors.common.odata.BatchSender;
import org.ferry.connectors.common.odata.Json;
import org.ferry.connectors.common.odata.MultipartBatch;
import org.ferry.connectors.common.odata.ODataErrors;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Sends upserts, creates and deletes through {@code $batch} ({@link BatchSender}), one top-level part per record
 * and never a change set, with {@code Prefer: odata.continue-on-error}: a change set is atomic, so one refused
 * record would sink the rest; as top-level parts every record answers for itself.
 *
 * <p>Upserts and deletes are addressed by key or GUID (PATCH, DELETE), so re-sending a batch whose connection
 * dropped after the server applied it is harmless, and the transport retries such a batch as a whole. A
 * create (POST) is not: a batch holding one is sent once, and if its connection breaks after sending, its
 * creates fail as unknown rather than risk a duplicate, while its other parts are sent again. Parts the
 * server throttled individually are sent again in a smaller batch after their {@code Retry-After}.
 *
 * <p>Upserts ask for {@code return=representation} selecting only the id: Dataverse then answers 201 for
 * a create and 200 for an update, which the run statistics need, at the cost of one extra retrieve per
 * record on the server. A plain 204 (a server that ignores the preference) counts as UPDATED.
 *
 * <p>Outcomes carry the written record's GUID as reads give it: the id in the answer's body, else the one
 * in {@code OData-EntityId} (or {@code Location}), else the GUID the request addressed.
 */
final class ODataBatchWriter {
    private static final Pattern ATTRIBUTE = Pattern.compile("'([A-Za-z0-9_]+)' attribute");
    private static final String UNKNOWN_CREATE = "the connection broke after the batch creating this record was sent,"
            + " so whether Dataverse created it is unknown; it was not sent again, which could have created it twice";

    /** What a part does, which decides what its answer means and whether it may be sent twice. */
    enum Kind { UPSERT, CREATE, DELETE }

    /**
     * One prepared operation.
     *
     * @param id       the GUID it addresses, or {@code null} when it is addressed by key or creates
     * @param idColumn the table's primary key column, where the answer's body carries the id
     */
    record Operation(BusinessKey key, MultipartBatch.Part part, Kind kind, String id, String idColumn) {
    }

    private final BatchSender batches;

    ODataBatchWriter(DataverseClient client) {
        // one $batch per call, as many parts as Dataverse takes (1000); the engine's batches are smaller
        this.batches = new BatchSender(client.transport(), URI.create(client.root() + "$batch"),
                DataverseClient.headers(null), 1000, 1);
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
                requests.add(new BatchSender.Request(op.part(), op.kind() != Kind.CREATE));
            }
        }
        List<BatchSender.Result> results = batches.send(requests);
        for (int p = 0; p < pending.size(); p++) {
            Operation op = operations.get(pending.get(p));
            BatchSender.Result r = results.get(p);
            outcomes[pending.get(p)] = switch (r.fate()) {
                case ANSWERED -> outcome(op, r.answer());
                case LOST -> WriteOutcome.failed(op.key(), null, UNKNOWN_CREATE);
                case REFUSED -> WriteOutcome.failed(op.key(), null, r.message());
            };
        }
        return List.of(outcomes);
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
        if (op.kind() == Kind.CREATE && id == null) {
            return WriteOutcome.failed(op.key(), null, "Dataverse created the record (HTTP " + status
                    + ") but named no id for it, so it cannot be written by id later");
        }
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

    private static WriteOutcome failed(BusinessKey key, int status, String body) {
        String message = ODataErrors.message(status, body);
        Matcher m = ATTRIBUTE.matcher(message);
        return WriteOutcome.failed(key, m.find() ? m.group(1) : null, message);
    }
}
