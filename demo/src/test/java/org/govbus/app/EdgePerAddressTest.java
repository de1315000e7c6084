package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One address cannot hold more than http.maxConnectionsPerAddress connections: the next is closed as it opens. */
class EdgePerAddressTest {
    @TempDir
    static Path dir;
    static BusHarness bus;

    @BeforeAll
    static void start() throws Exception {
        bus = BusHarness.start(dir, "url: embedded", ", maxConnectionsPerAddress: 3");
    }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    /** A GET /health on a new connection; true when it was answered, false when the bus closed the connection. */
    static boolean answered(Socket s) throws Exception {
        try {
            RawHttp.write(s, "GET /health HTTP/1.1\r\nHost: bus\r\n\r\n");
            return RawHttp.read(s).status() == 200;
        } catch (java.io.IOException closed) {
            return false;
        }
    }

    @Test
    void connectionsOverTheLimitAreClosedAndAFreedSlotCanBeUsedAgain() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            // the harness's own HTTP client may keep a connection of its own open: count what this test gets
            while (held.size() <= 3) {
                Socket s = RawHttp.connect(bus.node.baseUrl());
                held.add(s);
                if (!answered(s)) break;
            }
            Socket refused = held.remove(held.size() - 1);
            refused.close();
            assertThat(held).as("connections answered from this address before one was closed").hasSizeBetween(1, 3);
            try (Socket again = RawHttp.connect(bus.node.baseUrl())) {
                assertThat(answered(again)).as("still over the limit").isFalse();
            }
            held.remove(0).close();
            Thread.sleep(300);
            try (Socket freed = RawHttp.connect(bus.node.baseUrl())) {
                assertThat(answered(freed)).as("once one of them closed").isTrue();
            }
        } finally {
            for (Socket s : held) s.close();
        }
    }
}
