package org.govbus.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.govbus.core.id.ServiceId;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.soap.AnswerVerifier;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.xml.SecureXml;
import org.govbus.core.json.JsonAnswerVerifier;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.adapter.populationregister.simulator.PopulationRegisterSimulator;
import org.govbus.fixtures.SigningClient;
import org.govbus.fixtures.SyntheticPeople;
import org.govbus.fixtures.TestPki;

/**
 * The two ways a client gets a person record, doing the same client-side work per message: through the bus
 * (a pre-signed request; the answer's signature and binding verified) and directly from the register (its
 * own request; the answer parsed and one signature of the same size verified, as the client would for a
 * signed answer).
 */
final class Workloads {
    static final ServiceId SERVICE = ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final TestPki pki;
    private final URI bus;
    private final URI register;
    private final AnswerVerifier answers;
    private final JsonAnswerVerifier jsonAnswers;
    private final MessageVerifier verifier;
    private final SigningClient standInSigner;
    /** re-signed every minute: a stand-in older than the verifier's skew would fail as stale */
    private volatile SigningClient.SignedRequest standIn;

    Workloads(TestPki pki, URI bus, URI register) {
        this.pki = pki;
        this.bus = bus;
        this.register = register;
        this.verifier = new MessageVerifier(pki.trust(), Duration.ofMinutes(5));
        this.answers = new AnswerVerifier(verifier, DemoPki.BUS);
        this.jsonAnswers = new JsonAnswerVerifier(pki.trust(), DemoPki.BUS);
        this.standInSigner = new SigningClient(pki.key(DemoPki.BUS), DemoPki.BUS);
        this.standIn = standInSigner.request(SERVICE, payload(0));
    }

    static byte[] payload(int i) {
        String iin = SyntheticPeople.ALL.get(i % SyntheticPeople.ALL.size()).iin();
        return ("<p:personByIinRequest xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><p:iin>" + iin
                + "</p:iin></p:personByIinRequest>").getBytes(StandardCharsets.UTF_8);
    }

    /** n distinct signed requests, each with a fresh messageId, made on every core before any clock starts. */
    List<SigningClient.SignedRequest> signedRequests(int n) {
        SigningClient portal = new SigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL);
        return IntStream.range(0, n).parallel().mapToObj(i -> portal.request(SERVICE, payload(i))).toList();
    }

    /** n signed requests for another service, all with the same payload (each its own messageId). */
    List<SigningClient.SignedRequest> signedRequests(ServiceId service, byte[] payload, int n) {
        SigningClient portal = new SigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL);
        return IntStream.range(0, n).parallel().mapToObj(i -> portal.request(service, payload)).toList();
    }

    /**
     * Requests signed only when a client takes them, without end: for warming up, where the clock does not
     * count and the bus's JIT needs minutes of traffic, more than is worth signing beforehand.
     */
    List<SigningClient.SignedRequest> signedOnDemand() {
        SigningClient portal = new SigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL);
        return new java.util.AbstractList<>() {
            @Override
            public SigningClient.SignedRequest get(int i) { return portal.request(SERVICE, payload(i)); }

            @Override
            public int size() { return Integer.MAX_VALUE; }
        };
    }

    List<byte[]> directRequests(int n) {
        return IntStream.range(0, n).mapToObj(i -> PopulationRegisterSimulator.directRequest(
                SyntheticPeople.ALL.get(i % SyntheticPeople.ALL.size()).iin(), UUID.randomUUID().toString())).toList();
    }

    void viaBus(SigningClient.SignedRequest request) throws Exception { answerViaBus(request); }

    /** The answer's size in bytes, verified as {@link #viaBus} does. */
    int answerViaBus(SigningClient.SignedRequest request) throws Exception {
        byte[] answer = post(bus, request.bytes());
        answers.verify(answer, request.bytes(), request.fields());
        return answer.length;
    }

    /** n distinct JSON requests signed with JWS, made on every core before any clock starts. */
    List<JsonSigningClient.SignedJson> signedJsonRequests(int n) {
        JsonSigningClient portal = new JsonSigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL, java.time.Clock.systemUTC());
        return IntStream.range(0, n).parallel().mapToObj(i -> portal.request(SERVICE, jsonPayload(i))).toList();
    }

    /** n JSON requests for another service, all with the same body (each its own messageId). */
    List<JsonSigningClient.SignedJson> signedJsonRequests(ServiceId service, byte[] body, int n) {
        JsonSigningClient portal = new JsonSigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL, java.time.Clock.systemUTC());
        return IntStream.range(0, n).parallel().mapToObj(i -> portal.request(service, body)).toList();
    }

    static byte[] jsonPayload(int i) {
        return ("{\"iin\":\"" + SyntheticPeople.ALL.get(i % SyntheticPeople.ALL.size()).iin() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON way through the bus: the answer's seal, proof and requestHash verified as a JSON client does. */
    void viaBusJson(JsonSigningClient.SignedJson request) throws Exception { answerViaBusJson(request); }

    /** The answer's size in bytes, verified as {@link #viaBusJson} does. */
    int answerViaBusJson(JsonSigningClient.SignedJson request) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(bus.resolve("/api/v1/services/" + request.header().service()))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", request.contentType()).header(JwsJsonCodec.SIGNATURE, request.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build(), HttpResponse.BodyHandlers.ofByteArray());
        jsonAnswers.verify(r.statusCode(), name -> r.headers().firstValue(name).orElse(null), r.body(), request.signingInput(), request.header());
        return r.body().length;
    }

    void direct(byte[] request) throws Exception {
        byte[] answer;
        try {
            answer = post(register, request);
        } catch (IOException staleConnection) {
            // the simulator closes a kept-alive connection now and then just as the client reuses it ("header parser
            // received no bytes"): the direct baseline's own transport, not a failed call; the bus phases get no retry
            answer = post(register, request);
        }
        if (SecureXml.parse(answer).getDocumentElement() == null) throw new IllegalStateException("empty answer");
        verifier.verify(SoapEnvelope.of(SecureXml.parse(standIn().bytes())), Instant.now());
    }

    private SigningClient.SignedRequest standIn() {
        SigningClient.SignedRequest s = standIn;
        if (Duration.between(s.fields().timestamp(), Instant.now()).toSeconds() > 60) {
            s = standInSigner.request(SERVICE, payload(0));
            standIn = s;
        }
        return s;
    }

    private byte[] post(URI url, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=utf-8").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": "
                + new String(r.body(), 0, Math.min(300, r.body().length), StandardCharsets.UTF_8));
        return r.body();
    }
}
