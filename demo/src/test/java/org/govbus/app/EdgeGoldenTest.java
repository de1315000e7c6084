package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.govbus.core.xml.SecureXml;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * One small file per request the edge refuses from its request line and headers alone ({@code golden/edge/}): method,
 * path, content type and declared length in; the HTTP status, the fault code (a SOAP Fault on /soap, problem+json
 * elsewhere) and the Allow header out. The body is never sent, and no {@code 100 Continue} may come for it.
 */
class EdgeGoldenTest extends OneBusPerClass {

    static Stream<Path> cases() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(GoldenFaultsTest.golden("edge"))) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theEdgeRefusesFromTheHeadersAlone(Path file) throws Exception {
        Properties c = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            c.load(r);
        }
        StringBuilder request = new StringBuilder(c.getProperty("method") + " " + c.getProperty("path") + " HTTP/1.1\r\nHost: bus\r\n");
        if (c.containsKey("contentType")) request.append("Content-Type: ").append(c.getProperty("contentType")).append("\r\n");
        request.append("Content-Length: ").append(c.getProperty("contentLength", "0")).append("\r\n");
        request.append("Expect: 100-continue\r\n\r\n");

        RawHttp.Response response;
        try (Socket s = RawHttp.connect(bus.node.baseUrl())) {
            RawHttp.write(s, request.toString());
            response = RawHttp.read(s);
        }

        String expect = c.getProperty("expect");
        assertThat(response.interim()).as("no 100 Continue for a request refused from its headers").isEmpty();
        assertThat(response.status()).isEqualTo(Integer.parseInt(c.getProperty("status")));
        assertThat(response.header("Server")).as("no server name").isNull();
        if (c.containsKey("allow")) assertThat(response.header("Allow")).isEqualTo(c.getProperty("allow"));
        String text;
        // a SOAP Fault where /soap itself refuses; problem+json elsewhere, and for a path that serves nothing
        if (response.header("Content-Type").startsWith("text/xml")) {
            assertThat(c.getProperty("path")).matches("/soap(\\?.*)?");
            Document fault = SecureXml.parse(response.body());
            assertThat(fault.getElementsByTagName("faultcode").item(0).getTextContent()).isEqualTo("soapenv:" + expect);
            text = fault.getElementsByTagName("faultstring").item(0).getTextContent();
        } else {
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            JsonNode problem = new ObjectMapper().readTree(response.body());
            assertThat(problem.path("code").asText()).isEqualTo(expect);
            assertThat(problem.path("type").asText()).isEqualTo("urn:govbus:fault:" + expect);
            text = problem.path("detail").asText();
        }
        assertThat(text).isNotBlank().doesNotContainPattern(GoldenFaultsTest.LIBRARY_TEXT);
    }
}
