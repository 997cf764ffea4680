package org.ferry.connectors.operations.internal;

import java.net.URI;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ferry.api.connector.ChangeTracking;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.odata.EdmValueConverter;
import org.ferry.connectors.common.odata.Json;
import org.ferry.connectors.common.odata.ODataUrls;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a data entity across companies ({@code cross-company=true}, narrowed by {@code dataAreaId} when an
 * organization is given), following the server's {@code @odata.nextLink} pages with {@code cross-company=true}
 * kept on each.
 *
 * <p>Incremental reads use the entity's modified-date field as a watermark: the checkpoint is the latest
 * modification seen, but never later than the moment the read began (the server's {@code Date}), since a
 * record changed while we paged may sit on a page already read. The next read asks for
 * {@code field ge checkpoint}: records stamped exactly at the checkpoint come again, which is harmless
 * (upserts are idempotent and the engine sees them unchanged) where {@code gt} could lose a record
 * committed in the same second. Entities without such a field ({@link ChangeTracking#NONE} for
 * {@link FinOpsConnection#changeTracking}) have no checkpoint and never a watermark filter: every read is full and
 * the engine compares hashes.
 */
final class FinOpsReader implements RecordReader {
    private final FinOpsClient client;
    private final FinOpsEntity entity;
    private final ReadRequest request;
    private final int pageSize;
    private URI next;
    private boolean started;
    private Instant readStart;
    private Instant maxSeen;
    /** {@code /$count} of what this read returns: the same filter, across companies. */
    private URI countUri;

    FinOpsReader(FinOpsClient client, FinOpsEntity entity, ReadRequest request) {
        this.client = client;
        this.entity = entity;
        this.request = request;
        this.pageSize = Math.min(request.pageSize(), client.pageSize());
    }

    @Override
    public List<EntityRecord> nextPage() {
        if (!started) {
            start();
        }
        if (next == null) {
            return null;
        }
        ApiResponse r = client.get(next, "odata.maxpagesize=" + pageSize);
        if (r.status() != 200) {
            throw client.failure(r, "GET " + next.getRawPath());
        }
        if (readStart == null) {
            readStart = r.header("Date").map(FinOpsReader::httpDate).orElse(null);
        }
        JsonNode page = Json.parse(r.body(), "the answer to GET " + next.getRawPath());
        String link = page.path("@odata.nextLink").asText(null);
        URI current = next;
        next = link == null ? null : FinOpsClient.crossCompany(sameOrigin(ODataUrls.link(current, link)));
        List<EntityRecord> records = new ArrayList<>();
        for (JsonNode row : page.path("value")) {
            records.add(record(row));
        }
        return records;
    }

    /** The entity's {@code /$count} under the read's filter: one more request, for the run's progress. */
    @Override
    public java.util.OptionalLong estimatedTotal() {
        if (countUri == null) {
            return java.util.OptionalLong.empty();
        }
        ApiResponse r = client.get(countUri, "odata.maxpagesize=1");
        if (r.status() != 200) {
            return java.util.OptionalLong.empty();
        }
        try {
            return java.util.OptionalLong.of(Long.parseLong(r.bodyText().replace("\uFEFF", "").trim()));
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    private void start() {
        started = true;
        FinOpsFilterCheck.check(entity, request.filter());
        List<String> filters = new ArrayList<>();
        if (request.filter() != null && !request.filter().isBlank()) {
            filters.add("(" + request.filter() + ")");
        }
        if (request.organization() != null) {
            if (!entity.companySpecific()) {
                throw new ConfigurationException("organization", "data entity '" + entity.name()
                        + "' is shared by all legal entities and cannot be read for one");
            }
            filters.add(FinOpsEntity.COMPANY + " eq " + ODataUrls.stringLiteral(request.organization().id()));
        }
        if (request.checkpoint() != null && entity.watermark() != null) {
            filters.add(entity.watermark() + " ge " + watermark(request.checkpoint()));
        }
        List<Map.Entry<String, String>> options = new ArrayList<>();
        options.add(Map.entry(FinOpsClient.CROSS_COMPANY, "true"));
        if (!request.fields().isEmpty()) {
            List<String> select = new ArrayList<>(entity.key());
            for (String f : request.fields()) {
                if (!select.contains(f) && entity.fields().containsKey(f)) {
                    select.add(f);
                }
            }
            if (entity.watermark() != null && !select.contains(entity.watermark())) {
                select.add(entity.watermark());
            }
            options.add(Map.entry("$select", String.join(",", select)));
        }
        if (!filters.isEmpty()) {
            options.add(Map.entry("$filter", String.join(" and ", filters)));
        }
        next = ODataUrls.uri(client.root(), entity.name(), options);
        countUri = ODataUrls.uri(client.root(), entity.name() + "/$count",
                options.stream().filter(o -> !o.getKey().equals("$select")).toList());
    }

    private static String watermark(String checkpoint) {
        try {
            return Instant.parse(checkpoint).toString();
        } catch (DateTimeParseException e) {
            throw new ConfigurationException("checkpoint", "is not a modified-date watermark; run with all data");
        }
    }

    private EntityRecord record(JsonNode row) {
        EntityRecord.Builder b = EntityRecord.builder(entity.name());
        for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : iterable(row)) {
            String name = e.getKey();
            if (name.startsWith("@") || name.contains("@")) {
                continue;
            }
            b.set(name, EdmValueConverter.read(e.getValue(), entity.edmType(name), name));
        }
        String company = row.path(FinOpsEntity.COMPANY).asText(null);
        b.organization(company);
        BusinessKey key = FinOpsIds.businessKey(entity, row);
        if (key != null) {
            b.key(key);
            b.sourceId(FinOpsIds.of(company, key));
        }
        if (entity.watermark() != null) {
            Value m = EdmValueConverter.read(row.get(entity.watermark()), "Edm.DateTimeOffset", entity.watermark());
            if (m instanceof DateTimeValue dt) {
                b.modifiedOn(dt.value());
                if (maxSeen == null || dt.value().isAfter(maxSeen)) {
                    maxSeen = dt.value();
                }
            }
        }
        return b.build();
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode row) {
        return row::fields;
    }

    private URI sameOrigin(URI link) {
        URI root = URI.create(client.root());
        if (!Objects.equals(root.getScheme(), link.getScheme()) || !Objects.equals(root.getHost(), link.getHost())
                || root.getPort() != link.getPort()) {
            throw new ConnectorException("the service returned a next link to another origin; refusing to follow it");
        }
        return link;
    }

    private static Instant httpDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public String checkpoint() {
        if (entity.watermark() == null) {
            return null;
        }
        Instant cp = maxSeen;
        if (readStart != null && (cp == null || cp.isAfter(readStart))) {
            cp = readStart;
        }
        return cp == null ? request.checkpoint() : cp.toString();
    }

    @Override
    public void close() {
        next = null;
    }
}
