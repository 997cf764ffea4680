package org.ferry.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A client of {@code GET /api/events}, as a browser would hold it open: every event it received, by name and data,
 * and the raw text, to search for what must never be sent.
 */
final class EventTap implements AutoCloseable {
    /** One server-sent event. */
    record Event(String name, String data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final StringBuffer raw = new StringBuffer();
    private final int status;
    private final Thread reader;
    private volatile Stream<String> lines;
    private volatile boolean ended;

    EventTap(String api, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/events")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        this.status = response.statusCode();
        this.lines = response.body();
        this.reader = Thread.ofPlatform().daemon().name("event-tap").start(this::read);
    }

    private void read() {
        String name = "message";
        List<String> data = new ArrayList<>();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                raw.append(line).append('\n');
                if (line.isEmpty()) {
                    if (!data.isEmpty() || !name.equals("message")) {
                        events.add(new Event(name, String.join("\n", data)));
                    }
                    name = "message";
                    data.clear();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).strip());
                }
            }
        } catch (RuntimeException closed) {
            // the stream was closed by this tap or by the server
        }
        ended = true;
    }

    int status() {
        return status;
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    String raw() {
        return raw.toString();
    }

    boolean ended() {
        return ended;
    }

    /** Waits until an event matches; fails with what did arrive. */
    Event await(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Event e : events) {
                if (wanted.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such event within " + timeout + "; received: " + events);
    }

    void awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        if (!ended) {
            throw new AssertionError("the stream is still open after " + timeout + "; received: " + events);
        }
    }

    @Override
    public void close() {
        lines.close();
    }
}
