package org.ferry.connectors.operations.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RecordException;
import org.ferry.api.error.RetriableException;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.connectors.common.http.ApiRequest;
import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.http.Deadline;
import org.ferry.connectors.common.http.HttpTransport;
import org.ferry.connectors.common.odata.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Writes records through the data management package API, which Microsoft recommends over OData for large volumes
 * ("If the volume is more than a few hundred thousand records, you should use the batch data API"): the records of
 * one legal entity become a data package (a zip with a manifest and a CSV file), uploaded to the blob URL the service
 * hands out ({@code GetAzureWriteUrl}) without Ferry's token, imported into a data project
 * ({@code ImportFromPackage}), and followed ({@code GetExecutionSummaryStatus}) until the job ends. Records the job
 * refused come back from the error keys file ({@code GenerateImportTargetErrorKeysFile},
 * {@code GetImportTargetErrorKeysFileUrl}) by their key, as failures with the service's message; every other record
 * was written. The package API does not say which records it created, so written records count as updated.
 *
 * <p>Imports of one connection run one at a time: the documentation asks not to call ImportFromPackage in parallel.
 */
final class FinOpsPackageWriter {
    private static final String ACTIONS = "DataManagementDefinitionGroups/Microsoft.Dynamics.DataEntities.";
    /** A job can run long; it is followed this long at most, beyond the retry budget of each request. */
    private static final Duration JOB_LIMIT = Duration.ofHours(2);
    /** Rows as arrays of text, no schema: no column is typed, and the header is the first row. */
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();
    private static final ObjectWriter CSV_WRITER = CSV.writer(CsvSchema.emptySchema().withLineSeparator("\r\n"));
    private static final ObjectReader CSV_READER = CSV.readerFor(String[].class).with(CsvSchema.emptySchema());

    private final FinOpsClient client;
    private final String dataProject;

    /** @param dataProject the data project (definition group) to import into; {@code null}: "Ferry &lt;entity&gt;" */
    FinOpsPackageWriter(FinOpsClient client, String dataProject) {
        this.client = client;
        this.dataProject = dataProject;
    }

    synchronized List<WriteOutcome> upsert(FinOpsEntity entity, OrganizationUnit organization, List<EntityRecord> records) {
        WriteOutcome[] outcomes = new WriteOutcome[records.size()];
        Map<String, List<Integer>> byCompany = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            EntityRecord r = records.get(i);
            String company = organization != null ? organization.id()
                    : r.get(FinOpsEntity.COMPANY) != null ? r.get(FinOpsEntity.COMPANY).asText() : r.organization();
            if (company == null || company.isBlank()) {
                outcomes[i] = WriteOutcome.failed(r.key(), FinOpsEntity.COMPANY,
                        "no legal entity: write with an organization unit or a dataAreaId");
                continue;
            }
            byCompany.computeIfAbsent(company.toLowerCase(Locale.ROOT), c -> new ArrayList<>()).add(i);
        }
        byCompany.forEach((company, indexes) -> importCompany(entity, company, records, indexes, outcomes));
        return List.of(outcomes);
    }

    private void importCompany(FinOpsEntity entity, String company, List<EntityRecord> records, List<Integer> indexes,
                               WriteOutcome[] outcomes) {
        List<String> keyFields = entity.key().stream().filter(k -> !k.equals(FinOpsEntity.COMPANY)).toList();
        Set<String> columns = new LinkedHashSet<>(keyFields);
        List<Integer> sent = new ArrayList<>();
        for (int i : indexes) {
            EntityRecord r = records.get(i);
            try {
                for (String k : keyFields) {
                    if (value(r, k) == null) {
                        throw new RecordException(k, "key field '" + k + "' has no value");
                    }
                }
                for (String f : r.values().keySet()) {
                    if (entity.field(f).isEmpty()) {
                        throw new RecordException(f, "data entity '" + entity.name() + "' has no field '" + f + "'");
                    }
                    if (!f.equals(FinOpsEntity.COMPANY) && !f.equals(entity.watermark())) {
                        columns.add(f);
                    }
                }
                sent.add(i);
            } catch (RecordException e) {
                outcomes[i] = WriteOutcome.failed(r.key(), e.field(), e.getMessage());
            }
        }
        if (sent.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(columns.toArray(String[]::new));
        Map<String, Integer> byKey = new HashMap<>();
        for (int i : sent) {
            EntityRecord r = records.get(i);
            rows.add(columns.stream().map(c -> value(r, c)).toArray(String[]::new));
            byKey.put(keyText(keyFields.stream().map(k -> value(records.get(i), k)).toList()), i);
        }
        Deadline deadline = Deadline.after(JOB_LIMIT);
        String executionId = importPackage(entity, company, writeCsv(rows), deadline);
        String status = awaitJob(executionId, deadline);
        Map<Integer, String> failures = new HashMap<>();
        if (!status.equals("Succeeded")) {
            for (String[] row : errorKeys(entity, executionId, deadline)) {
                Integer i = byKey.get(keyText(List.of(row).subList(0, Math.min(row.length, keyFields.size()))));
                if (i != null) {
                    failures.put(i, row.length > keyFields.size() ? row[keyFields.size()] : "the import refused the record");
                }
            }
            if (failures.isEmpty()) {
                throw new ConnectorException("the import of " + sent.size() + " " + entity.name() + " records into "
                        + company + " ended " + status + " (execution " + executionId + ") without naming failed records");
            }
        }
        for (int i : sent) {
            EntityRecord r = records.get(i);
            String failure = failures.get(i);
            outcomes[i] = failure == null ? WriteOutcome.updated(r.key()) : WriteOutcome.failed(r.key(), null, failure);
        }
    }

    private String importPackage(FinOpsEntity entity, String company, String csv, Deadline deadline) {
        String file = entity.name() + ".csv";
        JsonNode write = Json.parse(action("GetAzureWriteUrl", Map.of("uniqueFileName", "ferry-" + UUID.randomUUID()),
                deadline).path("value").asText("{}").getBytes(StandardCharsets.UTF_8), "GetAzureWriteUrl");
        URI blob = blobUrl(write.path("BlobUrl").asText(null));
        byte[] zip = zip(Map.of("Manifest.xml", manifest(entity.name(), file), "PackageHeader.xml", HEADER,
                file, csv));
        HttpTransport storage = client.session().unauthenticated();
        ApiResponse put = storage.send(new ApiRequest("PUT", blob, Map.of("x-ms-blob-type", "BlockBlob",
                "Content-Type", "application/zip"), zip, true), deadline);
        if (put.status() != 201 && put.status() != 200) {
            throw new ConnectorException("uploading the data package failed: HTTP " + put.status());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("packageUrl", blob.toString());
        params.put("definitionGroupId", dataProject != null ? dataProject : "Ferry " + entity.name());
        params.put("executionId", "");
        params.put("execute", true);
        params.put("overwrite", true);
        params.put("legalEntityId", company);
        return action("ImportFromPackage", params, deadline).path("value").asText();
    }

    /**
     * Polls the job until it has ended: every 100 ms at first, half again as long each time, at most every 2 s, so a
     * short job is seen done soon after it is and a long one costs few requests.
     */
    private String awaitJob(String executionId, Deadline deadline) {
        long wait = 100;
        while (true) {
            String status = action("GetExecutionSummaryStatus", Map.of("executionId", executionId), deadline)
                    .path("value").asText();
            switch (status) {
                case "Succeeded", "PartiallySucceeded", "Failed" -> {
                    return status;
                }
                case "Canceled" -> throw new ConnectorException("the import job " + executionId + " was canceled");
                default -> {
                    wait = Math.min(2000, wait * 3 / 2);
                    if (!deadline.allows(Duration.ofMillis(wait))) {
                        throw new RetriableException("the import job " + executionId + " did not end within "
                                + JOB_LIMIT.toMinutes() + " minutes (status " + status + ")", null, null);
                    }
                    HttpTransport.pause(Duration.ofMillis(wait));
                }
            }
        }
    }

    /** @return the failed records' rows of the error keys file: their key fields, then the message */
    private List<String[]> errorKeys(FinOpsEntity entity, String executionId, Deadline deadline) {
        Map<String, Object> p = Map.of("executionId", executionId, "entityName", entity.name());
        if (!action("GenerateImportTargetErrorKeysFile", p, deadline).path("value").asBoolean(false)) {
            return List.of();
        }
        String url = "";
        for (long wait = 250; url.isEmpty(); wait = Math.min(5000, wait * 2)) {
            url = action("GetImportTargetErrorKeysFileUrl", p, deadline).path("value").asText("");
            if (url.isEmpty()) {
                HttpTransport.pause(Duration.ofMillis(wait));
            }
        }
        ApiResponse file = client.session().unauthenticated().send(ApiRequest.get(blobUrl(url), Map.of()), deadline);
        if (file.status() != 200) {
            throw new ConnectorException("the error keys file of execution " + executionId + " cannot be read: HTTP "
                    + file.status());
        }
        List<String[]> rows;
        try {
            rows = parseCsv(file.bodyText());
        } catch (IOException e) {
            throw new ConnectorException("the error keys file of execution " + executionId + " is not CSV: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        return rows.isEmpty() ? rows : rows.subList(1, rows.size());
    }

    private JsonNode action(String name, Map<String, ?> params, Deadline deadline) {
        ObjectNode body = Json.MAPPER.valueToTree(params);
        Map<String, String> headers = FinOpsClient.headers(null);
        headers.put("Content-Type", "application/json");
        URI uri = URI.create(client.root() + ACTIONS + name);
        ApiResponse r = client.transport().send(new ApiRequest("POST", uri, headers, Json.bytes(body),
                !name.equals("ImportFromPackage")), deadline);
        if (r.status() != 200) {
            throw client.failure(r, name);
        }
        return Json.parse(r.body(), "the answer to " + name);
    }

    /** A storage URL must be https (or on this machine, as the sandbox's is): Ferry uploads customer data to it. */
    private URI blobUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new ConnectorException("the service gave no blob URL for the data package");
        }
        URI uri = URI.create(text);
        boolean local = uri.getHost() != null && (uri.getHost().equals("127.0.0.1") || uri.getHost().equals("localhost"));
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !local) {
            throw new ConnectorException("the service's blob URL is not https: " + uri.getScheme() + "://" + uri.getHost());
        }
        return uri;
    }

    private static String value(EntityRecord r, String field) {
        Value v = r.get(field);
        if (v == null && r.key() != null) {
            return r.key().get(field);
        }
        if (v instanceof ReferenceValue ref) {
            return ref.key() != null && ref.key().fields().size() == 1 ? ref.key().get(ref.key().fields().get(0)) : ref.id();
        }
        return v == null ? null : v.asText();
    }

    private static String keyText(List<String> values) {
        return String.join("\u0001", values.stream().map(v -> v == null ? "" : v.toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * A data package's CSV, as RFC 4180 with CRLF line ends: a value is quoted when it holds a comma, a quote, a line
     * break, a space or another character below {@code '-'} (Jackson's default check); {@code null} is an empty cell.
     */
    static String writeCsv(List<String[]> rows) {
        try {
            return CSV_WRITER.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the rows of a CSV text, every cell as text; blank lines (a trailing line end among them) are no rows */
    static List<String[]> parseCsv(String text) throws IOException {
        try (MappingIterator<String[]> rows = CSV_READER.readValues(text)) {
            return rows.readAll();
        }
    }

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<DataManagementPackageHeader"
            + " xmlns=\"http://schemas.datacontract.org/2004/07/Microsoft.Dynamics.AX.Framework.Tools.DataManagement."
            + "Serialization\"><Description>Ferry</Description><ManifestType>Microsoft.Dynamics.AX.Framework.Tools."
            + "DataManagement.Serialization.DataManagementPackageManifest</ManifestType><PackageType>DefinitionGroup"
            + "</PackageType><PackageVersion>2</PackageVersion></DataManagementPackageHeader>\n";

    private static String manifest(String entity, String file) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<DataManagementPackageManifest xmlns=\"http://schemas."
                + "datacontract.org/2004/07/Microsoft.Dynamics.AX.Framework.Tools.DataManagement.Serialization\">"
                + "<PackageEntityList><DataManagementPackageEntityData><DefaultRefreshType>Full</DefaultRefreshType>"
                + "<EntityName>" + entity + "</EntityName><InputFilePath>" + file + "</InputFilePath>"
                + "<SourceFormat>CSV</SourceFormat></DataManagementPackageEntityData></PackageEntityList>"
                + "</DataManagementPackageManifest>\n";
    }

    private static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
