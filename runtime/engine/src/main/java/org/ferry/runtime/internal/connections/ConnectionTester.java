package org.ferry.runtime.internal.connections;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.TestResult;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FerryException;

/**
 * "Test connection", stored or not: opens the connection and asks it to test itself on a thread of its own, and
 * answers within the time allowed whatever the system does. A configuration the connector refuses while opening
 * (a wrong secret found at sign-in) is a failed test naming its fields.
 */
final class ConnectionTester {
    /** Few threads: a test that hangs past its time keeps one until the connector gives up, never a request thread. */
    private final ExecutorService tests = Executors.newFixedThreadPool(4,
            Thread.ofPlatform().daemon().name("ferry-connection-test-", 0).factory());
    private final Duration timeout;

    ConnectionTester(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @throws ConfigurationException when the connection cannot be opened with this configuration (a connector type
     *                                not deployed, a field the connector refuses before calling out)
     */
    TestResult test(Callable<Connection> open) {
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
