package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.govbus.core.id.ServiceId;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogEntry;
import org.govbus.core.pki.DemoPki;
import org.govbus.fixtures.JsonSigningClient;
import org.junit.jupiter.api.Test;

/** A JSON client signed with JWS reaches the SOAP population register through the same pipeline as SOAP clients. */
class JsonEndToEndTest extends OneBusPerClass {

    static byte[] personRequest(String iin) { return ("{\"iin\":\"" + iin + "\"}").getBytes(StandardCharsets.UTF_8); }

    private static JsonNode sendAndVerify(String signer, String iin) {
        JsonSigningClient client = bus.jsonClient(signer, DemoPki.PORTAL, Clock.systemUTC());
        JsonSigningClient.SignedJson request = client.request(ServiceId.parse(BusHarness.SERVICE), personRequest(iin));
        HttpResponse<byte[]> response = bus.postJson(BusHarness.SERVICE, request);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode answer = bus.jsonAnswerVerifier().verify(response.statusCode(),
                name -> response.headers().firstValue(name).orElse(null), response.body(), request.signingInput(), request.header());

        List<LogEntry> logged = bus.node.messageLog().store().entriesOf(request.header().messageId());
        assertThat(logged).extracting(LogEntry::hop)
                .containsExactly(Hop.CLIENT_REQUEST, Hop.AGENCY_REQUEST, Hop.AGENCY_ANSWER, Hop.CLIENT_ANSWER);
        // the request as signed (protected header, body, signature); the answer with its seal headers
        assertThat(new String(logged.get(0).payload(), StandardCharsets.UTF_8))
                .isEqualTo(new String(request.signingInput(), StandardCharsets.UTF_8) + request.signature().substring(request.signature().lastIndexOf('.')));
        assertThat(logged.get(0).signer()).contains("CN=KZ/GOV/EGOV/portal");
        assertThat(new String(logged.get(3).payload(), StandardCharsets.UTF_8)).startsWith(JwsJsonCodec.HEADER + ": ")
                .endsWith(new String(response.body(), StandardCharsets.UTF_8));
        return answer;
    }

    @Test
    void aJsonRequestSignedWithRs256GetsASealedJsonAnswerBoundToIt() {
        JsonNode answer = sendAndVerify("portal", "850312400029");
        assertThat(answer.path("found").isBoolean()).isTrue();
        assertThat(answer.path("found").asBoolean()).isTrue();
        assertThat(answer.path("person").path("surname").asText()).isEqualTo("Ахметова");
        assertThat(answer.path("person").path("sex").asText()).isEqualTo("FEMALE");
        assertThat(answer.path("person").path("registeredAddress").isObject()).isTrue();
    }

    @Test
    void anEs256ClientIsAcceptedToo() {
        JsonNode answer = sendAndVerify("portal-ec", "850312400029");
        assertThat(answer.path("found").asBoolean()).isTrue();
    }

    @Test
    void ps256IsAcceptedAndASecondSignatureHeaderIsNot() throws Exception {
        var key = bus.key("portal");
        var signer = new org.govbus.core.json.JwsRequestSigner(key);
        var header = new org.govbus.core.pipeline.BusHeader(java.util.UUID.randomUUID(), null, DemoPki.PORTAL,
                ServiceId.parse(BusHarness.SERVICE), "operator-1", "test", java.time.Instant.now());
        var protectedHeader = signer.protectedHeader(header).put("alg", "PS256");
        byte[] body = personRequest("850312400029");
        String signature = signer.sign(protectedHeader, body);
        var request = new JsonSigningClient.SignedJson(header, body, signature, "application/json");
        HttpResponse<byte[]> response = bus.postJson(BusHarness.SERVICE, request);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);

        var again = jsonClientRequest();
        HttpResponse<byte[]> twice = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(bus.node.baseUrl() + "/api/v1/services/" + BusHarness.SERVICE))
                .header("Content-Type", "application/json").header(JwsJsonCodec.SIGNATURE, again.signature())
                .header(JwsJsonCodec.SIGNATURE, again.signature()).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(again.body())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(twice.statusCode()).isEqualTo(401);
        assertThat(bus.node.messageLog().store().entriesOf(again.header().messageId())).isEmpty();
    }

    private static JsonSigningClient.SignedJson jsonClientRequest() {
        return bus.jsonClient("portal", DemoPki.PORTAL, Clock.systemUTC()).request(ServiceId.parse(BusHarness.SERVICE), personRequest("850312400029"));
    }

    @Test
    void anUnknownPersonIsAnAnswerNotAFault() {
        JsonNode answer = sendAndVerify("portal", "880828400139");
        assertThat(answer.path("found").asBoolean()).isFalse();
        assertThat(answer.has("person")).isFalse();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(bus.node.baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthSaysReadyAndNamesEachPart() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode report = org.govbus.core.json.StrictJson.parse(health.body().getBytes(StandardCharsets.UTF_8), "health");
        assertThat(report.path("status").asText()).isEqualTo("READY");
        assertThat(report.path("checks").fieldNames()).toIterable().containsExactly("database", "broker", "signingKey", "routingTable");
        assertThat(report.path("checks").path("signingKey").path("detail").asText()).endsWith("days to expiry");
        assertThat(report.path("checks").path("routingTable").path("detail").asText()).matches("version [0-9a-f]{12}");
    }

    @Test
    void metricsCountRequestsByOutcomeAndTimeEachStage() throws Exception {
        sendAndVerify("portal", "850312400029");
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("govbus_requests_total\\{[^}]*format=\"json\"[^}]*outcome=\"OK\"[^}]*service=\""
                        + java.util.regex.Pattern.quote(BusHarness.SERVICE) + "\"")
                .contains("govbus_stage_seconds_bucket{format=\"json\"", "stage=\"verify\"", "stage=\"provider\"", "jvm_memory_used_bytes");
        // the embedded database's own compaction is reported: its steps' hold on the store, the file's fill rate
        assertThat(metrics.body()).containsPattern("(?m)^govbus_db_compaction_step_seconds_count [0-9]")
                .containsPattern("(?m)^govbus_db_chunks_fill [0-9]").contains("govbus_db_compaction_rewrites_total");
    }

    @Test
    void anAlteredAnswerBodyFailsTheClientsCheck() {
        JsonSigningClient client = bus.jsonClient("portal", DemoPki.PORTAL, Clock.systemUTC());
        JsonSigningClient.SignedJson request = client.request(ServiceId.parse(BusHarness.SERVICE), personRequest("850312400029"));
        HttpResponse<byte[]> response = bus.postJson(BusHarness.SERVICE, request);
        byte[] altered = new String(response.body(), StandardCharsets.UTF_8).replace("Ахметова", "Иванова").getBytes(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bus.jsonAnswerVerifier().verify(200,
                        name -> response.headers().firstValue(name).orElse(null), altered, request.signingInput(), request.header()))
                .hasMessageContaining("not the one the bus sealed");
    }
}
