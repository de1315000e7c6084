package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow, greedy and vanishing clients on the real Jetty edge (maxMessageBytes is 64 KiB here): connections that stop
 * sending, trickle their headers or body, hold every slot, send a body far over the limit, or go away half-way.
 */
class EdgeConnectionsTest {
    static final String SOAP_HEADERS = "POST /soap HTTP/1.1\r\nHost: bus\r\nContent-Type: text/xml; charset=utf-8\r\n";
    static final int MAX_CONNECTIONS = 6;

    @TempDir
    static Path dir;
    static BusHarness bus;

    @BeforeAll
    static void start() throws Exception {
        bus = BusHarness.start(dir, "url: embedded",
                ", idleTimeout: 2s, headerTimeout: 2s, minDataRate: 2000, maxConnections: " + MAX_CONNECTIONS);
    }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    static Socket connect() throws IOException { return RawHttp.connect(bus.node.baseUrl()); }

    static long secondsSince(long started) { return (System.nanoTime() - started) / 1_000_000_000L; }

    @Test
    void aConnectionThatStopsSendingIsClosed() throws Exception {
        try (Socket s = connect()) {
            long started = System.nanoTime();
            RawHttp.write(s, "GET /health HTTP/1.1\r\nHost: bus\r\n\r\n");
            assertThat(RawHttp.read(s).status()).isEqualTo(200);
            assertThat(RawHttp.closedByServer(s)).isTrue();
            assertThat(secondsSince(started)).as("closed after the 2 s idle timeout").isBetween(1L, 10L);
        }
    }

    @Test
    void aConnectionThatNeverBeginsARequestIsClosedAtTheHeaderTimeout() throws Exception {
        try (Socket s = connect()) {
            long started = System.nanoTime();
            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> closed(s));
            for (int i = 0; i < 100 && !closed.isDone(); i++) {
                RawHttp.write(s, "\r\n"); // blank lines the parser skips before a request: never idle, never a request
                Thread.sleep(500);
            }
            assertThat(closed.get()).as("closed by the bus").isTrue();
            assertThat(secondsSince(started)).as("after the 2 s header timeout").isBetween(1L, 8L);
        }
    }

    @Test
    void headersTrickledAByteAtATimeAreCutOffAtTheHeaderTimeout() throws Exception {
        try (Socket s = connect()) {
            long started = System.nanoTime();
            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> closed(s));
            String headers = SOAP_HEADERS + "X-Padding: " + "a".repeat(200);
            for (int i = 0; i < headers.length() && !closed.isDone(); i++) {
                RawHttp.write(s, headers.substring(i, i + 1)); // never idle: a byte every 100 ms
                Thread.sleep(100);
            }
            assertThat(closed.get()).as("closed by the bus").isTrue();
            assertThat(secondsSince(started)).as("after the 2 s header timeout").isBetween(1L, 8L);
        }
    }

    @Test
    void aBodyTrickledBelowTheMinimumRateIsCutOff() throws Exception {
        try (Socket s = connect()) {
            long started = System.nanoTime();
            RawHttp.write(s, SOAP_HEADERS + "Content-Length: 60000\r\n\r\n");
            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> closed(s));
            for (int i = 0; i < 600 && !closed.isDone(); i++) {
                RawHttp.write(s, "<".repeat(10)); // 100 bytes a second against a minimum of 2000
                Thread.sleep(100);
            }
            assertThat(closed.get()).as("closed by the bus").isTrue();
            assertThat(secondsSince(started)).isLessThan(10L);
        }
    }

    @Test
    void whenEverySlotIsTakenANewClientWaitsForTheSlowOnesToBeEvicted() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                Socket s = connect();
                RawHttp.write(s, "POST /soap HTTP/1.1\r\n"); // and no more: held until the header timeout
                slow.add(s);
            }
            Thread.sleep(300); // every one accepted
            long started = System.nanoTime();
            try (Socket s = connect()) {
                RawHttp.write(s, "GET /health HTTP/1.1\r\nHost: bus\r\n\r\n");
                assertThat(RawHttp.read(s).status()).isEqualTo(200);
            }
            long waited = (System.nanoTime() - started) / 1_000_000;
            assertThat(waited).as("ms the extra client waited: until the held ones were evicted").isGreaterThan(1000L);
            for (Socket s : slow) assertThat(RawHttp.closedByServer(s)).isTrue();
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"soap", "json"})
    void aChunkedBodyFarOverTheLimitIsCutAtTheLimitAndTheRestNeverRead(String format) throws Exception {
        boolean soap = format.equals("soap");
        String headers = soap ? SOAP_HEADERS
                : "POST /api/v1/services/" + BusHarness.SERVICE + " HTTP/1.1\r\nHost: bus\r\nContent-Type: application/json\r\n";
        try (Socket s = connect()) {
            RawHttp.write(s, headers + "Transfer-Encoding: chunked\r\n\r\n");
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendChunks(s, 50L << 20, sent));
            RawHttp.Response fault = RawHttp.read(s);
            assertThat(fault.status()).isEqualTo(soap ? 500 : 400);
            assertThat(fault.text()).contains("Client.InvalidMessage").contains("larger than 65536 bytes");
            assertThat(fault.header("Connection")).isEqualTo("close");
            sending.join();
            // what was sent before the close is the limit plus what the two sockets' buffers held, not the 50 MiB
            assertThat(sent.get()).as("bytes the client got out of 50 MiB").isLessThan(20L << 20);
        }
    }

    @Test
    void abortedUploadsLeaveNoFileAndNoDescriptorBehind() throws Exception {
        long files = tempFiles();
        long descriptors = openDescriptors();
        for (int i = 0; i < 40; i++) {
            try (Socket s = connect()) {
                String length = i % 2 == 0 ? "Content-Length: 60000\r\n" : "Transfer-Encoding: chunked\r\n";
                RawHttp.write(s, SOAP_HEADERS + length + "\r\n");
                if (i % 2 == 0) RawHttp.write(s, "<".repeat(30_000));
                else RawHttp.write(s, "7530\r\n" + "<".repeat(30_000));
            } // gone half-way
        }
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (openDescriptors() > descriptors + 2 && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(openDescriptors()).as("open descriptors, %d before", descriptors).isLessThanOrEqualTo(descriptors + 2);
        assertThat(tempFiles()).as("files in the temp directory").isEqualTo(files);
    }

    private static boolean closed(Socket s) {
        try {
            return RawHttp.closedByServer(s);
        } catch (IOException e) {
            return true;
        }
    }

    private static void sendChunks(Socket s, long total, AtomicLong sent) {
        byte[] chunk = ("10000\r\n" + "<".repeat(0x10000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            OutputStream out = s.getOutputStream();
            while (sent.get() < total) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        } catch (IOException closedByTheBus) {
            // expected: the bus closed the connection at the limit
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long tempFiles() throws IOException {
        try (Stream<Path> all = Files.walk(Path.of(System.getProperty("java.io.tmpdir")), 2)) {
            return all.filter(p -> p.getFileName().toString().startsWith("cxf")).count();
        }
    }
}
