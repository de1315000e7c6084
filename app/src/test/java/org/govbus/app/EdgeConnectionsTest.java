package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slow clients on the real Jetty edge: a connection that stops sending is closed after the idle timeout. */
class EdgeConnectionsTest {
    @TempDir
    static Path dir;
    static BusHarness bus;

    @BeforeAll
    static void start() throws Exception {
        bus = BusHarness.start(dir, "url: embedded", ", idleTimeout: 1s");
    }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    static Socket connect() throws IOException {
        URI base = URI.create(bus.node.baseUrl());
        Socket s = new Socket(base.getHost(), base.getPort());
        s.setSoTimeout(15_000);
        return s;
    }

    /** Reads until the server closes the connection; returns what it sent. */
    static String untilClosed(Socket s) throws IOException {
        try {
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }

    @Test
    void aConnectionThatStopsSendingIsClosed() throws Exception {
        try (Socket s = connect()) {
            long started = System.nanoTime();
            s.getOutputStream().write("POST /soap HTTP/1.1\r\nHost: bus\r\n".getBytes(StandardCharsets.US_ASCII));
            untilClosed(s);
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertThat(ms).as("closed after the 1 s idle timeout").isBetween(800L, 10_000L);
        }
    }
}
