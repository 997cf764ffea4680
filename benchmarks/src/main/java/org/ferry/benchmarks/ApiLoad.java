package org.ferry.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load on the admin API from {@code clients} threads, each on its own keep-alive HTTP/1.1 connection (as that many
 * browser sessions would), cycling through the paths. Two shapes:
 * <ul>
 *   <li><b>paced</b>: each client sends one GET every {@code period}, whatever the answers take, and a request's
 *   latency counts from when it was due, so a slow answer delays the next ones and they are charged for it (no
 *   coordinated omission). This is the latency an admin sees while the server is busy with a run.</li>
 *   <li><b>closed loop</b>: each client sends its next GET as soon as the last is answered: the server's capacity.
 *   Its latency is by construction clients ÷ throughput (Little's law), so on a shared 2-core machine it measures the
 *   machine more than the server.</li>
 * </ul>
 * The client is a plain socket that writes a request line and reads the status, the headers and the body (length or
 * chunks): the JDK's HttpClient cost about 500 µs of CPU per request here, as much as the server's own work, on the
 * same two cores.
 */
final class ApiLoad {
    /**
     * Requests per second, latency percentiles in ms, the load generator's own CPU per request in µs, and how long its
     * own garbage collections stopped it in the measured window (ms): requests due meanwhile are charged for that
     * too, so it must stay near zero for the latencies to be the server's.
     */
    record Result(long requests, long errors, double perSecond, double p50, double p99, double max, double clientCpuMicros,
            long clientGcMillis, String slowByPath) {
    }

    /** The latency that a request must exceed to be counted as slow by path (the target of the paced p99). */
    private static final long SLOW_NANOS = 20_000_000L;
    /** Low bits of a recorded latency that name its path (the latency is in the high bits, so sorting still orders by it). */
    private static final int PATH_BITS = 4;

    private ApiLoad() {
    }

    /** @param period {@code null} for a closed loop, else the time between one client's requests */
    static Result run(ApiClient api, List<String> paths, int clients, Duration period, Duration warmUp, Duration measure)
            throws InterruptedException {
        URI base = URI.create(api.request("/").build().uri().toString());
        String token = api.token();
        // The clients' latency arrays and what the harness kept before are here for the whole window: a collection
        // of this JVM during the window stopped every client (108-149 ms with 32 arrays of 200,000 latencies each),
        // and the requests due meanwhile were charged to the server. Start with a collected heap and small arrays.
        System.gc();
        long start = System.nanoTime();
        long startMeasure = start + warmUp.toNanos();
        long end = startMeasure + measure.toNanos();
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] cpu = new long[2];
        long[] gc = new long[2];
        Thread cpuMarks = Thread.ofPlatform().daemon().start(() -> {
            LockSupport.parkNanos(Math.max(0, startMeasure - System.nanoTime()));
            cpu[0] = os.getProcessCpuTime();
            gc[0] = gcMillis();
            LockSupport.parkNanos(Math.max(0, end - System.nanoTime()));
            cpu[1] = os.getProcessCpuTime();
            gc[1] = gcMillis();
        });
        if (paths.size() > 1 << PATH_BITS) {
            throw new IllegalArgumentException("at most " + (1 << PATH_BITS) + " paths");
        }
        long[][] latencies = new long[clients][];
        long[][] dueAt = new long[clients][];
        for (int c = 0; c < clients; c++) {
            latencies[c] = new long[period == null ? 4096 : (int) (measure.toNanos() / period.toNanos()) + 16];
            dueAt[c] = new long[latencies[c].length];
            int id = c;
            Thread.ofPlatform().daemon().name("api-client-" + c).start(() -> {
                int i = id;
                // clients start spread over one period, as people do, not in lockstep
                long due = start + (period == null ? 0 : ThreadLocalRandom.current().nextLong(period.toNanos()));
                try (Wire wire = new Wire(base, token)) {
                    while (due < end) {
                        if (period != null) {
                            LockSupport.parkNanos(due - System.nanoTime());
                        }
                        long sent = period == null ? System.nanoTime() : due;
                        int path = i++ % paths.size();
                        int status = wire.get(paths.get(path));
                        long after = System.nanoTime();
                        if (sent >= startMeasure && after <= end) {
                            if (counts[id] == latencies[id].length) {
                                latencies[id] = Arrays.copyOf(latencies[id], 2 * counts[id]);
                                dueAt[id] = Arrays.copyOf(dueAt[id], 2 * counts[id]);
                            }
                            dueAt[id][counts[id]] = sent;
                            latencies[id][counts[id]++] = (after - sent) << PATH_BITS | path;
                            if (status != 200) {
                                errors.incrementAndGet();
                            }
                        }
                        due = period == null ? after : due + period.toNanos();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        cpuMarks.join();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        if (period != null) {
            traceSlow(paths, latencies, dueAt, counts, start);
        }
        int[] slow = new int[paths.size()];
        for (int k = 0; k < all.length; k++) {
            if (all[k] >>> PATH_BITS > SLOW_NANOS) {
                slow[(int) (all[k] & ((1 << PATH_BITS) - 1))]++;
            }
            all[k] >>>= PATH_BITS;
        }
        Arrays.sort(all);
        StringBuilder byPath = new StringBuilder();
        for (int p = 0; p < paths.size(); p++) {
            byPath.append(byPath.isEmpty() ? "" : ", ").append(paths.get(p)).append(' ').append(slow[p]);
        }
        double seconds = measure.toNanos() / 1e9;
        return new Result(total, errors.get(), total / seconds, percentile(all, 0.50), percentile(all, 0.99),
                all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6,
                total == 0 ? Double.NaN : (cpu[1] - cpu[0]) / 1e3 / total, gc[1] - gc[0], byPath.toString());
    }

    /**
     * With {@code -Dferry.bench.api.trace=FILE}, the paced requests slower than {@link #SLOW_NANOS}, one a line: when each was
     * due (ms since the epoch, to set beside the server's GC log), its latency (ms) and its path.
     */
    private static void traceSlow(List<String> paths, long[][] latencies, long[][] dueAt, int[] counts, long start) {
        String file = System.getProperty("ferry.bench.api.trace");
        if (file == null) {
            return;
        }
        long epochOfStart = System.currentTimeMillis() - (System.nanoTime() - start) / 1_000_000;
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++) {
                long nanos = latencies[c][k] >>> PATH_BITS;
                if (nanos > SLOW_NANOS) {
                    out.append(epochOfStart + (dueAt[c][k] - start) / 1_000_000).append(' ')
                            .append(String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6)).append(' ')
                            .append(paths.get((int) (latencies[c][k] & ((1 << PATH_BITS) - 1)))).append('\n');
                }
            }
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(file), out, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("api trace not written: " + e);
        }
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    /** @return the nearest-rank percentile, in ms */
    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    /** One keep-alive HTTP/1.1 connection that sends GETs and reads whole answers. */
    static final class Wire implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String headers;

        Wire(URI base, String token) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
            headers = " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nAccept: application/json\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
        }

        /** @return the answer's status, after reading its whole body */
        int get(String path) throws IOException {
            out.write(("GET " + path + headers).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h; !(h = line()).isEmpty(); ) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(length);
            }
            return status;
        }

        private void skip(long n) throws IOException {
            for (long left = n; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("the connection closed mid-answer");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new IOException("the connection closed");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
