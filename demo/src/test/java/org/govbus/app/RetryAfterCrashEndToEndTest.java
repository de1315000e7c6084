package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.govbus.core.id.ServiceId;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogEntry;
import org.govbus.core.log.LogRecord;
import org.govbus.core.pki.DemoPki;
import org.govbus.fixtures.SigningClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client whose request was logged by a node that then died, before answering, sends the same signed bytes again:
 * refused while the request may still be in flight, answered once after the node restarted, and a replay after that.
 */
class RetryAfterCrashEndToEndTest {
    @TempDir
    static Path dir;
    static BusHarness bus;

    @BeforeAll
    static void start() throws Exception { bus = BusHarness.start(dir); }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    @Test
    void theSameSignedRequestIsAnsweredOnceAfterTheNodeThatLoggedItRestarted() throws Exception {
        SigningClient portal = bus.client("portal", DemoPki.PORTAL, Clock.systemUTC());
        SigningClient.SignedRequest request = portal.request(ServiceId.parse(BusHarness.SERVICE), ReplayTest.payload("850312400029"));
        UUID id = request.fields().messageId();
        // what the node logged before it died: the request as received, and nothing after it
        bus.node.messageLog().append(new LogRecord(id, Hop.CLIENT_REQUEST, BusHarness.SERVICE, "KZ/GOV/EGOV/portal", "operator-0042",
                "Public service delivery (test)", "850312400029", "test", "CN=KZ/GOV/EGOV/portal", null, request.bytes()));

        assertThat(body(bus.post(request.bytes()))).as("the same node, within the timeout: it may still answer").contains("Client.Replay");

        bus.restart();
        HttpResponse<byte[]> answer = bus.post(request.bytes());
        assertThat(answer.statusCode()).as(body(answer)).isEqualTo(200);
        assertThat(bus.answerVerifier().verify(answer.body(), request.bytes(), request.fields())).isNotNull();
        assertThat(bus.node.messageLog().store().entriesOf(id)).extracting(LogEntry::hop)
                .containsExactly(Hop.CLIENT_REQUEST, Hop.RETRIED_REQUEST, Hop.AGENCY_REQUEST, Hop.AGENCY_ANSWER, Hop.CLIENT_ANSWER);

        HttpResponse<byte[]> again = bus.post(request.bytes());
        assertThat(body(again)).as("answered now: a replay").contains("Client.Replay");
        SigningClient.SignedRequest other = portal.request(request.fields(), ReplayTest.payload("771120300034"), org.govbus.fixtures.Tamper.NONE);
        assertThat(body(bus.post(other.bytes()))).as("another request under the used messageId").contains("Client.Replay");
    }

    private static String body(HttpResponse<byte[]> r) { return new String(r.body(), StandardCharsets.UTF_8); }
}
