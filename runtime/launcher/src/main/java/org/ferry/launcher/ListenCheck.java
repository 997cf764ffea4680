package org.ferry.launcher;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * Whether the server can listen where it was asked to, checked before the framework starts: Jetty only
 * logs a failed bind and leaves a framework that serves nothing, so a taken port must be refused here,
 * with words an operator can act on. The socket is bound the way Jetty binds it (address reuse on), so a
 * port held only by connections in TIME_WAIT is not mistaken for a taken one.
 */
final class ListenCheck {
    private ListenCheck() {
    }

    /** @return why the server cannot listen at host:port, or empty when it can */
    static Optional<String> problem(String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return Optional.of("cannot listen on host '" + host + "': the name does not resolve");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return Optional.empty();
        } catch (BindException e) {
            return Optional.of("port " + port + " on " + host + " is already in use (another Ferry, or another program);"
                    + " stop it or choose another port with --port N");
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
    }
}
