package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.govbus.core.adapter.Adapters;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.security.SystemCertificates;
import org.govbus.core.security.TrustAnchors;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The govbus commands that need no running bus: exit codes and what they print. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static synchronized Run govbus(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = GovBusCli.execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static Path config(String name) {
        return Path.of(System.getProperty("user.dir")).getParent().resolve("config").resolve(name);
    }

    /** A table of its own: the shipped tables name every adapter, and their check runs where all are on the classpath (.ci/run's demo smoke test). */
    Path table() throws Exception {
        return Files.writeString(dir.resolve("good.yaml"), """
                providers:
                  KZ/GOV/MJ/gbd-fl: {adapter: population-register, options: {endpoint: 'http://127.0.0.1:18089/gbd-fl/soap'}}
                services:
                  KZ/GOV/MJ/gbd-fl/person-by-iin/v1: {timeout: 5s, allowedClients: [KZ/GOV/EGOV/portal, KZ/GOV/CSC/psc]}
                """);
    }

    @Test
    void aGoodRoutingTablePassesTheCheck() throws Exception {
        Run run = govbus("routes", "check", table().toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("ok: 1 services, 1 providers");
    }

    @Test
    void aBadRoutingTableFailsWithFileLineAndReason() throws Exception {
        Path bad = Files.writeString(dir.resolve("routing.yaml"), """
                providers:
                  KZ/GOV/MJ/gbd-fl: {adapter: no-such-adapter, options: {endpoint: http://127.0.0.1:1/x}}
                services: {}
                """);
        Run run = govbus("routes", "check", bad.toString());
        assertThat(run.exit()).isEqualTo(1);
        String known = String.join(", ", Adapters.discover(CliTest.class.getClassLoader()).names().stream().sorted().toList());
        assertThat(run.err().strip()).isEqualTo("govbus: " + bad + ":2: unknown adapter 'no-such-adapter' (known: " + known + ")");
    }

    @Test
    void aBadAdapterOptionFailsWithFileLineAndReason() throws Exception {
        Path bad = Files.writeString(dir.resolve("routing.yaml"), """
                providers:
                  KZ/GOV/MJ/gbd-fl:
                    adapter: population-register
                    options: {endpoint: 'http://127.0.0.1:1/x', headers: {Authorization: Bearer abc}}
                services: {}
                """);
        Run run = govbus("routes", "check", bad.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(bad + ":4: header Authorization must be a reference");
    }

    @Test
    void routesListPrintsOneServiceALine() throws Exception {
        Run run = govbus("routes", "list", "--routing", table().toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).containsExactly("KZ/GOV/MJ/gbd-fl/person-by-iin/v1  provider=KZ/GOV/MJ/gbd-fl"
                + "  adapter=population-register  timeout=5000ms  clients=KZ/GOV/CSC/psc,KZ/GOV/EGOV/portal");
    }

    @Test
    void pkiInitWritesKeystoresAndSendOutWritesAVerifiableSignedRequest() throws Exception {
        Path pki = dir.resolve("pki");
        Run init = govbus("pki", "init", "--out", pki.toString());
        assertThat(init.exit()).isZero();
        assertThat(pki.resolve("bus.p12")).exists();
        assertThat(govbus("pki", "init", "--out", pki.toString()).exit()).as("refuses to overwrite").isEqualTo(1);

        Path signed = dir.resolve("signed.xml");
        Run send = govbus("send", "--service", "KZ/GOV/MJ/gbd-fl/person-by-iin/v1", "--keystore", pki.resolve("psc.p12").toString(),
                "--out", signed.toString(), config("demo/requests/person-by-iin.xml").toString());
        assertThat(send.exit()).isZero();
        SoapEnvelope env = SoapEnvelope.of(SecureXml.parse(Files.readAllBytes(signed)));
        var verifier = new MessageVerifier(TrustAnchors.load(pki.resolve("trust.p12"), "changeit".toCharArray()), Duration.ofMinutes(5));
        assertThat(SystemCertificates.systemOf(verifier.verify(env, Instant.now()).certificate())).isEqualTo(DemoPki.PSC);
        assertThat(SecureXml.toPrettyString(env.busHeader())).contains("KZ/GOV/CSC/psc", "KZ/GOV/MJ/gbd-fl/person-by-iin/v1");
    }

    @Test
    void aMalformedServiceIdIsAOneLineErrorAndBadUsageIsExitTwo() throws Exception {
        Run run = govbus("send", "--service", "person-by-iin", "--out", dir.resolve("x.xml").toString(),
                config("demo/requests/person-by-iin.xml").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("govbus: ");
        assertThat(govbus("send").exit()).isEqualTo(2);
        assertThat(govbus("routes", "list", "--help").exit()).isZero();
    }

    @Test
    void sendingToABusThatIsNotThereSaysSo() throws Exception {
        Path pki = dir.resolve("pki");
        govbus("pki", "init", "--out", pki.toString());
        Run run = govbus("send", "--service", "KZ/GOV/MJ/gbd-fl/person-by-iin/v1", "--url", "http://127.0.0.1:" + BusHarness.freePort() + "/soap",
                "--keystore", pki.resolve("portal.p12").toString(), "--truststore", pki.resolve("trust.p12").toString(),
                config("demo/requests/person-by-iin.xml").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("cannot connect to", "is the bus running?");
    }
}
