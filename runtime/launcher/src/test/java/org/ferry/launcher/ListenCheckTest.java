package org.ferry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The launcher's look at the port before the framework starts: a taken port is refused in words an operator can act on. */
class ListenCheckTest {

    @Test
    void aPortAnotherServerListensOnIsRefusedNamingThePortAndTheWayOut() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Optional<String> problem = ListenCheck.problem("127.0.0.1", other.getLocalPort());

            assertTrue(problem.isPresent(), "the port is taken");
            assertTrue(problem.get().contains("port " + other.getLocalPort() + " on 127.0.0.1 is already in use"), problem.get());
            assertTrue(problem.get().contains("--port"), problem.get());
        }
    }

    @Test
    void aFreePortIsFreeAgainAfterTheCheck() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        assertEquals(Optional.empty(), ListenCheck.problem("127.0.0.1", port));
        try (ServerSocket after = new ServerSocket()) {
            after.setReuseAddress(true);
            after.bind(new InetSocketAddress("127.0.0.1", port)); // the check let go of the port
        }
    }

    @Test
    void aHostThatDoesNotResolveIsSaidSo() {
        Optional<String> problem = ListenCheck.problem("no-such-host.invalid", 8080);

        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains("'no-such-host.invalid'"), problem.get());
    }
}
