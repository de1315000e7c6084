package org.govbus.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.govbus.core.error.FaultCode;
import org.govbus.core.json.JsonAnswerVerifier;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.core.json.StrictJson;
import org.govbus.core.adapter.AgencyTraffic;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogEntry;
import org.govbus.core.pipeline.ProviderReply;
import org.govbus.core.pipeline.ProviderRequest;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.soap.AnswerVerifier;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.soap.SoapMessages;
import org.govbus.core.xml.SecureXml;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.fixtures.JsonTamper;
import org.govbus.fixtures.SigningClient;
import org.govbus.fixtures.Tamper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingress routes with the real pipeline and codecs, and the provider queue replaced by a scripted provider:
 * both formats take the same steps, faults come back in the client's own format, and nothing refused at the edge
 * reaches the queue or the log.
 */
class IngressRoutesTest extends CamelTestSupport {
    static final byte[] SOAP_PAYLOAD = ("<p:personByIinRequest xmlns:p=\"" + RouteFixture.NS + "\"><p:iin>850312400029</p:iin></p:personByIinRequest>")
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] JSON_PAYLOAD = "{\"iin\":\"850312400029\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    RouteFixture fixture;
    final List<ProviderRequest> queued = new CopyOnWriteArrayList<>();
    volatile ProviderReply reply = ProviderReply.answer(RouteFixture.ANSWER);
    volatile boolean timesOut;

    @Override
    public boolean isUseAdviceWith() { return true; }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        fixture = new RouteFixture(dir, List.of());
        return new IngressRoutes("127.0.0.1", 0, "http://127.0.0.1:0", "unused", fixture.bus);
    }

    @BeforeEach
    void replaceTheEdges() throws Exception {
        AdviceWith.adviceWith(context, "soap-ingress", a -> a.replaceFromWith("direct:soap"));
        AdviceWith.adviceWith(context, "to-provider-queue", a -> a.weaveByType(ToDynamicDefinition.class).replace().process(e -> {
            queued.add(ProviderMessages.readRequest(e.getMessage()));
            if (timesOut) throw new ExchangeTimedOutException(e, 5000);
            ProviderMessages.write(reply, e.getMessage());
        }));
        context.start();
    }

    Exchange sendSoap(byte[] envelope) {
        return template.send("direct:soap", e -> {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/xml; charset=utf-8");
            e.getMessage().setBody(envelope);
        });
    }

    Exchange sendJson(JsonSigningClient.SignedJson r) {
        return template.send(HttpApi.CALL_SERVICE, e -> {
            e.getMessage().setHeader("Content-Type", r.contentType());
            if (r.signature() != null) e.getMessage().setHeader(JwsJsonCodec.SIGNATURE, r.signature());
            e.getMessage().setHeader(HttpApi.TARGET, RouteFixture.SERVICE.toString());
            e.getMessage().setBody(r.body());
        });
    }

    SigningClient soapClient() { return new SigningClient(fixture.pki.key(DemoPki.PORTAL), DemoPki.PORTAL); }

    JsonSigningClient jsonClient() { return new JsonSigningClient(fixture.pki.key(DemoPki.PORTAL), DemoPki.PORTAL, Clock.systemUTC()); }

    static int status(Exchange e) { return e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class); }

    List<Hop> logged(java.util.UUID id) {
        return fixture.log.store().entriesOf(id).stream().map(LogEntry::hop).toList();
    }

    @Test
    void aSoapRequestTakesEveryStepAndGetsASealedAnswer() {
        byte[] sent = "<agency-request/>".getBytes(StandardCharsets.UTF_8);
        byte[] received = "<agency-answer/>".getBytes(StandardCharsets.UTF_8);
        reply = reply.withTraffic(List.of(new AgencyTraffic.Exchange("POST https://agency.example/register", sent, 200, received)));
        SigningClient.SignedRequest request = soapClient().request(RouteFixture.SERVICE, SOAP_PAYLOAD);
        Exchange done = sendSoap(request.bytes());

        assertThat(status(done)).isEqualTo(200);
        new AnswerVerifier(new MessageVerifier(fixture.pki.trust(), Duration.ofMinutes(5)), DemoPki.BUS)
                .verify(done.getMessage().getBody(byte[].class), request.bytes(), request.fields());
        assertThat(queued).singleElement().satisfies(q -> {
            assertThat(q.messageId()).isEqualTo(request.fields().messageId());
            assertThat(new String(q.payload(), StandardCharsets.UTF_8)).contains("850312400029").doesNotContain("Envelope");
        });
        assertThat(logged(request.fields().messageId()))
                .containsExactly(Hop.CLIENT_REQUEST, Hop.AGENCY_REQUEST, Hop.AGENCY_ANSWER, Hop.CLIENT_ANSWER);
        List<LogEntry> hops = fixture.log.store().entriesOf(request.fields().messageId());
        // the agency's bytes as they went and came, over the JMS reply and into the log
        assertThat(hops.get(1).payload()).isEqualTo(sent);
        assertThat(hops.get(1).signer()).contains("POST https://agency.example/register");
        assertThat(hops.get(2).payload()).isEqualTo(received);
        assertThat(hops.get(0).subject()).isEqualTo("850312400029");
    }

    @Test
    void aJsonRequestTakesTheSameStepsAndGetsASealedJsonAnswer() {
        JsonSigningClient.SignedJson request = jsonClient().request(RouteFixture.SERVICE, JSON_PAYLOAD);
        Exchange done = sendJson(request);

        assertThat(status(done)).isEqualTo(200);
        JsonNode answer = new JsonAnswerVerifier(fixture.pki.trust(), DemoPki.BUS).verify(200,
                name -> done.getMessage().getHeader(name, String.class), done.getMessage().getBody(byte[].class),
                request.signingInput(), request.header());
        assertThat(answer.path("found").asBoolean(true)).isFalse();
        // the provider got the canonical XML, not the client's JSON
        assertThat(new String(queued.get(0).payload(), StandardCharsets.UTF_8))
                .isEqualTo("<p:personByIinRequest xmlns:p=\"" + RouteFixture.NS + "\"><p:iin>850312400029</p:iin></p:personByIinRequest>");
        assertThat(logged(request.header().messageId())).containsExactly(Hop.CLIENT_REQUEST, Hop.CLIENT_ANSWER);
    }

    @Test
    void aProviderFaultReachesEachClientInItsOwnFormatAndIsLogged() {
        reply = ProviderReply.fault(FaultCode.PROVIDER_UNAVAILABLE, "the register is down");
        SigningClient.SignedRequest soap = soapClient().request(RouteFixture.SERVICE, SOAP_PAYLOAD);
        Exchange soapDone = sendSoap(soap.bytes());
        assertThat(status(soapDone)).isEqualTo(500);
        assertThat(SoapMessages.faultCodeOf(SecureXml.parse(soapDone.getMessage().getBody(byte[].class)))).isEqualTo("Server.ProviderUnavailable");
        assertThat(logged(soap.fields().messageId())).containsExactly(Hop.CLIENT_REQUEST, Hop.FAULT);

        JsonSigningClient.SignedJson json = jsonClient().request(RouteFixture.SERVICE, JSON_PAYLOAD);
        Exchange jsonDone = sendJson(json);
        assertThat(status(jsonDone)).isEqualTo(502);
        assertThat(jsonDone.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class)).isEqualTo("application/problem+json");
        JsonNode problem = StrictJson.parse(jsonDone.getMessage().getBody(byte[].class), "problem");
        assertThat(problem.path("code").asText()).isEqualTo("Server.ProviderUnavailable");
        assertThat(problem.path("retryable").asBoolean(false)).as("the agency may be back later").isTrue();
        assertThat(problem.path("messageId").asText()).isEqualTo(json.header().messageId().toString());
        assertThat(logged(json.header().messageId())).containsExactly(Hop.CLIENT_REQUEST, Hop.FAULT);
    }

    @Test
    void anAnswerAgainstTheResponseSchemaIsAProviderErrorThatNoRetryMends() {
        reply = ProviderReply.answer(("<p:personByIinResponse xmlns:p=\"" + RouteFixture.NS + "\"><p:found>maybe</p:found></p:personByIinResponse>")
                .getBytes(StandardCharsets.UTF_8));
        Exchange soapDone = sendSoap(soapClient().request(RouteFixture.SERVICE, SOAP_PAYLOAD).bytes());
        var fault = SecureXml.parse(soapDone.getMessage().getBody(byte[].class));
        assertThat(SoapMessages.faultCodeOf(fault)).isEqualTo("Server.ProviderError");
        assertThat(fault.getElementsByTagNameNS(org.govbus.core.soap.SoapEnvelope.BUS_NS, "retryable").item(0).getTextContent()).isEqualTo("false");
        JsonNode problem = StrictJson.parse(sendJson(jsonClient().request(RouteFixture.SERVICE, JSON_PAYLOAD)).getMessage().getBody(byte[].class), "problem");
        assertThat(problem.path("code").asText()).isEqualTo("Server.ProviderError");
        assertThat(problem.path("retryable").asBoolean(true)).isFalse();
    }

    @Test
    void aReplyThatNeverCameIsAProviderTimeout() {
        timesOut = true;
        SigningClient.SignedRequest soap = soapClient().request(RouteFixture.SERVICE, SOAP_PAYLOAD);
        Exchange done = sendSoap(soap.bytes());
        assertThat(SoapMessages.faultCodeOf(SecureXml.parse(done.getMessage().getBody(byte[].class)))).isEqualTo("Server.ProviderTimeout");
        assertThat(logged(soap.fields().messageId())).containsExactly(Hop.CLIENT_REQUEST, Hop.FAULT);

        JsonSigningClient.SignedJson json = jsonClient().request(RouteFixture.SERVICE, JSON_PAYLOAD);
        Exchange jsonDone = sendJson(json);
        assertThat(status(jsonDone)).isEqualTo(504);
        assertThat(StrictJson.parse(jsonDone.getMessage().getBody(byte[].class), "problem").path("code").asText()).isEqualTo("Server.ProviderTimeout");
        assertThat(logged(json.header().messageId())).containsExactly(Hop.CLIENT_REQUEST, Hop.FAULT);
    }

    @Test
    void requestsRefusedAtTheEdgeAreNeitherQueuedNorLogged() {
        byte[] another = new String(SOAP_PAYLOAD, StandardCharsets.UTF_8).replace("850312400029", "900101300017").getBytes(StandardCharsets.UTF_8);
        SigningClient.SignedRequest soap = soapClient().request(RouteFixture.SERVICE, another, Tamper.ALTER_BODY);
        Exchange soapDone = sendSoap(soap.bytes());
        assertThat(SoapMessages.faultCodeOf(SecureXml.parse(soapDone.getMessage().getBody(byte[].class)))).isEqualTo("Client.BadSignature");

        JsonSigningClient.SignedJson json = jsonClient().request(RouteFixture.SERVICE, JSON_PAYLOAD, JsonTamper.ALTER_BODY);
        Exchange jsonDone = sendJson(json);
        assertThat(status(jsonDone)).isEqualTo(401);

        assertThat(queued).isEmpty();
        assertThat(logged(soap.fields().messageId())).isEmpty();
        assertThat(logged(json.header().messageId())).isEmpty();
    }
}
