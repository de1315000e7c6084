package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogEntry;
import org.govbus.core.xml.SecureXml;
import org.govbus.fixtures.SigningClient;
import org.govbus.fixtures.Tamper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * One small file per bad request under {@code golden/faults/}: how to make the request, the exact fault
 * code the client must get back, and which message-log entries it leaves (none: nothing was queued).
 * Keys: request or raw, service, signer, client, tamper, clock, agency, send, expect, logged (e.g. CLIENT_REQUEST,FAULT),
 * messageId=absent (refused before the messageId could be read: the fault names none).
 */
class GoldenFaultsTest extends OneBusPerClass {

    @AfterEach
    void agencyBackToNormal() { bus.register.reset(); }

    /** The fault text is the bus's own words: no library exception, class, parser code, schema rule or "null". */
    static final java.util.regex.Pattern LIBRARY_TEXT = java.util.regex.Pattern.compile(
            "Exception|cvc-|BSP:|JAXP|org\\.apache|javax?\\.|http://apache|\\bnull\\b|Duplicate field|SAX");

    static Stream<Path> cases() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(golden("faults"))) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theClientGetsExactlyTheExpectedFault(Path file) throws Exception {
        Properties c = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            c.load(r);
        }
        String expect = c.getProperty("expect");
        assertThat(expect).as("%s has no expect=", file).isNotBlank();

        byte[] body;
        String messageId = null;
        if (c.containsKey("raw")) {
            body = Files.readAllBytes(golden("requests").resolve(c.getProperty("raw")));
        } else {
            Clock clock = Clock.offset(Clock.systemUTC(), Duration.parse(c.getProperty("clock", "PT0S")));
            SigningClient client = bus.client(c.getProperty("signer", "portal"),
                    SystemId.parse(c.getProperty("client", "KZ/GOV/EGOV/portal")), clock);
            SigningClient.SignedRequest request = client.request(ServiceId.parse(c.getProperty("service", BusHarness.SERVICE)),
                    Files.readAllBytes(golden("requests").resolve(c.getProperty("request", "person-by-iin.xml"))),
                    Tamper.valueOf(c.getProperty("tamper", "NONE")));
            body = request.bytes();
            messageId = request.fields().messageId().toString();
        }
        if ("slow".equals(c.getProperty("agency"))) bus.register.answerAfter(BusHarness.SHORT_TIMEOUT.multipliedBy(2));
        if ("failing".equals(c.getProperty("agency"))) bus.register.failEveryCall();
        if ("twice".equals(c.getProperty("send"))) {
            assertThat(bus.post(body).statusCode()).as("first sending").isEqualTo(200);
        }

        HttpResponse<byte[]> response = bus.post(body);

        org.govbus.core.error.FaultCode code = org.govbus.core.error.FaultCode.fromCode(expect);
        assertThat(response.statusCode()).isEqualTo(code.httpLevel() ? code.httpStatus() : 500);
        if (code == org.govbus.core.error.FaultCode.THROTTLED) {
            assertThat(response.headers().firstValue("Retry-After")).as("Retry-After").hasValue("1");
        }
        Document fault = SecureXml.parse(response.body());
        assertThat(text(fault, "faultcode")).isEqualTo("soapenv:" + expect);
        assertThat(fault.getElementsByTagNameNS("urn:govbus:envelope:v1", "code").item(0).getTextContent()).isEqualTo(expect);
        assertThat(text(fault, "faultstring")).as("the fault's text").doesNotContainPattern(LIBRARY_TEXT).isNotBlank();
        if ("absent".equals(c.getProperty("messageId"))) {
            assertThat(fault.getElementsByTagNameNS("urn:govbus:envelope:v1", "messageId").getLength())
                    .as("refused before the messageId could be read").isZero();
        } else if (messageId != null) {
            assertThat(fault.getElementsByTagNameNS("urn:govbus:envelope:v1", "messageId").item(0).getTextContent())
                    .isEqualTo(messageId);
            List<LogEntry> entries = bus.node.messageLog().store().entriesOf(java.util.UUID.fromString(messageId));
            assertThat(entries).as("message-log entries of %s", messageId).extracting(LogEntry::hop)
                    .containsExactlyElementsOf(loggedDirections(c));
            if (!entries.isEmpty() && !"twice".equals(c.getProperty("send"))) {
                assertThat(entries.get(entries.size() - 1).signer()).as("the logged answer is the fault sent")
                        .isEqualTo("unsigned fault " + expect);
            }
        }
    }

    /** {@code logged=CLIENT_REQUEST,FAULT}: the hops of the entries the case leaves, in order; none when absent. */
    static List<Hop> loggedDirections(Properties c) {
        String logged = c.getProperty("logged", "").trim();
        return logged.isEmpty() ? List.of()
                : Stream.of(logged.split(",")).map(String::trim).map(Hop::valueOf).toList();
    }

    private static String text(Document doc, String localName) {
        return doc.getElementsByTagName(localName).item(0).getTextContent();
    }

    static Path golden(String sub) throws URISyntaxException {
        return Path.of(GoldenFaultsTest.class.getResource("/golden/" + sub).toURI());
    }
}
