package org.ferry.admin.internal.http;

import java.io.IOException;
import java.util.function.Function;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The largest request body the API reads: {@value #PROPERTY} (default {@value #DEFAULT_MAX} bytes, room for
 * thousands of mappings or a large project export), and {@link #PLUGIN_MAX} for plugin uploads, whose jars
 * are larger and are streamed to disk rather than held in memory. A body that announces a larger
 * {@code Content-Length} is refused before it is read; a chunked body is cut off when it passes the limit
 * ({@link TooLarge}, answered 413).
 */
public final class BodyLimit {
    public static final String PROPERTY = "ferry.api.maxBodyBytes";
    public static final long DEFAULT_MAX = 4L * 1024 * 1024;
    /** The deploy folder takes jars up to 100 MB; the multipart envelope adds a little. */
    static final long PLUGIN_MAX = 101L * 1024 * 1024;

    private final long max;

    BodyLimit(long max) {
        this.max = max;
    }

    /** @param properties framework properties by name */
    static BodyLimit of(Function<String, String> properties) {
        String value = properties.apply(PROPERTY);
        if (value == null || value.isBlank()) {
            return new BodyLimit(DEFAULT_MAX);
        }
        try {
            long max = Long.parseLong(value.trim());
            if (max < 1024) {
                throw new NumberFormatException();
            }
            return new BodyLimit(max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a number of bytes, at least 1024");
        }
    }

    /**
     * @param pathInfo the path below {@code /api} as the container mapped it; only the exact upload route gets
     *                 the plugin limit, so any other spelling of it gets the smaller one
     */
    long maxFor(String method, String pathInfo) {
        return "POST".equals(method) && ("/plugins".equals(pathInfo) || "/plugins/".equals(pathInfo)) ? PLUGIN_MAX : max;
    }

    String message(long limit) {
        return "the request body is larger than " + limit + " bytes"
                + (limit == max ? " (the server's limit, " + PROPERTY + ")" : "");
    }

    HttpServletRequest bounded(HttpServletRequest request, long limit) {
        return new HttpServletRequestWrapper(request) {
            private ServletInputStream stream;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (stream == null) {
                    stream = new Bounded(super.getInputStream(), limit, message(limit));
                }
                return stream;
            }
        };
    }

    /** Thrown when a body passes the limit while it is read; the problem mapper answers 413. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /** @return the {@link TooLarge} among the causes of an error, if a body passed the limit */
    public static TooLarge find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TooLarge tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    private static final class Bounded extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final String message;
        private long read;

        Bounded(ServletInputStream in, long limit, String message) {
            this.in = in;
            this.limit = limit;
            this.message = message;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(message);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
