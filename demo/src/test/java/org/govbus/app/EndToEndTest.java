package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.govbus.core.id.ServiceId;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogEntry;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.soap.SoapMessages;
import org.govbus.core.xml.SecureXml;
import org.govbus.fixtures.SigningClient;
import org.govbus.fixtures.TestPki;
import org.govbus.fixtures.SyntheticPeople;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed request in, signed answer out, over real CXF, Artemis, H2 and HTTP; only the register is simulated. */
class EndToEndTest {
    @TempDir
    static Path dir;
    static BusHarness bus;
    static SigningClient portal;

    @BeforeAll
    static void start() throws Exception {
        bus = BusHarness.start(dir);
        portal = bus.client("portal", DemoPki.PORTAL, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    static byte[] personRequest(String iin) {
        return ("<p:personByIinRequest xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><p:iin>" + iin
                + "</p:iin></p:personByIinRequest>").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSignedRequestGetsASignedAnswerBoundToItAndBothAreLogged() {
        SigningClient.SignedRequest request = portal.request(ServiceId.parse(BusHarness.SERVICE), personRequest("850312400029"));
        HttpResponse<byte[]> response = bus.post(request.bytes());

        assertThat(response.statusCode()).isEqualTo(200);
        SoapEnvelope answer = bus.answerVerifier().verify(response.body(), request.bytes(), request.fields());
        String person = SecureXml.toPrettyString(answer.payload());
        assertThat(person).contains("<found>true</found>", "<surname>Ахметова</surname>", "<sex>FEMALE</sex>",
                "<citizenship>KAZ</citizenship>");

        List<LogEntry> logged = bus.node.messageLog().store().entriesOf(request.fields().messageId());
        assertThat(logged).extracting(LogEntry::hop)
                .containsExactly(Hop.CLIENT_REQUEST, Hop.AGENCY_REQUEST, Hop.AGENCY_ANSWER, Hop.CLIENT_ANSWER);
        assertThat(logged.get(0).payload()).isEqualTo(request.bytes());
        assertThat(logged.get(0).signer()).contains("CN=KZ/GOV/EGOV/portal");
        assertThat(logged.get(0).subject()).isEqualTo("850312400029");
        // the register's SOAP exchange as it went over the wire, then the sealed answer as the client got it
        assertThat(new String(logged.get(1).payload(), StandardCharsets.UTF_8)).contains("850312400029");
        assertThat(logged.get(1).signer()).contains("POST " + bus.register.endpoint());
        assertThat(new String(logged.get(2).payload(), StandardCharsets.UTF_8)).contains("Envelope");
        assertThat(logged.get(3).payload()).isEqualTo(response.body());
        assertThat(logged.get(3).signer()).contains("CN=KZ/GOV/GOVBUS/bus");
        assertThat(logged.get(3).prevHash()).isEqualTo(logged.get(2).entryHash());
        assertThat(bus.node.verifyLog().intact()).isTrue();
    }

    @Test
    void aCertificateNamingARevocationServiceIsCheckedThereAndServedWhenGood() {
        SigningClient checked = bus.client(TestPki.CHECKED, DemoPki.PORTAL, java.time.Clock.systemUTC());
        SigningClient.SignedRequest request = checked.request(ServiceId.parse(BusHarness.SERVICE), personRequest("850312400029"));
        HttpResponse<byte[]> response = bus.post(request.bytes());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        bus.answerVerifier().verify(response.body(), request.bytes(), request.fields());
    }

    @Test
    void aPersonTheRegisterDoesNotKnowIsASignedAnswerNotAFault() {
        SigningClient.SignedRequest request = portal.request(ServiceId.parse(BusHarness.SERVICE), personRequest(SyntheticPeople.UNKNOWN_IIN));
        HttpResponse<byte[]> response = bus.post(request.bytes());
        assertThat(response.statusCode()).isEqualTo(200);
        SoapEnvelope answer = bus.answerVerifier().verify(response.body(), request.bytes(), request.fields());
        assertThat(SecureXml.toPrettyString(answer.payload())).contains("<found>false</found>").doesNotContain("<person>");
    }

    @Test
    void theWsdlIsServed() throws Exception {
        HttpResponse<String> wsdl = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(bus.node.soapUrl() + "?wsdl")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("GovBusSoapPort", "personByIin", "bus-envelope.xsd");
    }

    @Test
    void aReplayIsRefusedEvenAfterTheBusRestarts() throws Exception {
        SigningClient.SignedRequest request = portal.request(ServiceId.parse(BusHarness.SERVICE), personRequest("771120300034"));
        assertThat(bus.post(request.bytes()).statusCode()).isEqualTo(200);

        bus.restart();

        HttpResponse<byte[]> replayed = bus.post(request.bytes());
        assertThat(replayed.statusCode()).isEqualTo(500);
        assertThat(SoapMessages.faultCodeOf(SecureXml.parse(replayed.body()))).isEqualTo("Client.Replay");
        SigningClient.SignedRequest fresh = portal.request(ServiceId.parse(BusHarness.SERVICE), personRequest("771120300034"));
        HttpResponse<byte[]> answer = bus.post(fresh.bytes());
        assertThat(answer.statusCode()).isEqualTo(200);
        bus.answerVerifier().verify(answer.body(), fresh.bytes(), fresh.fields());
        assertThat(bus.node.verifyLog().intact()).isTrue();
    }
}
