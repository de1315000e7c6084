package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import org.govbus.adapter.paygate.simulator.PaymentGatewaySimulator;
import org.govbus.core.id.ServiceId;
import org.govbus.core.json.StrictJson;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.pki.DemoRevocation;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.fixtures.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payments through a bus that runs as a child JVM and is killed ({@code kill -9}, no shutdown of any kind) at each
 * window of a payment's way, then started again on the same data: after the request was queued; after the gateway
 * took the order but before the bus recorded its answer; after the answer reached the bus but before its client was
 * told (the kill follows the gateway's push at once, landing somewhere between the bus taking it and the client being
 * told: before or after the outcome was recorded, the payment must come out the same). After each restart the payment is charged once (the gateway's ledger says so, and it received one order) and
 * its client gets the answer, as does a client that sends the same payment again. And a second node process started on
 * the same data stops without harm to the first.
 */
class PaymentCrashWindowsTest {
    private static final String SERVICE = "KZ/GOV/NIT/paygate/pay-state-fee/v1";
    private static final Duration ANSWERED = Duration.ofSeconds(60);
    @TempDir
    static Path dir;
    static PaymentGatewaySimulator gateway;
    static DemoRevocation revocation;
    static JsonSigningClient portal;
    static int port;
    static Process node;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("data/pki"));
        revocation = pki.startRevocation();
        gateway = new PaymentGatewaySimulator();
        gateway.start(0);
        port = BusHarness.freePort();
        String options = gateway.options().entrySet().stream().map(e -> e.getKey() + ": '" + e.getValue() + "'")
                .collect(Collectors.joining(", ", "{", "}"));
        // tries of 3 s; a try cut off holds the payment's key for 3 + 5 s, after which the next one resumes it
        Files.writeString(dir.resolve("routing.yaml"), """
                providers:
                  KZ/GOV/NIT/paygate: {adapter: payment-gateway, options: %s}
                services:
                  %s:
                    mode: async
                    timeout: 3s
                    ttl: 10m
                    maxAttempts: 30
                    backoff: {initial: 1s, multiplier: 2, max: 2s}
                    allowedClients: [KZ/GOV/EGOV/portal]
                """.formatted(options, SERVICE));
        Files.writeString(dir.resolve("govbus.yaml"), """
                system: KZ/GOV/GOVBUS/bus
                http: {host: 127.0.0.1, port: %d}
                dataDir: data
                routing: routing.yaml
                broker: {url: embedded}
                security: {keystore: pki/bus.p12, truststore: pki/trust.p12, password: changeit}
                """.formatted(port));
        portal = new JsonSigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL, Clock.systemUTC());
        node = startNode();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.destroy();
            node.waitFor();
        }
        if (gateway != null) gateway.close();
        if (revocation != null) revocation.close();
    }

    @AfterEach
    void normal() throws Exception {
        gateway.normal();
        if (!node.isAlive()) node = startNode(); // a test that failed half-way leaves the next one a running node
    }

    @Test
    void killedAfterThePaymentWasQueued() throws Exception {
        String ref = reference();
        long orders = gateway.ordersReceived();
        gateway.failing(); // the first tries fail: the payment waits on the broker, not yet charged
        long refused = gateway.refusedWhileFailing();
        UUID id = submit(ref, 120000);
        for (int i = 0; i < 100 && gateway.refusedWhileFailing() == refused; i++) Thread.sleep(50);
        assertThat(gateway.refusedWhileFailing()).as("a try reached the failing gateway before the kill").isGreaterThan(refused);
        kill();
        gateway.normal();
        node = startNode();
        assertPaidOnce(id, ref, orders);
    }

    @Test
    void killedAfterTheGatewayTookTheOrderBeforeTheBusRecordedItsAnswer() throws Exception {
        String ref = reference();
        long orders = gateway.ordersReceived();
        gateway.confirmLate(Duration.ofMillis(500)); // it charges while the bus is dead; its pushes find nobody
        gateway.whenOrdered(PaymentCrashWindowsTest::kill);
        // the provider's consumer can take the request before the receipt is written: the node dies before its client hears
        UUID id = submitBeforeACrash(ref, 450000);
        awaitDeath();
        for (int i = 0; i < 50 && charges(ref) == 0; i++) Thread.sleep(100);
        assertThat(charges(ref)).as("charged while the bus was dead").isEqualTo(1);
        node = startNode();
        assertPaidOnce(id, ref, orders);
    }

    @Test
    void killedAfterTheAnswerReachedTheBusBeforeItsClientWasTold() throws Exception {
        String ref = reference();
        long orders = gateway.ordersReceived();
        gateway.whenConfirmed(PaymentCrashWindowsTest::kill);
        UUID id = submitBeforeACrash(ref, 99900);
        awaitDeath();
        node = startNode();
        assertPaidOnce(id, ref, orders);
    }

    /**
     * A second node process started on the running node's data (a double start, a deploy that did not stop the old
     * one) must stop at once, before it touches the broker's journal or rotates the database's passwords, and say
     * why; the running node serves on, its payments charged once.
     */
    @Test
    void aSecondNodeOnTheSameDataStopsAndTheFirstServesOn() throws Exception {
        int otherPort = BusHarness.freePort();
        Path second = dir.resolve("govbus-second.yaml");
        Files.writeString(second, Files.readString(dir.resolve("govbus.yaml")).replace("port: " + port + "}", "port: " + otherPort + "}"));
        assertThat(Files.readString(second)).contains("port: " + otherPort);
        Path log = dir.resolve("second-node.log");
        Process p = NodeProcesses.launch(dir, second, log);
        boolean exited = p.waitFor(NodeProcesses.READY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        if (!exited) p.destroyForcibly().waitFor();
        String said = Files.readString(log);
        assertThat(exited).as("the second node stopped by itself: %s", said).isTrue();
        assertThat(p.exitValue()).as(said).isNotZero();
        assertThat(said).as("it says why").contains("already in use");
        assertThat(said).as("it never got as far as the broker").doesNotContain("AMQ221000");

        String ref = reference();
        long orders = gateway.ordersReceived();
        assertPaidOnce(submit(ref, 15000), ref, orders);
    }

    /** The payment answered PAID to its client, and again (the same transaction) to a client that sends it anew; one charge. */
    private static void assertPaidOnce(UUID id, String ref, long ordersBefore) throws Exception {
        JsonNode answer = fetch(id);
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("PAID");
        UUID again = submit(ref, answer.path("amount").asLong());
        assertThat(fetch(again).path("transactionId").asText()).isEqualTo(answer.path("transactionId").asText());
        assertThat(charges(ref)).as("charges in the gateway's ledger").isEqualTo(1);
        assertThat(gateway.ordersReceived() - ordersBefore).as("orders that reached the gateway").isEqualTo(1);
    }

    /** Submits; a receipt cut off by the node's death is no failure (the request was taken: its fetch tells). */
    private static UUID submitBeforeACrash(String ref, long tiyn) throws Exception {
        JsonSigningClient.SignedJson request = payment(ref, tiyn);
        try {
            HttpResponse<byte[]> r = JsonSigningClient.post(URI.create(base()), SERVICE, request);
            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(202);
        } catch (IllegalStateException cutOff) {
            assertThat(cutOff).hasMessageContaining("cannot reach");
        }
        return request.header().messageId();
    }

    private static UUID submit(String ref, long tiyn) throws Exception {
        JsonSigningClient.SignedJson request = payment(ref, tiyn);
        HttpResponse<byte[]> r = JsonSigningClient.post(URI.create(base()), SERVICE, request);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(202);
        return request.header().messageId();
    }

    private static JsonSigningClient.SignedJson payment(String ref, long tiyn) {
        byte[] body = ("{\"paymentReference\":\"" + ref + "\",\"payerIin\":\"900101300017\",\"amount\":" + tiyn
                + ",\"kbk\":\"108101\",\"purpose\":\"Госпошлина\",\"accrualReference\":\"ACR-1\"}").getBytes(StandardCharsets.UTF_8);
        return portal.request(ServiceId.parse(SERVICE), body);
    }

    /** The answer once the request has ended, fetched as its client. */
    private static JsonNode fetch(UUID id) throws Exception {
        long until = System.nanoTime() + ANSWERED.toNanos();
        HttpResponse<byte[]> r = null;
        while (System.nanoTime() < until) {
            r = JsonSigningClient.get(URI.create(base()), portal.fetch(ServiceId.parse(SERVICE), id));
            if (r.statusCode() != 202) break;
            Thread.sleep(200);
        }
        assertThat(r).isNotNull();
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return StrictJson.parse(r.body(), "the answer");
    }

    private static long charges(String ref) {
        long n = 0;
        for (JsonNode c : gateway.ledger().path("charges")) if (ref.equals(c.path("order_id").asText())) n++;
        return n;
    }

    private static String reference() { return "CRASH-" + UUID.randomUUID().toString().substring(0, 12); }

    private static String base() { return "http://127.0.0.1:" + port; }

    /** {@code kill -9}: SIGKILL, nothing of the node runs after it. */
    private static void kill() {
        node.destroyForcibly();
        try {
            node.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitDeath() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (node.isAlive() && System.nanoTime() < until) Thread.sleep(50);
        assertThat(node.isAlive()).as("the node was killed at its crash point").isFalse();
    }

    private static Process startNode() throws Exception {
        if (node != null && node.isAlive()) throw new IllegalStateException("a node still runs");
        if (node != null) node.waitFor();
        return NodeProcesses.start(dir, dir.resolve("govbus.yaml"), port, dir.resolve("node.log"));
    }
}
