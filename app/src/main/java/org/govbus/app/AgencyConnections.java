package org.govbus.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.sql.DataSource;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterContext;
import org.govbus.core.adapter.AdapterOptions;
import org.govbus.core.adapter.Adapters;
import org.govbus.core.adapter.AgencyAdapters;
import org.govbus.core.adapter.NotDecidedYet;
import org.govbus.core.adapter.AgencyHttp;
import org.govbus.core.adapter.AgencyCallbacks;
import org.govbus.core.adapter.Settlements;
import java.util.Optional;
import org.govbus.core.async.KeyedCalls;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.pipeline.OnceByKey;
import org.govbus.core.xml.ServiceCatalog;
import org.govbus.core.id.SystemId;
import org.govbus.core.routing.ProviderRoute;

/**
 * The bus's connections to the agencies: for each provider, an {@link AdapterContext} with one pooled HTTP client
 * (its TLS, with the bus's own key for mutual TLS), a HikariCP pool for a database agency, its secrets resolved from
 * the environment or the bus keystore, and its adapter measured per call. Closes the pools when the node stops.
 */
public final class AgencyConnections implements AgencyAdapters, AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final int DEFAULT_POOL_SIZE = 4;

    private final Adapters adapters;
    private final Path keystore;
    private final char[] password;
    private final MeterRegistry metrics;
    private final KeyedCalls keyedCalls;
    private final ServiceCatalog catalog;
    private final String publicUrl;
    private final Map<SystemId, Opened> byProvider = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private boolean closed;

    /** @param keystore the bus's own PKCS#12 keystore: its key for mutual TLS, its secret entries for {@code ${keystore:ALIAS}} */
    public AgencyConnections(Adapters adapters, Path keystore, char[] password, MeterRegistry metrics) {
        this(adapters, keystore, password, metrics, null, null, "http://127.0.0.1:8080");
    }

    /**
     * @param keyedCalls where calls under an idempotency key are recorded: the services of {@code catalog} that declare
     *                   one are called once per key (null: none is)
     * @param publicUrl  the node's URL as agencies reach it, for their callbacks
     */
    public AgencyConnections(Adapters adapters, Path keystore, char[] password, MeterRegistry metrics, KeyedCalls keyedCalls,
                             ServiceCatalog catalog, String publicUrl) {
        this.adapters = adapters;
        this.keystore = keystore;
        this.password = password.clone();
        this.metrics = metrics;
        this.keyedCalls = keyedCalls;
        this.catalog = catalog;
        this.publicUrl = publicUrl;
    }

    /** The adapter opened for a provider (called once per key where its services have one) and its callbacks. */
    private record Opened(Adapter adapter, AgencyCallbacks callbacks) {}

    @Override
    public boolean callback(SystemId provider, byte[] message, Map<String, String> headers) {
        Opened o = byProvider.get(provider);
        if (o == null) throw new BusException(FaultCode.UNKNOWN_SERVICE, "no provider " + provider + " is routed by this node");
        return o.callbacks().deliver(o.adapter().callback(message, headers), message);
    }

    /**
     * The adapter of {@code provider} as the agency's bookkeeper, when it is one (it moves money): for {@code govbus
     * payments reconcile}, which asks for the agency's statement. Closed with these connections.
     */
    Optional<Settlements> settlements(ProviderRoute provider) {
        Context context = new Context(provider);
        provider.options().secretReferences().forEach(context::resolve);
        Adapter adapter = adapters.get(provider.adapter()).create(context);
        if (adapter instanceof Settlements s) {
            synchronized (this) {
                opened.add(adapter);
            }
            return Optional.of(s);
        }
        adapter.close();
        return Optional.empty();
    }

    /** Where {@code provider}'s agency sends the bus its later messages. */
    static java.net.URI callbackUrl(String publicUrl, SystemId provider) {
        return java.net.URI.create(publicUrl + "/api/v1/agencies/" + provider + "/callback");
    }

    @Override
    public Adapter open(ProviderRoute provider) {
        Context context = new Context(provider);
        // every reference resolves now, at start-up, with the table's file:line, not on some later call
        provider.options().secretReferences().forEach(context::resolve);
        Adapter created = adapters.get(provider.adapter()).create(context);
        Adapter adapter = keyedCalls == null ? created : OnceByKey.guard(created, keyedCalls, catalog);
        byProvider.put(provider.system(), new Opened(adapter, context.callbacks()));
        String system = provider.system().toString();
        Timer answered = Timer.builder("govbus.agency.calls").tag("provider", system).tag("outcome", "answer")
                .description("calls to an agency through its adapter").register(metrics);
        return new Adapter() {
            @Override
            public byte[] call(org.govbus.core.adapter.AdapterRequest request) {
                long start = System.nanoTime();
                try {
                    byte[] answer = adapter.call(request);
                    answered.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                    return answer;
                } catch (NotDecidedYet undecided) {
                    record("undecided", start);
                    throw undecided;
                } catch (BusException e) {
                    record(e.code().code(), start);
                    throw e;
                } catch (RuntimeException e) {
                    record("Server.Internal", start);
                    throw e;
                }
            }

            private void record(String outcome, long start) {
                Timer.builder("govbus.agency.calls").tag("provider", system).tag("outcome", outcome).register(metrics)
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }

            @Override
            public String callback(byte[] message, Map<String, String> headers) { return adapter.callback(message, headers); }

            @Override
            public void close() { adapter.close(); }
        };
    }

    @Override
    public synchronized void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) first = e;
            }
        }
        opened.clear();
        closed = true;
        if (first != null) throw first;
    }

    private final class Context implements AdapterContext {
        private final ProviderRoute provider;
        private AgencyHttp http;
        private DataSource dataSource;
        private final AgencyCallbacks callbacks = new AgencyCallbacks();

        Context(ProviderRoute provider) { this.provider = provider; }

        @Override
        public AgencyCallbacks callbacks() { return callbacks; }

        @Override
        public java.net.URI callbackUrl() { return AgencyConnections.callbackUrl(publicUrl, provider.system()); }

        @Override
        public SystemId provider() { return provider.system(); }

        @Override
        public AdapterOptions options() { return provider.options(); }

        @Override
        public synchronized AgencyHttp http() {
            if (http == null) {
                AdapterOptions o = provider.options();
                HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1);
                o.tls("tls").ifPresent(tls -> b.sslContext(sslContext(tls)));
                Map<String, String> headers = new LinkedHashMap<>();
                o.headers("headers").forEach((name, value) -> headers.put(name, resolve(value)));
                http = new AgencyHttp(provider.system().toString(), o.url("endpoint"), b.build(), headers);
            }
            return http;
        }

        @Override
        public synchronized DataSource dataSource() {
            if (dataSource == null) {
                AdapterOptions o = provider.options();
                HikariConfig c = new HikariConfig();
                c.setPoolName("agency " + provider.system());
                c.setJdbcUrl(o.text("jdbcUrl"));
                o.optionalText("user").ifPresent(c::setUsername);
                if (o.has("password")) c.setPassword(secret("password"));
                c.setMaximumPoolSize(o.count("poolSize", DEFAULT_POOL_SIZE));
                c.setMinimumIdle(1);
                c.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
                // the node starts while an agency's database is down; its requests fault until it is back
                c.setInitializationFailTimeout(-1);
                // H2 reports a broken connection as 90067/90121, not SQLState class 08: retire it all the same, or a
                // restarted agency database keeps getting requests on connections that died with it
                c.setExceptionOverride(new SQLExceptionOverride() {
                    @java.lang.Override
                    public SQLExceptionOverride.Override adjudicate(SQLException e) {
                        return e instanceof SQLNonTransientConnectionException ? SQLExceptionOverride.Override.MUST_EVICT
                                : SQLExceptionOverride.Override.CONTINUE_EVICT;
                    }
                });
                HikariDataSource pool;
                try {
                    pool = new HikariDataSource(c);
                } catch (RuntimeException e) {
                    throw o.error("cannot open a pool to " + o.text("jdbcUrl") + ": " + e.getMessage());
                }
                synchronized (AgencyConnections.this) {
                    if (closed) {
                        pool.close();
                        throw new IllegalStateException("the node's agency connections are closed");
                    }
                    opened.add(pool);
                }
                dataSource = pool;
            }
            return dataSource;
        }

        @Override
        public String secret(String option) { return resolve(provider.options().text(option)); }

        @Override
        public MeterRegistry metrics() { return metrics; }

        private String resolve(String value) {
            Matcher m = AdapterOptions.SECRET_REFERENCE.matcher(value);
            if (!m.matches()) return value;
            String name = m.group(2);
            if (m.group(1).equals("file")) return fileSecret(Path.of(name));
            if (m.group(1).equals("env")) {
                String v = System.getenv(name);
                if (v == null) throw provider.options().error("the environment variable " + name + " is not set");
                return v;
            }
            return keystoreSecret(name);
        }

        private String fileSecret(Path file) {
            try {
                String v = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (v.isEmpty()) throw provider.options().error("the secret file " + file.toAbsolutePath() + " is empty");
                return v;
            } catch (IOException e) {
                throw provider.options().error("cannot read the secret file " + file.toAbsolutePath() + ": " + e);
            }
        }

        private String keystoreSecret(String alias) {
            try {
                KeyStore ks = load(keystore);
                if (!(ks.getEntry(alias, new KeyStore.PasswordProtection(password)) instanceof KeyStore.SecretKeyEntry e)) {
                    throw provider.options().error("the bus keystore " + keystore + " holds no secret named " + alias
                            + " (keytool -importpass -alias " + alias + " -keystore " + keystore + ")");
                }
                return new String(e.getSecretKey().getEncoded(), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException | IOException e) {
                throw provider.options().error("cannot read secret " + alias + " from " + keystore + ": " + e.getMessage());
            }
        }

        private SSLContext sslContext(AdapterOptions.Tls tls) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(tls.truststore() == null ? null : load(tls.truststore()));
                KeyManagerFactory kmf = null;
                if (tls.mutual()) {
                    kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    kmf.init(load(keystore), password);
                }
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
                return ctx;
            } catch (GeneralSecurityException | IOException e) {
                throw provider.options().error("cannot set up TLS to the agency: " + e.getMessage());
            }
        }
    }

    private KeyStore load(Path file) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }
}
