package org.ferry.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waits until this server answers over HTTP, so "up" is printed only when it is true. The admin API's
 * health answer names the instance that gave it; an answer from any other instance means another server
 * holds the port (it took it after {@link ListenCheck} looked), and is never taken for this one's.
 */
final class Readiness {
    private static final Pattern INSTANCE = Pattern.compile("\"instance\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern STARTING = Pattern.compile("\"status\"\\s*:\\s*\"STARTING\"");

    enum Outcome {
        /** This server answered. */
        READY,
        /** Another server answered on the port. */
        OTHER_SERVER,
        /** The framework stopped while waiting. */
        STOPPED,
        /** Nothing answered in time. */
        TIMED_OUT
    }

    /** @param detail what answered instead, for the message */
    record Result(Outcome outcome, String detail) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final BooleanSupplier running;
    private final Duration timeout;

    Readiness(BooleanSupplier running, Duration timeout) {
        this.running = running;
        this.timeout = timeout;
    }

    /** Health must answer 200 or 503 (degraded is still up, starting is not yet) and name this instance. */
    Result awaitHealth(URI health, String instance) throws InterruptedException {
        return await(health, response -> {
            if (response.statusCode() != 200 && response.statusCode() != 503) {
                return Optional.empty();
            }
            Optional<String> answered = instanceOf(response.body());
            if (answered.isPresent() && answered.get().equals(instance)) {
                // STARTING: this server, its store still opening; "up" is said once it can take requests
                return STARTING.matcher(response.body()).find() ? Optional.empty()
                        : Optional.of(new Result(Outcome.READY, null));
            }
            return Optional.of(new Result(Outcome.OTHER_SERVER,
                    answered.map(id -> "a server with instance id " + id).orElse("a server that is not Ferry")));
        });
    }

    /** The sandbox has no health route: any answer but a server error or a 404 will do. */
    Result awaitAnyAnswer(URI uri) throws InterruptedException {
        return await(uri, response -> response.statusCode() < 500 && response.statusCode() != 404
                ? Optional.of(new Result(Outcome.READY, null)) : Optional.empty());
    }

    static Optional<String> instanceOf(String healthBody) {
        Matcher m = INSTANCE.matcher(healthBody == null ? "" : healthBody);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private Result await(URI uri, java.util.function.Function<HttpResponse<String>, Optional<Result>> judge)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!running.getAsBoolean()) {
                return new Result(Outcome.STOPPED, null);
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                Optional<Result> result = judge.apply(response);
                if (result.isPresent()) {
                    return result.get();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return new Result(Outcome.TIMED_OUT, null);
    }
}
