package org.ferry.runtime.internal.notifications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one webhook: POST of a JSON body, retried on connection errors, 429 and 5xx with growing
 * waits, a bounded number of times. Runs on its own thread so a slow receiver never holds a run.
 */
final class WebhookSender {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    static final int ATTEMPTS = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Duration firstWait;

    WebhookSender(Duration firstWait) {
        this.firstWait = firstWait;
    }

    /** @return whether the receiver accepted it (any 2xx) */
    boolean deliver(String url, String json, String runId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").header("User-Agent", "Ferry")
                        .header("X-Ferry-Run", runId).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return true;
                }
                if (status != 429 && status < 500) {
                    LOG.warn("Webhook for run {} refused with HTTP {}; not retrying", runId, status);
                    return false;
                }
                LOG.info("Webhook for run {} answered HTTP {} (attempt {} of {})", runId, status, attempt, ATTEMPTS);
            } catch (IOException e) {
                LOG.info("Webhook for run {} failed: {} (attempt {} of {})", runId, e.getMessage(), attempt, ATTEMPTS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (attempt < ATTEMPTS) {
                try {
                    long cap = firstWait.toMillis() << (attempt - 1);
                    Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        LOG.warn("Webhook for run {} not delivered after {} attempts", runId, ATTEMPTS);
        return false;
    }
}
