package com.example.ferry.csv.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.ferry.api.connector.Capabilities;
import org.ferry.api.connector.ChangeTracking;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.EntityInfo;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.TestResult;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.organization.OrganizationUnit;

/**
 * A csv-files connection: the {@code .csv} files of one folder, each an entity.
 *
 * <p>Thread-safe: its own state is immutable; reads stream from the file they opened, and writes of one
 * file are serialised by that file's lock and replace it atomically, so a reader never sees a half-written
 * file. Organization units do not exist here; the organization argument of writes is ignored.
 */
final class CsvConnection implements Connection {
    /**
     * No change tracking (the engine hashes records instead), deletes written, filters applied by the engine.
     * Each batch rewrites the whole file, so batches are large; and writers of one file only queue on its
     * lock, so a single writer thread is all that helps.
     */
    private static final Capabilities CAPABILITIES =
            new Capabilities(ChangeTracking.NONE, false, true, false, 5000, 1);

    private final CsvSettings settings;
    private final FileLocks locks;

    CsvConnection(CsvSettings settings, FileLocks locks) {
        this.settings = settings;
        this.locks = locks;
    }

    @Override
    public TestResult test() {
        long start = System.nanoTime();
        Path dir = settings.directory();
        String problem;
        if (!Files.isDirectory(dir)) {
            problem = "folder " + dir + " does not exist or is not a folder";
        } else if (!Files.isReadable(dir)) {
            problem = "folder " + dir + " is not readable by the server";
        } else {
            problem = probeWrite(dir);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return problem == null ? new TestResult(true, "folder " + dir + " is readable and writable", elapsed)
                : new TestResult(false, problem, elapsed);
    }

    /** Files.isWritable can say yes where a create fails (read-only mounts, ACLs); creating a file is the test. */
    private static String probeWrite(Path dir) {
        Path probe = dir.resolve(".ferry-test-" + UUID.randomUUID() + ".tmp");
        try {
            Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            Files.delete(probe);
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot create files in folder " + dir + ": " + e.getMessage();
        }
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<EntityInfo> listEntities() {
        TreeSet<String> names = new TreeSet<>(settings.entities().keySet());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(requireDirectory(), "*.csv")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                name = name.substring(0, name.length() - ".csv".length());
                // Names that could not be addressed safely are left out rather than escaped.
                if (DeclarationParser.ENTITY_NAME.matcher(name).matches() && Files.isRegularFile(file)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new ConnectorException("cannot list folder " + settings.directory() + ": " + e.getMessage(), e);
        }
        return names.stream().map(n -> new EntityInfo(n, n)).toList();
    }

    @Override
    public EntitySchema describe(String entity) {
        EntityDeclaration declaration = settings.entities().get(entity);
        if (declaration != null) {
            return declaration.schema();
        }
        Path file = existingFile(entity);
        try (CsvParser parser = new CsvParser(Files.newBufferedReader(file, settings.charset()),
                settings.delimiter())) {
            List<String> header = CsvTable.readHeader(parser);
            return new EntitySchema(entity, entity,
                    header.stream().map(h -> DeclaredField.untyped(h).schema(false)).toList(),
                    List.of(), List.of(), List.of(), null);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    @Override
    public List<OrganizationUnit> organizationUnits() {
        return List.of();
    }

    @Override
    public RecordReader read(ReadRequest request) {
        String entity = request.entity();
        EntityDeclaration declaration = settings.entities().get(entity);
        Path file = declaration != null ? fileOf(entity) : existingFile(entity);
        return new CsvRecordReader(file, entity, declaration, request.fields(), settings, request.pageSize());
    }

    @Override
    public List<WriteOutcome> upsert(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        return rewrite(entity, updater -> updater.upsert(records));
    }

    @Override
    public List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys) {
        return rewrite(entity, updater -> updater.delete(keys));
    }

    /** Loads the file under its lock, applies the batch, and replaces the file if anything changed. */
    private List<WriteOutcome> rewrite(String entity, Function<TableUpdater, List<WriteOutcome>> batch) {
        EntityDeclaration declaration = settings.entities().get(entity);
        if (declaration == null) {
            throw new ConfigurationException(CsvSettings.ENTITIES, "entity '" + entity + "' has no declared "
                    + "business key, so records cannot be matched; declare it in the connection's entities");
        }
        requireDirectory();
        Path file = fileOf(entity);
        ReentrantLock lock = locks.of(file);
        lock.lock();
        try {
            CsvTable table = CsvTable.load(file, settings.charset(), settings.delimiter());
            if (table == null) {
                table = CsvTable.empty(declaration.fieldNames());
            }
            TableUpdater updater = new TableUpdater(table, declaration, settings.charset().newEncoder());
            List<WriteOutcome> outcomes = batch.apply(updater);
            if (updater.changed()) {
                table.writeAtomically(file, settings.charset(), settings.delimiter());
            }
            return outcomes;
        } catch (IOException e) {
            throw failure(file, e);
        } finally {
            lock.unlock();
        }
    }

    private Path requireDirectory() {
        if (!Files.isDirectory(settings.directory())) {
            throw new ConfigurationException(CsvSettings.DIRECTORY,
                    "folder " + settings.directory() + " does not exist");
        }
        return settings.directory();
    }

    /** The entity's file. The name check keeps the file inside the folder whatever the caller passes. */
    private Path fileOf(String entity) {
        if (entity == null || !DeclarationParser.ENTITY_NAME.matcher(entity).matches()) {
            throw new ConfigurationException("entity", "'" + entity + "' is not an entity of this connection");
        }
        return settings.directory().resolve(entity + ".csv");
    }

    private Path existingFile(String entity) {
        Path file = fileOf(entity);
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("entity", "there is no entity '" + entity + "': neither declared nor a file "
                    + entity + ".csv in folder " + settings.directory());
        }
        return file;
    }

    private ConnectorException failure(Path file, IOException e) {
        if (e instanceof CharacterCodingException) {
            return new ConnectorException(file.getFileName() + " is not valid " + settings.charset().name()
                    + " text; set the connection's encoding", e);
        }
        return new ConnectorException("cannot use " + file.getFileName() + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        // Nothing is held open between calls: readers close their own files.
    }
}
