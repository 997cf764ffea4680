package org.ferry.runtime.internal.connections;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.connector.TestResult;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FerryException;
import org.ferry.runtime.internal.audit.AuditTrail;
import org.ferry.runtime.internal.connections.ConfigChecker.Checked;
import org.ferry.runtime.internal.connections.ConnectionStore.Stored;
import org.ferry.runtime.internal.plugins.ExtensionRegistry;
import org.ferry.runtime.internal.validation.Problems;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConnectionDraft;

/**
 * "Test connection", stored or not: opens the connection and asks it to test itself on a thread of its own, and
 * answers within the time allowed whatever the system does; every test is audited. Unsaved settings are checked as a
 * create checks them (every problem at once), then opened as if stored, with the stored secrets of the connection
 * being edited where the mask is sent; a configuration the connector refuses while opening (a wrong secret found at
 * sign-in) is a failed test naming its fields. Nothing is stored.
 */
final class ConnectionTester {
    /** Few threads: a test that hangs past its time keeps one until the connector gives up, never a request thread. */
    private final ExecutorService tests = Executors.newFixedThreadPool(4,
            Thread.ofPlatform().daemon().name("ferry-connection-test-", 0).factory());
    private final Duration timeout;
    private final ConnectionOpener opener;
    private final ExtensionRegistry registry;
    private final ConfigChecker checker;
    private final AuditTrail audit;

    ConnectionTester(Duration timeout, ConnectionOpener opener, ExtensionRegistry registry, ConfigChecker checker,
                     AuditTrail audit) {
        this.timeout = timeout;
        this.opener = opener;
        this.registry = registry;
        this.checker = checker;
        this.audit = audit;
    }

    TestResult testStored(Stored stored, Actor actor) {
        TestResult result;
        try {
            result = test(() -> opener.open(stored.id()));
        } catch (ConfigurationException e) {
            audit.record(actor, "connection.test", ConnectionManager.subject(stored.id()), "refused: " + e.getMessage());
            throw e;
        }
        audit.record(actor, "connection.test", ConnectionManager.subject(stored.id()), "name=" + stored.name() + ", "
                + (result.ok() ? "ok" : "failed: " + result.message()));
        return result;
    }

    /** @param stored the connection being edited, or {@code null} for a new one */
    TestResult testDraft(ConnectionDraft draft, Stored stored, Actor actor) {
        Problems problems = new Problems();
        String type = stored != null ? stored.type() : draft.type();
        if (type == null || type.isBlank()) {
            problems.add("type", "is required");
            problems.throwIfAny();
        }
        if (stored != null && draft.type() != null && !draft.type().isBlank() && !draft.type().equals(type)) {
            problems.add("type", "cannot be changed (the connection is of type '" + type + "')");
            problems.throwIfAny();
        }
        ConnectorFactory factory = registry.connectorFactory(type).orElse(null);
        if (factory == null) {
            problems.add("type", ConnectionOpener.notDeployed(type));
            problems.throwIfAny();
        }
        Checked checked = checker.check(factory, draft.config(), stored == null ? Set.of() : stored.secrets().keySet(),
                field -> opener.unseal(field, stored.secrets().get(field)), problems);
        problems.throwIfAny();
        String name = draft.name() == null || draft.name().isBlank() ? (stored != null ? stored.name() : "new connection")
                : draft.name().strip();
        Path scratch = opener.workDirectory(stored != null ? stored.id() : "draft-" + UUID.randomUUID());
        TestResult result;
        try {
            result = test(() -> opener.openDraft(factory, name, checked.effective(), scratch));
        } catch (ConfigurationException e) {
            result = TestResult.refused(e, null);
        } finally {
            if (stored == null) {
                opener.removeWorkDirectory(scratch);
            }
        }
        audit.record(actor, "connection.test", stored != null ? ConnectionManager.subject(stored.id()) : "connection:draft",
                "name=" + name + ", type=" + type + ", unsaved settings, " + (result.ok() ? "ok" : "failed: " + result.message()));
        return result;
    }

    /**
     * @throws ConfigurationException when the connection cannot be opened with this configuration (a connector type
     *                                not deployed, a field the connector refuses before calling out)
     */
    private TestResult test(Callable<Connection> open) {
        long started = System.nanoTime();
        Future<TestResult> attempt = tests.submit(() -> {
            try (Connection connection = open.call()) {
                return connection.test();
            }
        });
        try {
            return attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // a closed port, a black-holed address or a slow service: the request thread does not wait for it
            attempt.cancel(true);
            return new TestResult(false, "no answer within " + (timeout.toMillis() < 1000
                    ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s"), elapsed(started));
        } catch (InterruptedException e) {
            attempt.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while testing the connection", e);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof ConfigurationException e) {
                throw e;
            }
            Throwable e = failed.getCause();
            return new TestResult(false, "the connector failed: " + e.getClass().getSimpleName()
                    + (e instanceof FerryException ? ": " + e.getMessage() : ""), elapsed(started));
        }
    }

    void stop() {
        tests.shutdownNow();
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
