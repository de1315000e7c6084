package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.json.StrictJson;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogEntry;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.fixtures.JsonTamper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON ingress's negative cases, one small file each under {@code golden/json-faults/}: how to make the request,
 * the exact fault code (and so HTTP status) the client must get as problem+json, and which log entries it leaves.
 * Keys: body, tamper ({@link JsonTamper}), signer, client, service, url (the service in the URL, default: service),
 * clock, agency (slow, failing), send, expect, detail (a part of the problem's detail: which check refused it), logged.
 */
class JsonGoldenFaultsTest extends OneBusPerClass {

    @AfterEach
    void agencyBackToNormal() { bus.register.reset(); }

    static Stream<Path> cases() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(GoldenFaultsTest.golden("json-faults"))) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theClientGetsExactlyTheExpectedProblem(Path file) throws Exception {
        Properties c = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            c.load(r);
        }
        FaultCode expect = FaultCode.fromCode(c.getProperty("expect"));
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.parse(c.getProperty("clock", "PT0S")));
        JsonSigningClient client = bus.jsonClient(c.getProperty("signer", "portal"),
                SystemId.parse(c.getProperty("client", "KZ/GOV/EGOV/portal")), clock);
        String service = c.getProperty("service", BusHarness.SERVICE);
        JsonSigningClient.SignedJson request = client.request(ServiceId.parse(service),
                Files.readAllBytes(GoldenFaultsTest.golden("requests").resolve(c.getProperty("body", "person-by-iin.json"))),
                JsonTamper.valueOf(c.getProperty("tamper", "NONE")));
        if ("slow".equals(c.getProperty("agency"))) bus.register.answerAfter(BusHarness.SHORT_TIMEOUT.multipliedBy(2));
        if ("failing".equals(c.getProperty("agency"))) bus.register.failEveryCall();
        if ("twice".equals(c.getProperty("send"))) {
            assertThat(bus.postJson(service, request).statusCode()).as("first sending").isEqualTo(200);
        }

        HttpResponse<byte[]> response = bus.postJson(c.getProperty("url", service), request);

        assertThat(response.statusCode()).isEqualTo(expect.httpStatus());
        if (expect == FaultCode.THROTTLED) assertThat(response.headers().firstValue("Retry-After")).as("Retry-After").hasValue("1");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = StrictJson.parse(response.body(), "the problem");
        assertThat(problem.path("code").asText()).isEqualTo(expect.code());
        assertThat(problem.path("type").asText()).isEqualTo("urn:govbus:fault:" + expect.code());
        assertThat(problem.path("status").asInt()).isEqualTo(expect.httpStatus());
        assertThat(problem.path("title").asText()).isEqualTo(expect.title());
        assertThat(problem.path("detail").asText()).isNotBlank().doesNotContainPattern(GoldenFaultsTest.LIBRARY_TEXT);
        if (c.containsKey("detail")) assertThat(problem.path("detail").asText()).contains(c.getProperty("detail"));
        if (request.signature() != null) {
            // whenever there is a protected header to read, the problem names the messageId it claims
            assertThat(problem.path("messageId").asText()).isEqualTo(request.header().messageId().toString());
        } else {
            assertThat(problem.has("messageId")).isFalse();
        }
        List<LogEntry> entries = bus.node.messageLog().store().entriesOf(request.header().messageId());
        assertThat(entries).extracting(LogEntry::hop).containsExactlyElementsOf(GoldenFaultsTest.loggedDirections(c));
        if (!entries.isEmpty() && !"twice".equals(c.getProperty("send"))) {
            assertThat(entries.get(entries.size() - 1).signer()).isEqualTo("unsigned fault " + expect.code());
        }
    }
}
