package org.govbus.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.govbus.core.config.BusConfig;
import org.govbus.core.id.SystemId;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.pki.DemoRevocation;
import org.govbus.core.security.KeyMaterial;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.soap.AnswerVerifier;
import org.govbus.core.json.JsonAnswerVerifier;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.adapter.populationregister.simulator.PopulationRegisterSimulator;
import org.govbus.fixtures.SigningClient;
import org.govbus.fixtures.TestPki;

/**
 * A real bus node for tests: its own directory with PKI, H2 file database and Artemis journal, a free
 * port, and the population register simulator. A second provider points at a port nobody listens on.
 */
final class BusHarness implements AutoCloseable {
    static final String SERVICE = "KZ/GOV/MJ/gbd-fl/person-by-iin/v1";
    static final String OFFLINE_SERVICE = "KZ/GOV/MJ/gbd-fl-offline/person-by-iin/v1";
    /** the same register behind a short timeout, for the slow-agency case */
    static final String SHORT_SERVICE = "KZ/GOV/MJ/gbd-fl-short/person-by-iin/v1";
    /** the register again, asynchronous: tried up to three times, 100 ms apart and doubling */
    static final String ASYNC_SERVICE = "KZ/GOV/MJ/gbd-fl-async/person-by-iin/v1";
    /** asynchronous, behind a port nobody listens on: every try fails, then it is dead-lettered */
    static final String ASYNC_OFFLINE_SERVICE = "KZ/GOV/MJ/gbd-fl-async-off/person-by-iin/v1";
    /** asynchronous and offline with a one-second time to live that passes before its second try */
    static final String ASYNC_BRIEF_SERVICE = "KZ/GOV/MJ/gbd-fl-async-brief/person-by-iin/v1";
    static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(1000);

    final Path dir;
    final TestPki pki;
    final PopulationRegisterSimulator register;
    final BusConfig config;
    GovBusNode node;

    /** the demo CA's OCSP responder and CRL, for the certificates that name them */
    private final DemoRevocation revocation;

    private BusHarness(Path dir, TestPki pki, PopulationRegisterSimulator register, BusConfig config) {
        this.revocation = pki.startRevocation();
        this.dir = dir;
        this.pki = pki;
        this.register = register;
        this.config = config;
    }

    static BusHarness start(Path dir) throws Exception { return start(dir, "url: embedded"); }

    /** @param broker the inside of the {@code broker:} mapping, e.g. {@code url: embedded} */
    static BusHarness start(Path dir, String broker) throws Exception { return start(dir, broker, ""); }

    /** @param http more of the {@code http:} mapping, e.g. {@code , idleTimeout: 1s} */
    static BusHarness start(Path dir, String broker, String http) throws Exception { return start(dir, broker, http, ""); }

    /** @param more top-level YAML appended to govbus.yaml, e.g. a {@code log:} mapping */
    static BusHarness start(Path dir, String broker, String http, String more) throws Exception { return start(dir, broker, http, more, ""); }

    /** @param routingMore top-level YAML appended to routing.yaml, e.g. a {@code clients:} mapping */
    static BusHarness start(Path dir, String broker, String http, String more, String routingMore) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("data/pki"));
        PopulationRegisterSimulator register = new PopulationRegisterSimulator(0);
        Files.writeString(dir.resolve("routing.yaml"), """
                providers:
                  KZ/GOV/MJ/gbd-fl:
                    adapter: population-register
                    options: {endpoint: %s}
                  KZ/GOV/MJ/gbd-fl-offline:
                    adapter: population-register
                    options: {endpoint: http://127.0.0.1:%d/gbd-fl/soap}
                  KZ/GOV/MJ/gbd-fl-short:
                    adapter: population-register
                    options: {endpoint: %s}
                  KZ/GOV/MJ/gbd-fl-async:
                    adapter: population-register
                    options: {endpoint: %s}
                  KZ/GOV/MJ/gbd-fl-async-off:
                    adapter: population-register
                    options: {endpoint: http://127.0.0.1:%d/gbd-fl/soap}
                  KZ/GOV/MJ/gbd-fl-async-brief:
                    adapter: population-register
                    options: {endpoint: http://127.0.0.1:%d/gbd-fl/soap}
                services:
                  %s:
                    timeout: %dms
                    allowedClients: [KZ/GOV/EGOV/portal]
                  %s:
                    timeout: %dms
                    allowedClients: [KZ/GOV/EGOV/portal]
                  %s:
                    timeout: %dms
                    allowedClients: [KZ/GOV/EGOV/portal, KZ/GOV/CSC/psc]
                    quotas: {KZ/GOV/CSC/psc: {rate: 1, burst: 1}}
                  %s:
                    mode: async
                    timeout: 5s
                    ttl: 60s
                    maxAttempts: 3
                    backoff: {initial: 100ms, multiplier: 2, max: 1s}
                    allowedClients: [KZ/GOV/EGOV/portal, KZ/GOV/CSC/psc]
                  %s:
                    mode: async
                    timeout: 1s
                    ttl: 60s
                    maxAttempts: 3
                    backoff: {initial: 100ms, multiplier: 2, max: 1s}
                    allowedClients: [KZ/GOV/EGOV/portal]
                  %s:
                    mode: async
                    timeout: 500ms
                    ttl: 1s
                    maxAttempts: 5
                    backoff: {initial: 2s}
                    allowedClients: [KZ/GOV/EGOV/portal, KZ/GOV/CSC/psc]
                """.formatted(register.endpoint(), freePort(), register.endpoint(), register.endpoint(), freePort(), freePort(),
                SERVICE, SERVICE_TIMEOUT.toMillis(), OFFLINE_SERVICE, SERVICE_TIMEOUT.toMillis(), SHORT_SERVICE, SHORT_TIMEOUT.toMillis(),
                ASYNC_SERVICE, ASYNC_OFFLINE_SERVICE, ASYNC_BRIEF_SERVICE) + routingMore);
        Files.writeString(dir.resolve("govbus.yaml"), """
                system: KZ/GOV/GOVBUS/bus
                http: {host: 127.0.0.1, port: %d%s}
                dataDir: data
                routing: routing.yaml
                broker: {%s}
                security:
                  keystore: pki/bus.p12
                  truststore: pki/trust.p12
                  password: changeit
                  timestampSkew: 300s
                  maxMessageBytes: 65536
                """.formatted(freePort(), http, broker) + more);
        BusConfig config = BusConfig.load(dir.resolve("govbus.yaml"), Map.of());
        BusHarness h = new BusHarness(dir, pki, register, config);
        h.node = GovBusNode.start(config);
        h.warmUp();
        return h;
    }

    /** One request through every provider queue, so first-use costs (JAXB, reply queues) do not meet a test's timeout. */
    private void warmUp() {
        SigningClient portal = client("portal", DemoPki.PORTAL, Clock.systemUTC());
        for (String service : new String[] {SERVICE, SHORT_SERVICE}) {
            byte[] payload = ("<p:personByIinRequest xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><p:iin>"
                    + "900101300017</p:iin></p:personByIinRequest>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            // the first calls of a provider pay its first-use costs (its adapter's HTTP client, JAXB, the register's own
            // warm-up), which on a busy 2-core machine have outlasted the short service's one-second timeout three times
            // in a row (CI, 2026-11-26): tried for up to ten seconds
            HttpResponse<byte[]> r = null;
            for (int attempt = 1; attempt <= 10 && (r == null || r.statusCode() != 200); attempt++) {
                r = post(portal.request(org.govbus.core.id.ServiceId.parse(service), payload).bytes());
            }
            if (r.statusCode() != 200) throw new IllegalStateException("warm-up request failed: " + new String(r.body()));
        }
    }

    void restart() throws Exception {
        node.close();
        node = GovBusNode.start(config);
    }

    URI soapUrl() { return URI.create(node.soapUrl()); }

    HttpResponse<byte[]> post(byte[] body) { return SigningClient.post(soapUrl(), body); }

    /** A client signing with one of the test keys ({@code portal}, {@code psc}, {@code rogue}, {@code expired}), naming itself {@code claimed}. */
    SigningClient client(String signer, SystemId claimed, Clock clock) {
        return new SigningClient(key(signer), claimed, clock);
    }

    /** One of the test keys by name: {@code portal}, {@code psc}, {@code rogue}, {@code expired}, {@code ca}, {@code portal-ec}. */
    KeyMaterial key(String signer) {
        return switch (signer) {
            case "portal" -> pki.key(DemoPki.PORTAL);
            case "psc" -> pki.key(DemoPki.PSC);
            case "rogue" -> pki.rogue();
            case "expired" -> pki.expired();
            case "ca" -> pki.authority();
            case "portal-ec" -> pki.portalEc();
            case TestPki.CHECKED, TestPki.REVOKED, TestPki.REVOKED_IN_CRL, TestPki.STATUS_UNKNOWN -> pki.revocable(signer);
            default -> throw new IllegalArgumentException("no test signer " + signer);
        };
    }

    /** A JSON client signing with one of the test keys (as {@link #client}, and {@code portal-ec} for ES256). */
    JsonSigningClient jsonClient(String signer, SystemId claimed, Clock clock) {
        return new JsonSigningClient(key(signer), claimed, clock);
    }

    HttpResponse<byte[]> getJson(JsonSigningClient.SignedJson fetch) {
        return JsonSigningClient.get(URI.create(node.baseUrl()), fetch);
    }

    HttpResponse<byte[]> postJson(String service, JsonSigningClient.SignedJson request) {
        return JsonSigningClient.post(URI.create(node.baseUrl()), service, request);
    }

    JsonAnswerVerifier jsonAnswerVerifier() { return new JsonAnswerVerifier(pki.trust(), DemoPki.BUS); }

    AnswerVerifier answerVerifier() {
        return new AnswerVerifier(new MessageVerifier(pki.trust(), Duration.ofMinutes(5)), DemoPki.BUS);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try (revocation; register) {
            node.close();
        }
    }
}
