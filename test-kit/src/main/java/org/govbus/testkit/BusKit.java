package org.govbus.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.govbus.app.GovBusNode;
import org.govbus.core.config.BusConfig;
import org.govbus.core.error.BusException;
import org.govbus.core.id.ServiceId;
import org.govbus.core.json.JsonAnswerVerifier;
import org.govbus.core.json.StrictJson;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.pki.DemoRevocation;
import org.govbus.core.soap.AnswerVerifier;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.xml.SecureXml;
import org.govbus.fixtures.AgencySimulator;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.fixtures.SigningClient;
import org.govbus.fixtures.TestPki;

/**
 * A whole bus on real parts around one agency, for an adapter's own tests: the agency's simulator, a node with
 * embedded Artemis, an H2 message log and Jetty on free ports, the test PKI, and the portal as a signing client whose
 * answers are verified like any client's. Each of the agency's services is routed to it with {@link #TIMEOUT}.
 * <pre>
 * try (BusKit bus = BusKit.around(new LegalEntitiesSimulator(), dir, "company-by-bin/v1")) {
 *     BusKit.Answer a = bus.soap("company-by-bin/v1", "&lt;c:companyByBinRequest ...");
 * }
 * </pre>
 */
public final class BusKit implements AutoCloseable {
    /** the services' timeout in the kit's routing table */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** What the bus answered to message {@code messageId}: the verified canonical payload (XML, or JSON for the JSON form), or the fault's code. */
    public record Answer(java.util.UUID messageId, int status, String payload, String fault) {
        public boolean ok() { return fault == null; }
    }

    private final AgencySimulator agency;
    private final TestPki pki;
    private final DemoRevocation revocation;
    private final GovBusNode node;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    private BusKit(AgencySimulator agency, TestPki pki, DemoRevocation revocation, GovBusNode node) {
        this.agency = agency;
        this.pki = pki;
        this.revocation = revocation;
        this.node = node;
    }

    /**
     * Starts {@code agency} on a free port and a bus that routes {@code services} to it: each {@code code/version},
     * optionally followed by more of its routing-table settings, e.g. {@code "pay/v1 mode: async, maxAttempts: 3"}.
     */
    public static BusKit around(AgencySimulator agency, Path dir, String... services) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("data/pki"));
        agency.start(0);
        DemoRevocation revocation;
        try {
            revocation = pki.startRevocation();
        } catch (RuntimeException | Error e) {
            agency.close();
            throw e;
        }
        try {
            String options = agency.options().entrySet().stream().map(e -> e.getKey() + ": '" + e.getValue() + "'")
                    .collect(Collectors.joining(", ", "{", "}"));
            StringBuilder routing = new StringBuilder("providers:\n  " + agency.system() + ": {adapter: " + agency.adapter()
                    + ", options: " + options + "}\nservices:\n");
            for (String s : services) {
                String[] codeAndMore = s.split(" ", 2);
                routing.append("  ").append(agency.system()).append('/').append(codeAndMore[0]).append(": {timeout: ")
                        .append(TIMEOUT.toMillis()).append("ms, allowedClients: [KZ/GOV/EGOV/portal]")
                        .append(codeAndMore.length > 1 ? ", " + codeAndMore[1] : "").append("}\n");
            }
            Files.writeString(dir.resolve("routing.yaml"), routing);
            Files.writeString(dir.resolve("govbus.yaml"), """
                    system: KZ/GOV/GOVBUS/bus
                    http: {host: 127.0.0.1, port: %d}
                    dataDir: data
                    routing: routing.yaml
                    broker: {url: embedded}
                    security: {keystore: pki/bus.p12, truststore: pki/trust.p12, password: changeit}
                    """.formatted(freePort()));
            return new BusKit(agency, pki, revocation, GovBusNode.start(BusConfig.load(dir.resolve("govbus.yaml"), Map.of())));
        } catch (Exception | Error e) {
            revocation.close();
            agency.close();
            throw e;
        }
    }

    public AgencySimulator agency() { return agency; }

    public GovBusNode node() { return node; }

    public ServiceId service(String codeAndVersion) { return ServiceId.parse(agency.system() + "/" + codeAndVersion); }

    /** Sends the canonical payload over SOAP, signed by the portal, and verifies the sealed answer. */
    public Answer soap(String service, String payloadXml) {
        SigningClient portal = new SigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL, Clock.systemUTC());
        SigningClient.SignedRequest request = portal.request(service(service), payloadXml.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = SigningClient.post(URI.create(node.soapUrl()), request.bytes());
        try {
            var envelope = new AnswerVerifier(new MessageVerifier(pki.trust(), Duration.ofMinutes(5)), DemoPki.BUS)
                    .verify(r.body(), request.bytes(), request.fields());
            return new Answer(request.fields().messageId(), r.statusCode(), new String(SecureXml.toBytes(envelope.payload()), StandardCharsets.UTF_8), null);
        } catch (BusException fault) {
            return new Answer(request.fields().messageId(), r.statusCode(), null, fault.code().code());
        }
    }

    /** Sends the JSON form of the payload, signed (JWS) by the portal, and verifies the sealed answer. */
    public Answer json(String service, String payloadJson) {
        JsonSigningClient portal = new JsonSigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL, Clock.systemUTC());
        JsonSigningClient.SignedJson request = portal.request(service(service), payloadJson.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = JsonSigningClient.post(URI.create(node.baseUrl()), service(service).toString(), request);
        try {
            JsonNode answer = new JsonAnswerVerifier(pki.trust(), DemoPki.BUS).verify(r.statusCode(),
                    name -> r.headers().firstValue(name).orElse(null), r.body(), request.signingInput(), request.header());
            return new Answer(request.header().messageId(), r.statusCode(), answer.toString(), null);
        } catch (BusException fault) {
            return new Answer(request.header().messageId(), r.statusCode(), null, fault.code().code());
        }
    }

    /**
     * Sends the JSON form of the payload to an asynchronous service, signed by the portal, takes its receipt (202),
     * fetches until the request has ended or {@code wait} passed, and verifies the sealed answer. {@code status} is
     * the fetch's last HTTP status (202 while it is still being tried).
     */
    public Answer jsonAsync(String service, String payloadJson, Duration wait) throws InterruptedException {
        JsonSigningClient portal = new JsonSigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL, Clock.systemUTC());
        JsonSigningClient.SignedJson request = portal.request(service(service), payloadJson.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> receipt = JsonSigningClient.post(URI.create(node.baseUrl()), service(service).toString(), request);
        if (receipt.statusCode() != 202) throw new IllegalStateException("no receipt: HTTP " + receipt.statusCode());
        long until = System.nanoTime() + wait.toNanos();
        HttpResponse<byte[]> r;
        do {
            Thread.sleep(100);
            r = JsonSigningClient.get(URI.create(node.baseUrl()), portal.fetch(service(service), request.header().messageId()));
        } while (r.statusCode() == 202 && System.nanoTime() < until);
        if (r.statusCode() == 202) return new Answer(request.header().messageId(), 202, null, null);
        HttpResponse<byte[]> fetched = r;
        try {
            JsonNode answer = new JsonAnswerVerifier(pki.trust(), DemoPki.BUS).verify(fetched.statusCode(),
                    name -> fetched.headers().firstValue(name).orElse(null), fetched.body(), request.signingInput(), request.header());
            return new Answer(request.header().messageId(), fetched.statusCode(), answer.toString(), null);
        } catch (BusException fault) {
            return new Answer(request.header().messageId(), fetched.statusCode(), null, fault.code().code());
        }
    }

    /** The states of a request's delivery as its log records them, in order (ACCEPTED, DELIVERED, ..., ANSWERED). */
    public List<String> states(java.util.UUID messageId) {
        return node.messageLog().store().entriesOf(messageId).stream().filter(e -> e.hop() == org.govbus.core.log.Hop.STATE)
                .map(e -> new String(e.payload(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow().replace("state=", "")).toList();
    }

    /**
     * What the node publishes about a service for clients: its WSDL ({@code /wsdl/ID}), its operation in the bus WSDL
     * ({@code /soap?wsdl}) and in the OpenAPI document. Returns the service's WSDL; throws when any is missing.
     */
    public String published(String service) throws IOException, InterruptedException {
        var wsdl = http.send(java.net.http.HttpRequest.newBuilder(URI.create(node.baseUrl() + "/wsdl/" + service(service))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (wsdl.statusCode() != 200) throw new IllegalStateException("no WSDL for " + service(service) + ": HTTP " + wsdl.statusCode());
        var api = http.send(java.net.http.HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (!StrictJson.parse(api.body().getBytes(StandardCharsets.UTF_8), "the OpenAPI document").path("paths")
                .has("/api/v1/services/" + service(service))) {
            throw new IllegalStateException("the OpenAPI document lists no " + service(service));
        }
        var bus = http.send(java.net.http.HttpRequest.newBuilder(URI.create(node.soapUrl() + "?wsdl")).build(), HttpResponse.BodyHandlers.ofString());
        String operation = "name=\"" + service.replace('/', '-') + "\"";
        if (!bus.body().contains(operation)) throw new IllegalStateException("the bus WSDL has no operation " + operation);
        return wsdl.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try (agency; revocation) {
            node.close();
        }
    }
}
