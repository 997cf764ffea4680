package org.ferry.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: each of {@code clients} threads has its own HTTP client (its own connection, as 32
 * browser sessions would) and sends GETs back to back, cycling through the paths. The first seconds warm
 * the server up and are not counted.
 */
final class ApiLoad {
    /** Requests per second and latency percentiles, in ms. */
    record Result(long requests, long errors, double perSecond, double p50, double p99, double max) {
    }

    private ApiLoad() {
    }

    static Result run(ApiClient api, List<String> paths, int clients, Duration warmUp, Duration measure)
            throws InterruptedException {
        long startMeasure = System.nanoTime() + warmUp.toNanos();
        long end = startMeasure + measure.toNanos();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[100_000];
            latencies.add(mine);
            int id = c;
            Thread.ofPlatform().daemon().name("api-client-" + c).start(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                int i = id;
                try {
                    while (System.nanoTime() < end) {
                        HttpRequest r = api.request(paths.get(i++ % paths.size())).GET().build();
                        long t = System.nanoTime();
                        HttpResponse<byte[]> answer = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
                        long after = System.nanoTime();
                        if (t >= startMeasure && after <= end && counts[id] < mine.length) {
                            mine[counts[id]++] = after - t;
                            if (answer.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        double seconds = measure.toNanos() / 1e9;
        return new Result(total, errors.get(), total / seconds, percentile(all, 0.50), percentile(all, 0.99),
                all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6);
    }

    /** @return the nearest-rank percentile, in ms */
    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }
}
