package org.ferry.sandbox.internal.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.ferry.sandbox.ServerCosts;
import org.ferry.sandbox.internal.data.EntitySchema;
import org.ferry.sandbox.internal.data.EntityTable;
import org.ferry.sandbox.internal.data.Field;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;
import org.ferry.sandbox.internal.http.Json;

/**
 * The data management package REST API (reference {@code dynamics-apis.md} §3.8): OData actions on
 * {@code DataManagementDefinitionGroups}. A client gets a writable blob URL ({@code GetAzureWriteUrl}), uploads a data
 * package there (a zip with {@code Manifest.xml}, {@code PackageHeader.xml} and one CSV file per entity), starts
 * {@code ImportFromPackage} into a data project for a legal entity, polls {@code GetExecutionSummaryStatus} until the
 * job ends ({@code Succeeded}, {@code PartiallySucceeded}, {@code Failed}), and for failed records asks
 * {@code GenerateImportTargetErrorKeysFile} and downloads {@code GetImportTargetErrorKeysFileUrl}.
 *
 * <p>Choices where the documentation is silent (sandbox README): the manifest names each entity by its public entity
 * set ({@code EntityName}) and its file ({@code InputFilePath}); a data project that does not exist is created from
 * the package's manifest; imports run one at a time on the environment (the documentation says not to call
 * ImportFromPackage in parallel), each taking {@code package-job-ms} plus {@code package-record-cost-ms} a record; a
 * record is created or updated by its entity key within the legal entity, through the same validation as an OData
 * write, and one that fails is left out while the others are imported; the error keys file is a CSV of the failed
 * records' key fields followed by an {@code ErrorMessage} column with the infolog text.
 */
public final class OperationsPackages {
    static final String ACTIONS = "DataManagementDefinitionGroups/Microsoft.Dynamics.DataEntities.";

    private final OperationsRows rows;
    private final OperationsWriter writer;
    private final ServerCosts costs;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ferry-sandbox-dmf");
        t.setDaemon(true);
        return t;
    });
    private volatile String blobRoot;

    private static final class Execution {
        volatile String status = "NotRun";
        final Map<String, List<String[]>> errors = new HashMap<>();
        final Map<String, List<String>> errorKeys = new HashMap<>();
    }

    OperationsPackages(OperationsRows rows, OperationsWriter writer, ServerCosts costs) {
        this.rows = rows;
        this.writer = writer;
        this.costs = costs;
    }

    /** @param root the sandbox's base URL ({@code …/sandbox/}), where its blob store answers */
    public void blobRoot(String root) {
        this.blobRoot = root;
    }

    /** {@code PUT}/{@code GET} of a blob, {@code blob/<id>}: the storage the write URLs point at. */
    public ApiResponse blob(ApiRequest req, String id) {
        if (req.method().equals("PUT")) {
            blobs.put(id, req.body());
            return ApiResponse.empty(201);
        }
        byte[] b = blobs.get(id);
        return b == null ? ApiResponse.text(404, "application/xml", "<Error><Code>BlobNotFound</Code></Error>")
                : new ApiResponse(200, b).header("Content-Type", "application/octet-stream");
    }

    /** @return whether {@code path} is one of the package actions */
    static boolean handles(String path) {
        return path.startsWith(ACTIONS);
    }

    ApiResponse action(ApiRequest req) throws ApiException {
        String action = req.path().substring(ACTIONS.length());
        if (!req.method().equals("POST")) {
            throw OperationsErrors.odata(405, "The HTTP method '" + req.method() + "' is not allowed for " + action + ".");
        }
        ObjectNode p = Json.object(req.body());
        return switch (action) {
            case "GetAzureWriteUrl" -> {
                String id = UUID.randomUUID().toString();
                String url = blobRoot + "blob/" + id + "?sv=2014-02-14&sr=b&sig=" + UUID.randomUUID() + "&se=2099-01-01&sp=rw";
                ObjectNode v = Json.newObject().put("BlobId", "{" + id + "}").put("BlobUrl", url);
                yield value(req, "Edm.String", v.toString());
            }
            case "ImportFromPackage" -> importFromPackage(req, p);
            case "GetExecutionSummaryStatus" -> value(req, "Edm.String", execution(p).status);
            case "GenerateImportTargetErrorKeysFile" -> {
                Execution e = execution(p);
                String entity = text(p, "entityName");
                synchronized (e) {
                    List<String[]> failed = e.errors.getOrDefault(entity, List.of());
                    if (!failed.isEmpty()) {
                        List<String[]> csv = new ArrayList<>();
                        List<String> header = new ArrayList<>(e.errorKeys.get(entity));
                        header.add("ErrorMessage");
                        csv.add(header.toArray(String[]::new));
                        csv.addAll(failed);
                        blobs.put("errors-" + text(p, "executionId") + "-" + entity, Csv.write(csv).getBytes(StandardCharsets.UTF_8));
                    }
                    ObjectNode o = Json.newObject();
                    o.put("@odata.context", req.serviceRoot() + "$metadata#Edm.Boolean");
                    o.put("value", !failed.isEmpty());
                    yield ApiResponse.json(200, o);
                }
            }
            case "GetImportTargetErrorKeysFileUrl" -> {
                String key = "errors-" + text(p, "executionId") + "-" + text(p, "entityName");
                yield value(req, "Edm.String", blobs.containsKey(key) ? blobRoot + "blob/" + key + "?sig=" + UUID.randomUUID() : "");
            }
            default -> throw new ApiException(404, "", "No HTTP resource was found that matches the request URI '"
                    + req.path() + "'.");
        };
    }

    private ApiResponse importFromPackage(ApiRequest req, ObjectNode p) throws ApiException {
        String url = text(p, "packageUrl");
        String legalEntity = text(p, "legalEntityId").toLowerCase(java.util.Locale.ROOT);
        text(p, "definitionGroupId");
        int at = url.indexOf("blob/");
        byte[] zip = at < 0 ? null : blobs.get(url.substring(at + 5).replaceFirst("\\?.*$", ""));
        if (zip == null) {
            throw OperationsErrors.odata(400, "The package at '" + url + "' cannot be read.");
        }
        if (!OperationsModel.LEGAL_ENTITIES.contains(legalEntity)) {
            throw OperationsErrors.odata(400, "Legal entity '" + legalEntity + "' does not exist.");
        }
        Map<String, byte[]> files = unzip(zip);
        byte[] manifest = files.get("Manifest.xml");
        if (manifest == null) {
            throw OperationsErrors.odata(400, "The package has no Manifest.xml.");
        }
        String executionId = p.hasNonNull("executionId") && !p.get("executionId").asText().isBlank()
                ? p.get("executionId").asText() : "Ferry-" + UUID.randomUUID();
        Execution e = new Execution();
        executions.put(executionId, e);
        jobs.submit(() -> run(e, new String(manifest, StandardCharsets.UTF_8), files, legalEntity));
        return value(req, "Edm.String", executionId);
    }

    /** Imports every entity file the manifest lists, one record at a time, keeping the failures. */
    private void run(Execution e, String manifest, Map<String, byte[]> files, String legalEntity) {
        e.status = "Executing";
        long started = System.nanoTime();
        int records = 0;
        int failures = 0;
        Matcher m = Pattern.compile("<EntityName>([^<]+)</EntityName>.*?<InputFilePath>([^<]+)</InputFilePath>",
                Pattern.DOTALL).matcher(manifest);
        try {
            while (m.find()) {
                String entity = m.group(1).trim();
                byte[] file = files.get(m.group(2).trim());
                EntityTable table = rows.store().table(entity);
                if (table == null || file == null) {
                    e.status = "Failed";
                    return;
                }
                EntitySchema s = table.schema();
                List<String[]> lines = Csv.parse(new String(file, StandardCharsets.UTF_8));
                String[] header = lines.isEmpty() ? new String[0] : lines.get(0);
                List<String> keys = s.key().stream().filter(k -> !k.equals(OperationsModel.DATA_AREA)).toList();
                synchronized (e) {
                    e.errorKeys.put(entity, keys);
                }
                for (int r = 1; r < lines.size(); r++) {
                    records++;
                    String[] line = lines.get(r);
                    String error = importRow(table, header, line, legalEntity);
                    if (error != null) {
                        failures++;
                        String[] failed = new String[keys.size() + 1];
                        for (int k = 0; k < keys.size(); k++) {
                            int col = java.util.Arrays.asList(header).indexOf(keys.get(k));
                            failed[k] = col < 0 || col >= line.length ? "" : line[col];
                        }
                        failed[keys.size()] = error;
                        synchronized (e) {
                            e.errors.computeIfAbsent(entity, x -> new ArrayList<>()).add(failed);
                        }
                    }
                }
            }
        } catch (RuntimeException ex) {
            e.status = "Failed";
            return;
        }
        // a set-based job: its fixed cost, then its records
        long ms = (long) (costs.scale() * (costs.packageJobMs() + records * costs.packageRecordMs()));
        long left = started + ms * 1_000_000 - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(left));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        e.status = failures == 0 ? "Succeeded" : failures == records ? "Failed" : "PartiallySucceeded";
    }

    /** @return null when the record was created or updated, else the infolog of its failure */
    private String importRow(EntityTable table, String[] header, String[] line, String legalEntity) {
        EntitySchema s = table.schema();
        ObjectNode body = Json.newObject();
        try {
            for (int c = 0; c < header.length && c < line.length; c++) {
                String name = header[c];
                Field f = s.field(name);
                if (f == null) {
                    return "Field '" + name + "' does not exist in " + s.setName() + ".";
                }
                String v = line[c];
                if (v.isEmpty() || name.equals(OperationsModel.DATA_AREA)) {
                    continue;
                }
                switch (f.type()) {
                    case INT, BIGINT -> body.put(name, Long.parseLong(v.trim()));
                    case DECIMAL -> body.put(name, new java.math.BigDecimal(v.trim()));
                    case BOOLEAN -> body.put(name, Boolean.parseBoolean(v.trim()));
                    default -> body.put(name, v);
                }
            }
            if (OperationsModel.companyScoped(s)) {
                body.put(OperationsModel.DATA_AREA, legalEntity);
            }
            Map<String, Object> keys = new java.util.LinkedHashMap<>();
            for (String k : s.key()) {
                JsonNode v = body.get(k);
                if (v == null) {
                    return "Error: the key field '" + k + "' has no value.";
                }
                keys.put(k, v.isNumber() ? (Object) v.longValue() : v.asText());
            }
            String id = OperationsRows.id(s, keys);
            ApiRequest part = new ApiRequest(table.get(id) == null ? "POST" : "PATCH", s.setName(), Map.of(),
                    ApiRequest.headerMap(), Json.bytes(body), "");
            if (part.method().equals("POST")) {
                writer.create(part, table);
            } else {
                ObjectNode changes = body.deepCopy();
                writer.update(new ApiRequest("PATCH", s.setName(), Map.of(), ApiRequest.headerMap(), Json.bytes(changes), ""),
                        table, id, keys);
            }
            return null;
        } catch (ApiException ex) {
            return ex.getMessage();
        } catch (RuntimeException ex) {
            return "Error: " + ex.getMessage();
        }
    }

    private Execution execution(ObjectNode p) throws ApiException {
        Execution e = executions.get(text(p, "executionId"));
        if (e == null) {
            Execution unknown = new Execution();
            unknown.status = "Unknown";
            return unknown;
        }
        return e;
    }

    private static String text(ObjectNode p, String name) throws ApiException {
        JsonNode v = p.get(name);
        if (v == null || v.isNull()) {
            throw OperationsErrors.odata(400, "The parameter '" + name + "' is missing.");
        }
        return v.asText();
    }

    private static ApiResponse value(ApiRequest req, String type, String v) {
        ObjectNode o = Json.newObject();
        o.put("@odata.context", req.serviceRoot() + "$metadata#" + type);
        o.put("value", v);
        return ApiResponse.json(200, o);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws ApiException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw OperationsErrors.odata(400, "The package is not a zip file: " + e.getMessage());
        }
        return files;
    }

    /** RFC 4180 CSV, as data packages carry it: rows of text cells, the header being the first. */
    static final class Csv {
        private static final CsvMapper MAPPER = CsvMapper.builder()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .build();
        private static final ObjectWriter WRITER = MAPPER.writer(CsvSchema.emptySchema().withLineSeparator("\r\n"));
        private static final ObjectReader READER = MAPPER.readerFor(String[].class).with(CsvSchema.emptySchema());

        private Csv() {
        }

        /** @return the rows with CRLF line ends, values quoted where Jackson finds it needed, {@code null} empty */
        static String write(List<String[]> rows) {
            try {
                return WRITER.writeValueAsString(rows);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** @return the rows of the text; blank lines (a trailing line end among them) are no rows */
        static List<String[]> parse(String text) {
            try (MappingIterator<String[]> rows = READER.readValues(text)) {
                return rows.readAll();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
