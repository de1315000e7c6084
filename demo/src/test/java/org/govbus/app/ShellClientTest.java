package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import org.govbus.core.json.BusHeaderJson;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.core.json.JwsRequestSigner;
import org.govbus.core.json.StrictJson;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.pki.DemoPki;
import org.junit.jupiter.api.Test;

/**
 * The README's JSON client, {@code config/demo/clients/send-json.sh} (openssl and curl, no JOSE library), gets a
 * sealed answer: the wire contract is what independent clients can build from the README alone.
 */
class ShellClientTest extends OneBusPerClass {

    @Test
    void theShellClientFromTheReadmeGetsAnAnswer() throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Path body = dir.resolve("request.json");
        Files.writeString(body, "{\"iin\": \"850312400029\"}\n");
        ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("config/demo/clients/send-json.sh").toString(), BusHarness.SERVICE, body.toString())
                .redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("GOVBUS_URL", bus.node.baseUrl());
        pb.environment().put("GOVBUS_P12", bus.pki.keyStore(DemoPki.PORTAL).toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out + Files.readString(dir.resolve("stderr.txt"))).isZero();
        assertThat(out).startsWith("HTTP/1.1 200");

        // the answer it got is sealed by the bus and bound to the request the script signed
        String signature = Files.readString(dir.resolve("stderr.txt")).lines().filter(l -> l.startsWith(JwsJsonCodec.SIGNATURE + ": "))
                .findFirst().orElseThrow().substring(JwsJsonCodec.SIGNATURE.length() + 2).trim();
        String[] headAndBody = out.split("\r\n\r\n", 2);
        java.util.Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headAndBody[0].lines().skip(1).forEach(l -> headers.put(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(':') + 1).trim()));
        byte[] answerBody = headAndBody[1].strip().getBytes(StandardCharsets.UTF_8);
        byte[] requestBody = Files.readAllBytes(body);
        JsonNode protectedHeader = StrictJson.parse(java.util.Base64.getUrlDecoder().decode(signature.substring(0, signature.indexOf('.'))), "header");
        BusHeader requested = BusHeaderJson.read(protectedHeader.get("govbus"));
        JsonNode answer = bus.jsonAnswerVerifier().verify(200, headers::get, answerBody, JwsRequestSigner.signingInput(signature, requestBody), requested);
        assertThat(answer.path("person").path("surname").asText()).isEqualTo("Ахметова");
    }
}
