package org.govbus.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Files.writeString(dir.resolve("routing.yaml"), "providers: {}\nservices: {}\n");
        return Files.writeString(dir.resolve("govbus.yaml"), yaml);
    }

    private static final String GOOD = """
            system: KZ/GOV/GOVBUS/bus
            http: {host: 127.0.0.1, port: 8080}
            dataDir: data
            routing: routing.yaml
            security:
              keystore: pki/bus.p12
              truststore: pki/trust.p12
              password: changeit
            """;

    @Test
    void relativePathsResolveAgainstTheFileAndTheDataDir() throws Exception {
        BusConfig c = BusConfig.load(write(GOOD), Map.of("GOVBUS_KEYSTORE_PASSWORD", "from-env"));
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.routingFile()).isEqualTo(dir.resolve("routing.yaml"));
        assertThat(c.security().keystore()).isEqualTo(dir.resolve("data/pki/bus.p12"));
        assertThat(new String(c.security().password())).isEqualTo("from-env");
        assertThat(c.security().timestampSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.embeddedBroker()).isTrue();
        assertThat(c.jdbcUrl()).startsWith("jdbc:h2:file:" + dir.resolve("data/db/govbus"));
    }

    @Test
    void thePublicUrlIsTheListeningAddressUnlessConfigured() throws Exception {
        assertThat(BusConfig.load(write(GOOD), Map.of()).publicUrl()).isEqualTo("http://127.0.0.1:8080");
        Path f = write(GOOD.replace("port: 8080}", "port: 8080, publicUrl: 'https://govbus.example.kz'}"));
        assertThat(BusConfig.load(f, Map.of()).publicUrl()).isEqualTo("https://govbus.example.kz");
    }

    @Test
    void aPublicUrlThatIsNoBaseUrlIsRefusedWithItsLine() throws Exception {
        Path f = write(GOOD.replace("port: 8080}", "port: 8080, publicUrl: 'ftp://govbus.example.kz/'}"));
        assertThatThrownBy(() -> BusConfig.load(f, Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.reason()).contains("publicUrl must be an http(s) URL");
        });
    }

    @Test
    void connectionLimitsHaveDefaultsAndBounds() throws Exception {
        assertThat(BusConfig.load(write(GOOD), Map.of()).connections()).isEqualTo(BusConfig.Connections.DEFAULTS);
        Path f = write(GOOD.replace("port: 8080}", "port: 8080, idleTimeout: 0s}"));
        assertThatThrownBy(() -> BusConfig.load(f, Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.reason()).contains("0s");
        });
    }

    @Test
    void theEdgeLimitsAreReadAndABadOneIsRefusedWithItsLine() throws Exception {
        BusConfig c = BusConfig.load(write(GOOD.replace("port: 8080}", "port: 8080, headerTimeout: 5s, minDataRate: 1000, maxConnections: 50}")
                + "  limits: {depth: 32, textLength: 10000}\n  revocation: {timeout: 1s, whenUnavailable: accept, anchors: {\"Agency CA\": refuse}}\n"),
                Map.of());
        assertThat(c.connections()).isEqualTo(new BusConfig.Connections(Duration.ofSeconds(30), Duration.ofSeconds(5), 1000, 50, 100));
        assertThat(c.security().limits()).isEqualTo(new InputLimits(32, 50_000, 64, 256, 256, 10_000));
        assertThat(c.security().revocation()).isEqualTo(new BusConfig.Revocation(Duration.ofSeconds(1), false, Map.of("Agency CA", true)));
        assertThat(BusConfig.load(write(GOOD), Map.of()).security().revocation()).isEqualTo(BusConfig.Revocation.DEFAULTS);

        for (String[] bad : new String[][] {
                {"  limits: {depth: 65}\n", "65 is outside 16..64"},
                {"  limits: {width: 3}\n", "width"},
                {"  revocation: {whenUnavailable: maybe}\n", "'maybe' is neither refuse nor accept"}}) {
            Path f = write(GOOD + bad[0]);
            assertThatThrownBy(() -> BusConfig.load(f, Map.of())).as(bad[0]).isInstanceOfSatisfying(ConfigException.class, e -> {
                assertThat(e.line()).isEqualTo(9);
                assertThat(e.reason()).contains(bad[1]);
            });
        }
        Path f = write(GOOD.replace("port: 8080}", "port: 8080, minDataRate: 0}"));
        assertThatThrownBy(() -> BusConfig.load(f, Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void aBadPortIsRefusedWithItsLine() throws Exception {
        Path f = write(GOOD.replace("port: 8080", "port: 80800"));
        assertThatThrownBy(() -> BusConfig.load(f, Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.reason()).contains("80800 is outside 0..65535");
        });
    }

    @Test
    void aMisspelledKeyIsRefusedWithItsLine() throws Exception {
        Path f = write(GOOD.replace("dataDir:", "datadir:"));
        assertThatThrownBy(() -> BusConfig.load(f, Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.reason()).contains("unknown key 'datadir'");
        });
    }

    @Test
    void aMissingRoutingTableIsRefused() throws Exception {
        Path f = write(GOOD.replace("routing: routing.yaml", "routing: nowhere.yaml"));
        assertThatThrownBy(() -> BusConfig.load(f, Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.reason()).contains("does not exist");
        });
    }

    @Test
    void aBrokerUrlMustBeArtemisOrEmbedded() throws Exception {
        Path f = write(GOOD + "broker:\n  url: amqp://somewhere\n");
        assertThatThrownBy(() -> BusConfig.load(f, Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(10);
            assertThat(e.reason()).contains("tcp://host:61616");
        });
    }
}
