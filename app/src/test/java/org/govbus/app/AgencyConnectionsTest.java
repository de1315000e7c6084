package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterContext;
import org.govbus.core.adapter.AdapterFactory;
import org.govbus.core.adapter.AdapterOption;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.adapter.Adapters;
import org.govbus.core.config.ConfigException;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.routing.ProviderRoute;
import org.govbus.core.routing.RoutingTableLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an adapter's context gives it: headers and secrets resolved, a pooled database, each from its routing entry. */
class AgencyConnectionsTest {
    static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;
    HttpServer agency;
    volatile Map<String, List<String>> lastHeaders;
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    /** An adapter that answers with what its context gives: the agency's answer, or the database's. */
    static final class Probe implements AdapterFactory {
        private final String name;
        private final List<AdapterOption> options;

        Probe(String name, List<AdapterOption> options) {
            this.name = name;
            this.options = options;
        }

        @Override
        public String name() { return name; }

        @Override
        public List<AdapterOption> options() { return options; }

        @Override
        public Adapter create(AdapterContext context) {
            if (options == AdapterOption.JDBC) {
                return request -> {
                    try (Connection c = context.dataSource().getConnection(); ResultSet r = c.createStatement().executeQuery("SELECT 40 + 2")) {
                        r.next();
                        return r.getString(1).getBytes(StandardCharsets.UTF_8);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
            return request -> context.http().get("/ping", request.timeout()).body();
        }
    }

    final Adapters adapters = Adapters.of(List.of(new Probe("http-probe", AdapterOption.HTTP), new Probe("db-probe", AdapterOption.JDBC)));

    @BeforeEach
    void startAgency() throws Exception {
        agency = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agency.createContext("/agency/ping", exchange -> {
            lastHeaders = Map.copyOf(exchange.getRequestHeaders());
            byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        // headers at once, then the body a byte a second: the answer as a whole must come within the request's time
        agency.createContext("/trickle/ping", exchange -> {
            exchange.sendResponseHeaders(200, 100);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(1000);
                }
            } catch (InterruptedException | java.io.IOException e) {
                // the bus hung up, as it should
            }
        });
        agency.createContext("/flood/ping", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] mib = new byte[1 << 20];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 20; i++) out.write(mib);
            } catch (java.io.IOException e) {
                // the bus stopped reading past its limit
            }
        });
        agency.start();
    }

    @AfterEach
    void stopAgency() { agency.stop(0); }

    ProviderRoute provider(String options, String adapter) throws Exception {
        Path table = Files.writeString(dir.resolve("routing.yaml"), """
                providers:
                  KZ/GOV/MJ/agency:
                    adapter: %s
                    options: %s
                services: {}
                """.formatted(adapter, options));
        return new RoutingTableLoader(adapters.options(), Set.of()).load(table).providers().iterator().next();
    }

    static AdapterRequest request() {
        return new AdapterRequest(UUID.randomUUID(), ServiceId.parse("KZ/GOV/MJ/agency/probe/v1"), SystemId.parse("KZ/GOV/EGOV/portal"),
                "operator-1", "test", new byte[0], Duration.ofSeconds(2));
    }

    Path keystoreWithSecret(String alias, String secret) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, PASSWORD);
        // as `keytool -importpass` stores it
        var key = SecretKeyFactory.getInstance("PBE").generateSecret(new PBEKeySpec(secret.toCharArray()));
        ks.setEntry(alias, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(PASSWORD));
        Path file = dir.resolve("bus.p12");
        try (var out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
        return file;
    }

    @Test
    void headersGoToTheAgencyWithReferencesResolvedFromTheKeystoreAndTheEnvironment() throws Exception {
        Path keystore = keystoreWithSecret("gbd-ul-api-key", "k-1234");
        ProviderRoute p = provider("{endpoint: 'http://127.0.0.1:%d/agency', headers: {X-Api-Key: '${keystore:gbd-ul-api-key}', X-Path: '${env:PATH}', X-Source: govbus}}"
                .formatted(agency.getAddress().getPort()), "http-probe");
        try (AgencyConnections connections = new AgencyConnections(adapters, keystore, PASSWORD, metrics); Adapter a = connections.open(p)) {
            assertThat(new String(a.call(request()), StandardCharsets.UTF_8)).isEqualTo("pong");
        }
        assertThat(lastHeaders.get("X-api-key")).containsExactly("k-1234");
        assertThat(lastHeaders.get("X-path")).containsExactly(System.getenv("PATH"));
        assertThat(lastHeaders.get("X-source")).containsExactly("govbus");
        assertThat(metrics.get("govbus.agency.calls").tag("provider", "KZ/GOV/MJ/agency").tag("outcome", "answer").timer().count()).isEqualTo(1);
    }

    @Test
    void aReferenceToAnUnsetVariableStopsTheAdapterWithFileAndLine() throws Exception {
        ProviderRoute p = provider("{endpoint: 'http://127.0.0.1:1/agency', headers: {X-Api-Key: '${env:GOVBUS_TEST_SURELY_UNSET_7F3A}'}}", "http-probe");
        try (AgencyConnections connections = new AgencyConnections(adapters, keystoreWithSecret("x", "y"), PASSWORD, metrics)) {
            assertThatThrownBy(() -> connections.open(p).call(request())).isInstanceOfSatisfying(ConfigException.class, e -> {
                assertThat(e.line()).isEqualTo(4);
                assertThat(e.reason()).isEqualTo("the environment variable GOVBUS_TEST_SURELY_UNSET_7F3A is not set");
            });
        }
    }

    @Test
    void aKeystoreWithoutTheSecretSaysHowToAddIt() throws Exception {
        ProviderRoute p = provider("{jdbcUrl: 'jdbc:h2:mem:x', user: sa, password: '${keystore:gbd-rn-db}'}", "db-probe");
        try (AgencyConnections connections = new AgencyConnections(adapters, keystoreWithSecret("other", "y"), PASSWORD, metrics)) {
            assertThatThrownBy(() -> connections.open(p).call(request())).isInstanceOfSatisfying(ConfigException.class,
                    e -> assertThat(e.reason()).contains("holds no secret named gbd-rn-db", "keytool -importpass -alias gbd-rn-db"));
        }
    }

    @Test
    void aDatabaseAgencyGetsAPoolWithItsPasswordFromTheKeystore() throws Exception {
        String db = "jdbc:h2:mem:agency-" + UUID.randomUUID();
        // the agency's database has its own user and password: the pool must log in with the one from the keystore;
        // the admin's connection keeps the in-memory database alive meanwhile
        try (Connection admin = java.sql.DriverManager.getConnection(db, "sa", "")) {
            admin.createStatement().execute("CREATE USER integration PASSWORD 'rn-pass-9'");
            ProviderRoute p = provider("{jdbcUrl: '" + db + "', user: integration, password: '${keystore:gbd-rn-db}', poolSize: 2}", "db-probe");
            try (AgencyConnections connections = new AgencyConnections(adapters, keystoreWithSecret("gbd-rn-db", "rn-pass-9"), PASSWORD, metrics);
                 Adapter a = connections.open(p)) {
                assertThat(new String(a.call(request()), StandardCharsets.UTF_8)).isEqualTo("42");
            }
            try (AgencyConnections connections = new AgencyConnections(adapters, keystoreWithSecret("gbd-rn-db", "not-it"), PASSWORD, metrics);
                 Adapter a = connections.open(p)) {
                assertThatThrownBy(() -> a.call(request())).hasRootCauseInstanceOf(java.sql.SQLException.class);
            }
        }
    }

    /** A key pair and self-signed certificate in a new PKCS#12 keystore, made by the JDK's own keytool. */
    Path keytool(String name, String... extra) throws Exception {
        Path file = dir.resolve(name + ".p12");
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD)));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return file;
    }

    static javax.net.ssl.SSLContext tls(Path keys, Path trusted) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keys)) {
            ks.load(in, PASSWORD);
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(trusted)) {
            ts.load(in, PASSWORD);
        }
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, PASSWORD);
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void anAgencyThatWantsMutualTlsGetsTheBussKeyAndIsCheckedAgainstItsOwnTrustStore() throws Exception {
        Path agencyKeys = keytool("agency", "-ext", "san=ip:127.0.0.1");
        Path busKeys = keytool("bus");
        Path stranger = keytool("stranger", "-ext", "san=ip:127.0.0.1");
        var https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls(agencyKeys, busKeys)) {
            @java.lang.Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        https.createContext("/agency/ping", exchange -> {
            byte[] body = "pong over mutual TLS".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        https.start();
        String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/agency";
        try {
            ProviderRoute mutual = provider("{endpoint: '" + url + "', tls: {truststore: agency.p12, mutual: true}}", "http-probe");
            try (AgencyConnections c = new AgencyConnections(adapters, busKeys, PASSWORD, metrics); Adapter a = c.open(mutual)) {
                assertThat(new String(a.call(request()), StandardCharsets.UTF_8)).isEqualTo("pong over mutual TLS");
            }
            ProviderRoute anonymous = provider("{endpoint: '" + url + "', tls: {truststore: agency.p12}}", "http-probe");
            try (AgencyConnections c = new AgencyConnections(adapters, busKeys, PASSWORD, metrics); Adapter a = c.open(anonymous)) {
                assertThatThrownBy(() -> a.call(request())).isInstanceOfSatisfying(org.govbus.core.error.BusException.class,
                        e -> assertThat(e.code()).isEqualTo(org.govbus.core.error.FaultCode.PROVIDER_UNAVAILABLE));
            }
            ProviderRoute impostor = provider("{endpoint: '" + url + "', tls: {truststore: stranger.p12, mutual: true}}", "http-probe");
            try (AgencyConnections c = new AgencyConnections(adapters, busKeys, PASSWORD, metrics); Adapter a = c.open(impostor)) {
                assertThatThrownBy(() -> a.call(request())).as("the agency's certificate is not the one the table trusts")
                        .isInstanceOfSatisfying(org.govbus.core.error.BusException.class,
                                e -> assertThat(e.code()).isEqualTo(org.govbus.core.error.FaultCode.PROVIDER_UNAVAILABLE));
            }
        } finally {
            https.stop(0);
        }
    }

    org.govbus.core.error.FaultCode faultOf(String endpoint) throws Exception {
        ProviderRoute p = provider("{endpoint: '" + endpoint + "'}", "http-probe");
        try (AgencyConnections c = new AgencyConnections(adapters, keystoreWithSecret("x", "y"), PASSWORD, metrics); Adapter a = c.open(p)) {
            a.call(request());
            return null;
        } catch (org.govbus.core.error.BusException e) {
            return e.code();
        }
    }

    @Test
    void anAnswerWhoseBodyTricklesIsCutAtTheRequestsTime() throws Exception {
        long start = System.nanoTime();
        assertThat(faultOf("http://127.0.0.1:" + agency.getAddress().getPort() + "/trickle"))
                .isEqualTo(org.govbus.core.error.FaultCode.PROVIDER_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(request().timeout().plusMillis(500));
    }

    @Test
    void anAnswerOverSixteenMebibytesIsNotReadToTheEnd() throws Exception {
        assertThat(faultOf("http://127.0.0.1:" + agency.getAddress().getPort() + "/flood")).isEqualTo(org.govbus.core.error.FaultCode.PROVIDER_ERROR);
    }

    @Test
    void anAgencyNobodyListensForIsUnavailableNotSlow() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(faultOf("http://127.0.0.1:" + closed + "/agency")).isEqualTo(org.govbus.core.error.FaultCode.PROVIDER_UNAVAILABLE);
    }
}
