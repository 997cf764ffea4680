package org.ferry.connectors.sales.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.connectors.common.http.ApiRequest;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.http.Deadline;
import org.ferry.connectors.common.http.HttpTransport;
import org.ferry.connectors.common.odata.Json;
import org.ferry.connectors.common.odata.ODataErrors;
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes records with {@code UpsertMultiple}, the bulk message that gives "the best performance", where the table
 * supports it: asked of the service once per table and connection ({@code sdkmessagefilters}), else the caller
 * writes through {@code $batch}.
 *
 * <p>Every record is addressed by its GUID ({@code @odata.id}): the one found by its key, or the one chosen to create
 * it (so a request resent after a lost answer writes the same records again, never twice). UpsertMultiple answers 204
 * without saying which records it created; since the connector found which exist before, it knows.
 *
 * <p>A call's records are spread over as many requests as the application users may run at once (the service's
 * {@code x-ms-dop-hint} for each), in equal parts of at most {@value #MAX_PER_REQUEST}, so they end together and the
 * budget is not left idle behind one long request. On a standard table one bad record rolls the whole request back:
 * the request is then split in two and each half sent again, until the bad records stand alone and fail with their
 * own message, while every other record is written exactly once.
 */
final class BulkWriter {
    /** Dataverse's recommended bulk sizes for standard tables go up to 1,000 records. */
    static final int MAX_PER_REQUEST = 1000;
    private static final String MESSAGE = "UpsertMultiple";

    private final DataverseClient client;
    private final Map<String, Boolean> supported = new ConcurrentHashMap<>();

    BulkWriter(DataverseClient client) {
        this.client = client;
    }

    /** @return whether the table supports {@code UpsertMultiple}, asked the first time and remembered */
    boolean supports(EntityModel model) {
        return supported.computeIfAbsent(model.name(), this::ask);
    }

    private boolean ask(String table) {
        URI uri = ODataUrls.uri(client.root(), "sdkmessagefilters", List.of(Map.entry("$select", "sdkmessagefilterid"),
                Map.entry("$filter", "sdkmessageid/name eq '" + MESSAGE + "' and primaryobjecttypecode eq '"
                        + table.replace("'", "''") + "'")));
        ApiResponse r = client.get(uri, null);
        // an application user who may not read the message filters gets $batch, which every table takes
        return r.status() == 200 && Json.parse(r.body(), "the sdkmessagefilters of " + table).path("value").size() > 0;
    }

    /**
     * @param operations prepared writes by GUID, {@code null} where the record already failed (its outcome is given)
     * @param outcomes   pre-filled outcomes of records that failed before sending; filled in by this call
     * @return the outcomes, or {@code null} when the service refused the message for this table after all (then it
     *         is remembered as unsupported and the caller writes through {@code $batch})
     */
    List<WriteOutcome> execute(EntityModel model, List<ODataBatchWriter.Operation> operations, WriteOutcome[] outcomes) {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i) != null) {
                pending.add(i);
            }
        }
        if (pending.isEmpty()) {
            return List.of(outcomes);
        }
        // each user's share of the requests is as many as it may run at once: all of them end together
        List<HttpTransport> slots = new ArrayList<>();
        for (HttpTransport user : client.session().users()) {
            if (user.gate().remainingPause().isZero()) {
                for (int k = 0; k < user.gate().limit(); k++) {
                    slots.add(user);
                }
            }
        }
        if (slots.isEmpty()) {
            slots.add(client.transport());
        }
        int parallel = slots.size();
        int requests = Math.max(parallel, (pending.size() + MAX_PER_REQUEST - 1) / MAX_PER_REQUEST);
        requests = Math.min(pending.size(), (requests + parallel - 1) / parallel * parallel);
        int size = (pending.size() + requests - 1) / requests;
        Deadline deadline = client.transport().retryPolicy().deadline();
        boolean[] refused = new boolean[1];
        List<Runnable> sends = new ArrayList<>();
        for (int from = 0, n = 0; from < pending.size(); from += size, n++) {
            List<Integer> part = pending.subList(from, Math.min(pending.size(), from + size));
            HttpTransport user = slots.get(n % slots.size());
            sends.add(() -> send(model, operations, part, outcomes, deadline, refused, user));
        }
        Parallel.run(sends);
        if (refused[0]) {
            supported.put(model.name(), false);
            return null;
        }
        return List.of(outcomes);
    }

    /** Sends some records in one request; when it is rolled back, each half again, down to the bad records alone. */
    private void send(EntityModel model, List<ODataBatchWriter.Operation> operations, List<Integer> part,
                      WriteOutcome[] outcomes, Deadline deadline, boolean[] refused, HttpTransport user) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode targets = body.putArray("Targets");
        for (int i : part) {
            targets.add(target(model, operations.get(i)));
        }
        Map<String, String> headers = client.writeHeaders();
        headers.put("Content-Type", "application/json; charset=utf-8");
        URI uri = URI.create(client.root() + model.entitySet() + "/Microsoft.Dynamics.CRM." + MESSAGE);
        // by GUID, so sending it again after a lost answer writes the same records: idempotent
        ApiResponse r = user.send(new ApiRequest("POST", uri, headers, Json.bytes(body), true), deadline);
        if (r.status() == 204 || r.status() == 200) {
            for (int i : part) {
                ODataBatchWriter.Operation op = operations.get(i);
                outcomes[i] = (op.kind() == ODataBatchWriter.Kind.CREATE ? WriteOutcome.inserted(op.key())
                        : WriteOutcome.updated(op.key())).withId(op.id());
            }
            return;
        }
        if (r.status() == 404 && !refused[0] && ODataErrors.message(r).contains(MESSAGE)) {
            // the message is not bound to this table after all
            refused[0] = true;
            return;
        }
        if (refused[0]) {
            return;
        }
        if (part.size() == 1) {
            ODataBatchWriter.Operation op = operations.get(part.get(0));
            outcomes[part.get(0)] = ODataBatchWriter.failed(op.key(), r.status(), r.bodyText());
            return;
        }
        int half = part.size() / 2;
        List<Integer> first = part.subList(0, half);
        List<Integer> second = part.subList(half, part.size());
        Parallel.run(List.of(() -> send(model, operations, first, outcomes, deadline, refused, client.transport()),
                () -> send(model, operations, second, outcomes, deadline, refused, client.transport())));
    }

    /** The record as an item of {@code Targets}: its type, its address by GUID, and its values. */
    private static ObjectNode target(EntityModel model, ODataBatchWriter.Operation op) {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("@odata.type", "Microsoft.Dynamics.CRM." + model.name());
        t.put("@odata.id", model.entitySet() + "(" + op.id() + ")");
        try {
            t.setAll((ObjectNode) Json.MAPPER.readTree(op.part().body()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a prepared body is not JSON", e);
        }
        return t;
    }

    /** @return the tables asked so far and the answer, for tests and messages */
    Map<String, Boolean> known() {
        return new LinkedHashMap<>(supported);
    }
}
