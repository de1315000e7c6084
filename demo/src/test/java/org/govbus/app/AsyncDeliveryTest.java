package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.govbus.core.async.DeliveryState;
import org.govbus.core.id.ServiceId;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.core.xml.SecureXml;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogEntry;
import org.govbus.core.pki.DemoPki;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.fixtures.SigningClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asynchronous services on a real node: the request is queued persistently and acknowledged at once (202 and a sealed
 * receipt), tried at the agency, retried with back-off when the agency is down, dead-lettered after its last try, never
 * delivered after its time to live; the answer waits in the mailbox for the client that asked, and nobody else.
 */
class AsyncDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static BusHarness bus;
    static JsonSigningClient portal;
    /** the Public Service Centers' end of their callback URL */
    static WireMockServer pscCallback;

    @BeforeAll
    static void start() throws Exception {
        pscCallback = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        pscCallback.start();
        bus = BusHarness.start(dir, "url: embedded", "", "", """
                clients:
                  KZ/GOV/CSC/psc: {callback: http://127.0.0.1:%d/govbus/answers}
                """.formatted(pscCallback.port()));
        portal = bus.jsonClient("portal", DemoPki.PORTAL, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        try (AutoCloseable b = bus) {
            pscCallback.stop();
        }
    }

    @Test
    void theBusWsdlHasTheFetchOperationAndItsSchema() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String wsdl = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(bus.node.soapUrl() + "?wsdl")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        javax.wsdl.xml.WSDLReader reader = javax.wsdl.factory.WSDLFactory.newInstance().newWSDLReader();
        reader.setFeature("javax.wsdl.verbose", false);
        javax.wsdl.Definition d = reader.readWSDL(null, new org.xml.sax.InputSource(new java.io.StringReader(wsdl)));
        javax.wsdl.PortType port = (javax.wsdl.PortType) d.getPortTypes().values().iterator().next();
        javax.wsdl.Operation fetch = port.getOperation("fetch", null, null);
        assertThat(fetch).as(wsdl).isNotNull();
        assertThat(fetch.getInput().getMessage().getPart("body").getElementName())
                .isEqualTo(new javax.xml.namespace.QName("urn:govbus:async:v1", "fetch"));
        assertThat(fetch.getOutput().getMessage().getPart("body").getElementName())
                .isEqualTo(new javax.xml.namespace.QName("urn:govbus:async:v1", "accepted"));
        // person-by-iin is routed both ways here: its operation still names the answer, the receipt being the fetch's
        assertThat(port.getOperation("person-by-iin-v1", null, null).getOutput().getMessage().getPart("body").getElementName().getLocalPart())
                .isEqualTo("personByIinResponse");
        String schema = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(bus.node.soapUrl() + "?xsd=xsd/bus-async.xsd")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(schema).contains("targetNamespace=\"urn:govbus:async:v1\"", "name=\"fetch\"", "name=\"accepted\"");
    }

    @Test
    void aClientWithACallbackUrlGetsItsSealedAnswerPushedAgainUntilItTakesIt() throws Exception {
        // the centre's end is down for the first push, up for the second
        pscCallback.stubFor(WireMock.post("/govbus/answers").inScenario("push").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(WireMock.aResponse().withStatus(503)).willSetStateTo("up"));
        pscCallback.stubFor(WireMock.post("/govbus/answers").inScenario("push").whenScenarioStateIs("up")
                .willReturn(WireMock.aResponse().withStatus(204)));
        JsonSigningClient psc = bus.jsonClient("psc", DemoPki.PSC, Clock.systemUTC());
        JsonSigningClient.SignedJson request = person(psc, BusHarness.ASYNC_SERVICE, "850312400029");
        assertThat(bus.postJson(BusHarness.ASYNC_SERVICE, request).statusCode()).isEqualTo(202);
        UUID id = request.header().messageId();

        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pscCallback.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/govbus/answers"))).size() < 2 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        var pushes = pscCallback.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/govbus/answers")));
        assertThat(pushes).as("one refused, one taken").hasSize(2);
        var taken = pushes.get(1);
        assertThat(taken.getHeader("X-GovBus-Message-Id")).isEqualTo(id.toString());
        assertThat(taken.getHeader("X-GovBus-State")).isEqualTo("ANSWERED");
        JsonNode person = bus.jsonAnswerVerifier().verify(200, taken::getHeader, taken.getBody(), request.signingInput(), request.header());
        assertThat(person.toString()).as("the pushed answer is the sealed one").contains("850312400029");
        // the push's log entry follows the 204
        java.util.function.Supplier<List<String>> states = () -> bus.node.messageLog().store().entriesOf(id).stream()
                .filter(e -> e.hop() == Hop.STATE).map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
        until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (states.get().stream().noneMatch(s -> s.contains("pushed to")) && System.nanoTime() < until) Thread.sleep(50);
        assertThat(states.get()).anyMatch(s -> s.contains("pushed to the client's callback URL") && s.contains("status 204, try 2"));
    }

    @Test
    void aJsonRequestIsAcknowledgedAtOnceAndItsSealedAnswerFetchedLater() throws Exception {
        JsonSigningClient.SignedJson request = person(portal, BusHarness.ASYNC_SERVICE, "850312400029");
        HttpResponse<byte[]> ack = bus.postJson(BusHarness.ASYNC_SERVICE, request);
        assertThat(ack.statusCode()).as(body(ack)).isEqualTo(202);
        JsonNode receipt = bus.jsonAnswerVerifier().verify(ack.statusCode(), h -> ack.headers().firstValue(h).orElse(null), ack.body(),
                request.signingInput(), request.header());
        UUID id = request.header().messageId();
        assertThat(receipt.get("messageId").asText()).isEqualTo(id.toString());
        assertThat(receipt.get("state").asText()).isEqualTo("ACCEPTED");
        assertThat(receipt.get("answer").asText()).isEqualTo("/api/v1/messages/" + id);

        HttpResponse<byte[]> answer = fetchUntilEnded(portal, BusHarness.ASYNC_SERVICE, id);
        assertThat(answer.statusCode()).as(body(answer)).isEqualTo(200);
        JsonNode person = bus.jsonAnswerVerifier().verify(200, h -> answer.headers().firstValue(h).orElse(null), answer.body(),
                request.signingInput(), request.header());
        assertThat(person.toString()).contains("850312400029");

        // the receipt and the first try race: the provider may take the request before the receipt is logged
        assertThat(hops(id)).containsSubsequence(Hop.CLIENT_REQUEST, Hop.AGENCY_REQUEST, Hop.AGENCY_ANSWER, Hop.CLIENT_ANSWER, Hop.STATE)
                .contains(Hop.ACCEPTED).startsWith(Hop.CLIENT_REQUEST);
        assertThat(states(id)).containsExactly("DELIVERED", "ANSWERED", "ANSWERED");
        assertThat(bus.node.messageLog().store().entriesOf(id).stream().filter(e -> e.hop() == Hop.STATE).toList().get(2).signer())
                .as("the fetch is logged with its signer").contains("KZ/GOV/EGOV/portal");
    }

    @Test
    void aSoapRequestGetsItsReceiptSealedInSoapAndItsAnswerByTheSoapFetch() throws Exception {
        SigningClient soap = bus.client("portal", DemoPki.PORTAL, Clock.systemUTC());
        SigningClient.SignedRequest request = soap.request(ServiceId.parse(BusHarness.ASYNC_SERVICE), ReplayTest.payload("771120300034"));
        HttpResponse<byte[]> ack = bus.post(request.bytes());
        assertThat(ack.statusCode()).as(body(ack)).isEqualTo(200);
        assertThat(bus.answerVerifier().verify(ack.body(), request.bytes(), request.fields())).isNotNull();
        assertThat(body(ack)).contains("urn:govbus:async:v1").contains("<ga:state>ACCEPTED</ga:state>");

        // the SOAP fetch: the bus's own ga:fetch, signed like a request, naming the fetched messageId as correlationId
        UUID id = request.fields().messageId();
        byte[] fetchBody = ("<ga:fetch xmlns:ga=\"urn:govbus:async:v1\"><ga:messageId>" + id + "</ga:messageId></ga:fetch>")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> answer = null;
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            if (answer != null) Thread.sleep(50);
            var f = request.fields();
            answer = bus.post(soap.request(new org.govbus.core.pipeline.BusHeader(UUID.randomUUID(), id.toString(), f.client(), f.service(),
                    f.userId(), f.purpose(), java.time.Instant.now()), fetchBody, org.govbus.fixtures.Tamper.NONE).bytes());
        } while (body(answer).contains("ga:accepted") && System.nanoTime() < until);
        assertThat(answer.statusCode()).as(body(answer)).isEqualTo(200);
        assertThat(SecureXml.toPrettyString(bus.answerVerifier().verify(answer.body(), request.bytes(), request.fields()).payload()))
                .as("the kept answer, sealed for the request it answers").contains("771120300034");

        SigningClient psc = bus.client("psc", DemoPki.PSC, Clock.systemUTC());
        HttpResponse<byte[]> other = bus.post(psc.request(new org.govbus.core.pipeline.BusHeader(UUID.randomUUID(), id.toString(),
                DemoPki.PSC, request.fields().service(), "x", "x", java.time.Instant.now()), fetchBody, org.govbus.fixtures.Tamper.NONE).bytes());
        assertThat(body(other)).contains("Client.UnknownMessage").doesNotContain("771120300034");
    }

    @Test
    void onlyTheClientThatAskedGetsTheAnswer() throws Exception {
        JsonSigningClient.SignedJson request = person(portal, BusHarness.ASYNC_SERVICE, "850312400029");
        assertThat(bus.postJson(BusHarness.ASYNC_SERVICE, request).statusCode()).isEqualTo(202);
        UUID id = request.header().messageId();
        JsonSigningClient psc = bus.jsonClient("psc", DemoPki.PSC, Clock.systemUTC());
        HttpResponse<byte[]> other = bus.getJson(psc.fetch(ServiceId.parse(BusHarness.ASYNC_SERVICE), id));
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(body(other)).contains("Client.UnknownMessage").doesNotContain("850312400029");
        HttpResponse<byte[]> unknown = bus.getJson(portal.fetch(ServiceId.parse(BusHarness.ASYNC_SERVICE), UUID.randomUUID()));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown)).contains("Client.UnknownMessage");
        HttpResponse<byte[]> otherService = bus.getJson(portal.fetch(ServiceId.parse(BusHarness.SERVICE), id));
        assertThat(body(otherService)).as("signed for another service: as unknown").contains("Client.UnknownMessage");

        // unsigned, nobody learns whether a messageId exists: the same fault for this one and for none
        for (UUID any : new UUID[] {id, UUID.randomUUID()}) {
            java.net.http.HttpResponse<byte[]> unsigned = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(bus.node.baseUrl() + "/api/v1/messages/" + any)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(unsigned.statusCode()).isEqualTo(401);
            assertThat(body(unsigned)).contains("Client.BadSignature").doesNotContain("UnknownMessage");
        }
    }

    @Test
    void aFetchNamingAnotherMessageThanItsUrlIsRefused() throws Exception {
        JsonSigningClient.SignedJson request = person(portal, BusHarness.ASYNC_SERVICE, "850312400029");
        assertThat(bus.postJson(BusHarness.ASYNC_SERVICE, request).statusCode()).isEqualTo(202);
        JsonSigningClient.SignedJson forOther = portal.fetch(ServiceId.parse(BusHarness.ASYNC_SERVICE), UUID.randomUUID());
        // the signature of a fetch of another message, sent to this message's URL
        JsonSigningClient.SignedJson swapped = new JsonSigningClient.SignedJson(
                new org.govbus.core.pipeline.BusHeader(forOther.header().messageId(), request.header().messageId().toString(),
                        forOther.header().client(), forOther.header().service(), "x", "x", forOther.header().timestamp()),
                forOther.body(), forOther.signature(), JwsJsonCodec.CONTENT_TYPE);
        HttpResponse<byte[]> r = bus.getJson(swapped);
        assertThat(r.statusCode()).as(body(r)).isEqualTo(401);
        assertThat(body(r)).contains("Client.BadSignature");
    }

    @Test
    void anAgencyThatStaysDownIsTriedMaxAttemptsTimesThenTheRequestIsDeadLettered() throws Exception {
        JsonSigningClient.SignedJson request = person(portal, BusHarness.ASYNC_OFFLINE_SERVICE, "850312400029");
        assertThat(bus.postJson(BusHarness.ASYNC_OFFLINE_SERVICE, request).statusCode()).isEqualTo(202);
        UUID id = request.header().messageId();
        HttpResponse<byte[]> answer = fetchUntilEnded(portal, BusHarness.ASYNC_OFFLINE_SERVICE, id);
        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(body(answer)).contains("Server.ProviderUnavailable").contains(id.toString());
        assertThat(bus.node.mailbox().find(id).orElseThrow().state()).isEqualTo(DeliveryState.DEAD_LETTERED);
        assertThat(bus.node.mailbox().find(id).orElseThrow().attempts()).isEqualTo(3);
        assertThat(states(id)).containsExactly("DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED", "DEAD_LETTERED", "DEAD_LETTERED");
    }

    @Test
    void anOperatorListsShowsAndRedrivesADeadLetterWhileTheNodeRuns() throws Exception {
        JsonSigningClient.SignedJson request = person(portal, BusHarness.ASYNC_OFFLINE_SERVICE, "850312400029");
        assertThat(bus.postJson(BusHarness.ASYNC_OFFLINE_SERVICE, request).statusCode()).isEqualTo(202);
        UUID id = request.header().messageId();
        assertThat(fetchUntilEnded(portal, BusHarness.ASYNC_OFFLINE_SERVICE, id).statusCode()).isEqualTo(502);
        String config = dir.resolve("govbus.yaml").toString();

        CliTest.Run list = CliTest.govbus("dlq", "list", "-c", config);
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains(id.toString()).contains(BusHarness.ASYNC_OFFLINE_SERVICE).contains("Server.ProviderUnavailable");
        CliTest.Run show = CliTest.govbus("dlq", "show", id.toString(), "-c", config);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("Attempt            3").contains("payload").doesNotContain("850312400029");
        assertThat(CliTest.govbus("dlq", "show", UUID.randomUUID().toString(), "-c", config).exit()).isEqualTo(1);

        CliTest.Run redrive = CliTest.govbus("dlq", "redrive", id.toString(), "-c", config);
        assertThat(redrive.exit()).as(redrive.err()).isZero();
        assertThat(redrive.out()).contains("1 request(s) redriven");
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (states(id).stream().filter("DEAD_LETTERED"::equals).count() < 3 && System.nanoTime() < until) Thread.sleep(50);
        assertThat(states(id)).as("fetched once, then redriven: tried three times afresh and dead-lettered again")
                .containsSubsequence("DEAD_LETTERED", "DEAD_LETTERED", "ACCEPTED", "DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED", "DEAD_LETTERED");
        assertThat(CliTest.govbus("dlq", "list", "-c", config).out()).contains(id.toString());
        assertThat(CliTest.govbus("dlq", "redrive", UUID.randomUUID().toString(), "-c", config).exit()).isEqualTo(1);
    }

    @Test
    void govbusSendWaitsForTheAnswerOrOnlySubmitsAndGovbusFetchGetsItLater() throws Exception {
        Path pki = dir.resolve("data/pki");
        java.nio.file.Files.writeString(dir.resolve("person.json"), "{\"iin\":\"850312400029\"}");
        java.nio.file.Files.write(dir.resolve("person.xml"), ReplayTest.payload("771120300034"));
        String[] client = {"--url", bus.node.soapUrl(), "--keystore", pki.resolve("portal.p12").toString(),
                "--truststore", pki.resolve("trust.p12").toString(), "--service", BusHarness.ASYNC_SERVICE};

        CliTest.Run json = CliTest.govbus(with(new String[] {"send", "--json"}, client, dir.resolve("person.json").toString()));
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.err()).contains("(asynchronous): receipt sealed by").contains("requestHash matches");
        assertThat(json.out()).contains("850312400029");
        CliTest.Run soap = CliTest.govbus(with(new String[] {"send"}, client, dir.resolve("person.xml").toString()));
        assertThat(soap.exit()).as(soap.err()).isZero();
        assertThat(soap.out()).contains("771120300034");

        CliTest.Run submitted = CliTest.govbus(with(new String[] {"send", "--json", "--no-wait"}, client, dir.resolve("person.json").toString()));
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        // the node in this JVM logs to the same standard output: the command's own line is the last
        String id = submitted.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(id).as("the messageId alone on its line").matches("[0-9a-f-]{36}");
        CliTest.Run fetched = CliTest.govbus(with(new String[] {"fetch", id, "--wait", "20"}, client));
        assertThat(fetched.exit()).as(fetched.err()).isZero();
        assertThat(fetched.out()).contains("850312400029");
        CliTest.Run unknown = CliTest.govbus(with(new String[] {"fetch", UUID.randomUUID().toString()}, client));
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("Client.UnknownMessage");
    }

    private static String[] with(String[] first, String[] more, String... last) {
        java.util.List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        all.addAll(List.of(last));
        return all.toArray(String[]::new);
    }

    @Test
    void aRequestWhoseTimeToLivePassesIsNeverDeliveredAndItsClientToldExpired() throws Exception {
        JsonSigningClient.SignedJson request = person(portal, BusHarness.ASYNC_BRIEF_SERVICE, "850312400029");
        assertThat(bus.postJson(BusHarness.ASYNC_BRIEF_SERVICE, request).statusCode()).isEqualTo(202);
        UUID id = request.header().messageId();
        HttpResponse<byte[]> answer = fetchUntilEnded(portal, BusHarness.ASYNC_BRIEF_SERVICE, id);
        assertThat(answer.statusCode()).as(body(answer)).isEqualTo(410);
        assertThat(body(answer)).contains("Client.Expired");
        long tries = bus.node.messageLog().store().entriesOf(id).stream().filter(e -> e.hop() == Hop.STATE)
                .filter(e -> new String(e.payload(), StandardCharsets.UTF_8).matches("(?s)state=DELIVERED\nreason=try \\d+ of 5\n")).count();
        assertThat(tries).as("the one try before the time to live passed; none after").isEqualTo(1);
        // the mailbox's sweep ends it now, while its retry still waits out the 2 s back-off
        assertThat(bus.node.sweepMailbox()).isGreaterThanOrEqualTo(1);
        assertThat(bus.node.mailbox().find(id).orElseThrow().state()).isEqualTo(DeliveryState.EXPIRED);
        assertThat(states(id)).containsExactly("DELIVERED", "DELIVERED", "EXPIRED");
        Thread.sleep(2500);
        assertThat(states(id)).as("the retry that came back after the time to live was let go untried").containsExactly("DELIVERED", "DELIVERED", "EXPIRED");
        assertThat(bus.getJson(portal.fetch(ServiceId.parse(BusHarness.ASYNC_BRIEF_SERVICE), id)).statusCode()).isEqualTo(410);
    }

    @Test
    void aRequestTheSweepExpiresIsPushedToItsClientsCallbackToo() throws Exception {
        pscCallback.stubFor(WireMock.post("/govbus/answers").willReturn(WireMock.aResponse().withStatus(204)));
        JsonSigningClient psc = bus.jsonClient("psc", DemoPki.PSC, Clock.systemUTC());
        JsonSigningClient.SignedJson request = person(psc, BusHarness.ASYNC_BRIEF_SERVICE, "850312400029");
        assertThat(bus.postJson(BusHarness.ASYNC_BRIEF_SERVICE, request).statusCode()).isEqualTo(202);
        UUID id = request.header().messageId();
        // its one try fails at once and its retry waits 2 s: the time to live (1 s) passes in between, for the sweep
        Thread.sleep(1300);
        bus.node.sweepMailbox();
        assertThat(bus.node.mailbox().find(id).orElseThrow().state()).isEqualTo(DeliveryState.EXPIRED);
        assertThat(bus.node.messageLog().store().entriesOf(id).stream().filter(e -> e.hop() == Hop.STATE)
                .map(e -> new String(e.payload(), StandardCharsets.UTF_8))).anyMatch(p -> p.contains("found by the mailbox's sweep"));
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        var expired = WireMock.postRequestedFor(WireMock.urlEqualTo("/govbus/answers")).withHeader("X-GovBus-Message-Id", WireMock.equalTo(id.toString()));
        while (pscCallback.findAll(expired).isEmpty() && System.nanoTime() < until) Thread.sleep(50);
        var pushed = pscCallback.findAll(expired);
        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0).getHeader("X-GovBus-State")).isEqualTo("EXPIRED");
        assertThat(pushed.get(0).getBodyAsString()).contains("Client.Expired");
    }

    /** Fetches until the request has ended (anything but 202), for at most 20 s. */
    private static HttpResponse<byte[]> fetchUntilEnded(JsonSigningClient client, String service, UUID id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<byte[]> r = bus.getJson(client.fetch(ServiceId.parse(service), id));
            if (r.statusCode() != 202 || System.nanoTime() > until) return r;
            Thread.sleep(50);
        }
    }

    private static List<Hop> hops(UUID id) {
        return bus.node.messageLog().store().entriesOf(id).stream().map(LogEntry::hop).toList();
    }

    /** The state each STATE entry of the message records, in log order. */
    private static List<String> states(UUID id) {
        return bus.node.messageLog().store().entriesOf(id).stream().filter(e -> e.hop() == Hop.STATE)
                .map(e -> new String(e.payload(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow().replace("state=", "")).toList();
    }

    private static JsonSigningClient.SignedJson person(JsonSigningClient client, String service, String iin) {
        return client.request(ServiceId.parse(service), ("{\"iin\":\"" + iin + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static String body(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }
}
