package org.ferry.admin.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.glassfish.jersey.server.ChunkedOutput;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;

/**
 * Writes each answer's body into a buffer the request thread keeps from one request to the next, then sends it with
 * its {@code Content-Length}. Jersey's own way to learn a body's length was a new 8 KB buffer per response (with
 * {@code OUTBOUND_CONTENT_LENGTH_BUFFER} off, this is the only buffer): under load, a fifth of all the request
 * threads allocated. A body that fails half-way is never half-sent: the error mapper answers instead. Bodies meant
 * to stream (server-sent events, the CSV export) go straight out, chunked.
 */
public final class KnownLengthBodies implements WriterInterceptor {
    /** A thread keeps its buffer up to this size; a larger body's buffer is let go once sent. */
    private static final int KEPT = 64 * 1024;
    // a JDK type as the value: Jetty's threads outlive this bundle, and must not keep its class loader
    private final ThreadLocal<ByteArrayOutputStream> buffers = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(8192));

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (context.getEntity() instanceof StreamingOutput || context.getEntity() instanceof ChunkedOutput<?>
                || MediaType.SERVER_SENT_EVENTS_TYPE.isCompatible(context.getMediaType())) {
            context.proceed();
            return;
        }
        ByteArrayOutputStream buffer = buffers.get();
        buffer.reset();
        OutputStream out = context.getOutputStream();
        context.setOutputStream(buffer);
        try {
            context.proceed();
        } finally {
            context.setOutputStream(out);
        }
        context.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, buffer.size());
        buffer.writeTo(out);
        if (buffer.size() > KEPT) {
            buffers.remove();
        }
    }
}
