package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
                .redirectErrorStream(true);
        pb.environment().put("GOVBUS_URL", bus.node.baseUrl());
        pb.environment().put("GOVBUS_P12", bus.pki.keyStore(DemoPki.PORTAL).toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("HTTP/1.1 200").containsIgnoringCase("X-GovBus-Seal: ey").contains("\"found\":true", "\"surname\":\"Ахметова\"");
    }
}
