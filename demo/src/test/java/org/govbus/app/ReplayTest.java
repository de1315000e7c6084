package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.govbus.core.id.ServiceId;
import org.govbus.core.log.Hop;
import org.govbus.core.pki.DemoPki;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.fixtures.SigningClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code govbus log replay} against a node that is its own replay sandbox: logged SOAP and JSON requests re-sent
 * byte for byte get the same answers (seals and times aside); once the register's data changed, the difference is
 * reported with a diff and the exit code says so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayTest {
    @TempDir
    static Path dir;
    static BusHarness bus;
    static Instant from;

    @BeforeAll
    static void start() throws Exception {
        bus = BusHarness.start(dir, "url: embedded", "", "log: {replaySandbox: true}\n");
        from = Instant.now();
        Thread.sleep(2); // the warm-up requests of start() are before it
        SigningClient soap = bus.client("portal", DemoPki.PORTAL, Clock.systemUTC());
        for (String iin : new String[] {"850312400029", "771120300034"}) {
            HttpResponse<byte[]> r = bus.post(soap.request(ServiceId.parse(BusHarness.SERVICE), payload(iin)).bytes());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        JsonSigningClient json = bus.jsonClient("portal", DemoPki.PORTAL, Clock.systemUTC());
        HttpResponse<byte[]> r = bus.postJson(BusHarness.SERVICE, json.request(ServiceId.parse(BusHarness.SERVICE),
                "{\"iin\":\"850312400029\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    static byte[] payload(String iin) {
        return ("<p:personByIinRequest xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><p:iin>" + iin
                + "</p:iin></p:personByIinRequest>").getBytes(StandardCharsets.UTF_8);
    }

    static CliTest.Run replay(String... more) {
        String[] base = {"log", "replay", "-c", dir.resolve("govbus.yaml").toString(), "--from", from.toString(),
                "--to", Instant.now().plus(1, ChronoUnit.MINUTES).toString(), "--service", BusHarness.SERVICE};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliTest.govbus(args);
    }

    @Test
    @Order(1)
    void aDryRunListsWhatWouldBeSentAndSendsNothing() {
        long before = bus.node.messageLog().store().count(bus.node.config().log().node());
        CliTest.Run run = replay("--dry-run");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("3 request(s) would be re-sent");
        assertThat(bus.node.messageLog().store().count(bus.node.config().log().node())).isEqualTo(before);
    }

    @Test
    @Order(2)
    void theSameAgencyGivesTheSameAnswersAndTheSandboxLogsThemAsReplays() {
        CliTest.Run run = replay("--target", bus.node.baseUrl());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("3 replayed: 3 match, 0 differ, 0 faults");
        long replays = bus.node.messageLog().store().nodes().stream().mapToLong(n -> {
            long[] count = {0};
            bus.node.messageLog().store().scan(n, 1, Long.MAX_VALUE, e -> { if (e.hop() == Hop.REPLAYED_REQUEST) count[0]++; });
            return count[0];
        }).sum();
        assertThat(replays).isEqualTo(3);
        assertThat(bus.node.verifyLog().intact()).isTrue();
    }

    @Test
    @Order(3)
    void anAgencyWhoseDataChangedIsReportedAsADifferenceWithADiff() {
        bus.register.knowNobody();
        try {
            CliTest.Run run = replay("--target", bus.node.baseUrl());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).contains("3 replayed: 0 match, 3 differ, 0 faults").contains("DIFF  ");
            // the logged answer found the person, the replayed one does not
            assertThat(run.out()).containsPattern("- .*found>true").containsPattern("\\+ .*found>false");
        } finally {
            bus.register.reset();
        }
    }

    @Test
    @Order(4)
    void aNodeThatIsNoSandboxIgnoresTheMarkAndRefusesThemAsReplays() throws Exception {
        // the same node, data and keys, started without log.replaySandbox
        Path production = dir.resolve("production.yaml");
        java.nio.file.Files.writeString(production, java.nio.file.Files.readString(dir.resolve("govbus.yaml"))
                .replace("log: {replaySandbox: true}", ""));
        bus.node.close();
        bus.node = GovBusNode.start(org.govbus.core.config.BusConfig.load(production, java.util.Map.of()));
        CliTest.Run run = replay("--target", bus.node.baseUrl());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("3 replayed: 0 match, 0 differ, 3 faults").contains("Client.Replay");
    }
}
