package org.govbus.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.govbus.core.id.SystemId;

/**
 * The whole configuration of one bus node, typed and validated. Relative paths in {@code govbus.yaml} are
 * resolved against the directory of that file; keystores against the data directory.
 */
public record BusConfig(
        Path file,
        SystemId system,
        String host,
        int port,
        String advertisedUrl,
        Path dataDir,
        Path routingFile,
        String brokerUrl,
        Broker broker,
        Database database,
        Security security,
        Connections connections,
        EvidenceLog log) {

    public static final String EMBEDDED = "embedded";

    /** The database of the message log: {@code embedded} (an H2 file under the data directory) or a JDBC URL and login. */
    public record Database(String url, String user, char[] password) {
        public static final Database EMBEDDED_H2 = new Database(EMBEDDED, null, null);
    }

    /**
     * The message log: the name of this node's chain (unique among the nodes sharing a database, and the same across
     * restarts), how often a checkpoint closes it (every {@code checkpointEntries} entries or {@code checkpointInterval},
     * whichever comes first) and who time-stamps checkpoints: {@code builtin} (the demo's own authority, its key
     * {@code tsa.p12} beside the bus keystore) or the URL of an RFC 3161 time-stamp authority. A {@code replaySandbox}
     * node takes requests re-sent by {@code govbus log replay} (marked {@code X-GovBus-Replay}) although their
     * messageId was seen and their timestamp is old; never set it on a node that serves real clients.
     */
    public record EvidenceLog(String node, int checkpointEntries, Duration checkpointInterval, String timeStamping,
                              boolean replaySandbox) {
        public static final String BUILTIN = "builtin";

        public boolean builtInTimeStamping() { return BUILTIN.equals(timeStamping); }
    }

    /** Credentials for a remote broker; null user for the embedded one, which is reachable in-VM only. */
    public record Broker(String user, char[] password) {}

    /**
     * How the HTTP edge treats connections: one that sends nothing for {@code idleTimeout} is closed; so is one whose
     * request line and headers take longer than {@code headerTimeout}, or whose body arrives slower than
     * {@code minDataRate} bytes a second (counted once the header timeout has passed since its first byte); at most
     * {@code maxConnections} are open at once (more wait in the kernel's backlog, unaccepted), and at most
     * {@code maxConnectionsPerAddress} from one address (more are closed as they open).
     */
    public record Connections(Duration idleTimeout, Duration headerTimeout, int minDataRate, int maxConnections,
                              int maxConnectionsPerAddress) {
        public static final Connections DEFAULTS = new Connections(Duration.ofSeconds(30), Duration.ofSeconds(10), 4096, 1000, 100);
    }

    public record Security(Path keystore, Path truststore, char[] password, Duration timestampSkew, int maxMessageBytes,
                           InputLimits limits, Revocation revocation) {}

    /**
     * Revocation checking of signers' certificates: each OCSP request or CRL fetch waits at most {@code timeout}; when
     * a status cannot be obtained, the request is refused ({@code refuseWhenUnavailable}) unless the chain's trust
     * anchor, by its common name, is listed in {@code byAnchor} with false (accept) — or true (refuse) to override.
     */
    public record Revocation(Duration timeout, boolean refuseWhenUnavailable, Map<String, Boolean> byAnchor) {
        public static final Revocation DEFAULTS = new Revocation(Duration.ofSeconds(3), true, Map.of());
    }

    public boolean embeddedBroker() { return EMBEDDED.equals(brokerUrl); }

    /**
     * The address clients reach the node by, as the WSDLs and the OpenAPI document state it: {@code http.publicUrl} when
     * set (behind a proxy, or listening on 0.0.0.0), else {@code http://host:port}. Never taken from a request.
     */
    public String publicUrl() { return advertisedUrl != null ? advertisedUrl : "http://" + host + ":" + port; }

    /** The embedded H2 file's settings, for anything that writes a file as the node does (the bench's log benchmarks). */
    public static final String H2_FILE_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=100;RETENTION_TIME=45000";

    /**
     * The JDBC URL: an H2 file database under the data directory unless one is configured. H2 keeps its background
     * writer (a write delay), the only thing that compacts its file: with WRITE_DELAY=0 the file grew without end.
     * The message log still writes and syncs every commit at once ({@link org.govbus.core.log.H2Durability}). H2 keeps a
     * dead chunk's space for 45 s (its default, stated so that a file once opened with another value gets it back):
     * its background writer's own stores are never synced, and reusing space sooner could corrupt the file at a power
     * cut. RETENTION_TIME=0 grew the file by 1.9 times the bytes logged instead of 4.5-7.7 (README, Performance).
     */
    public String jdbcUrl() {
        return embeddedDatabase()
                ? "jdbc:h2:file:" + embeddedDatabaseDir().resolve("govbus").toAbsolutePath() + H2_FILE_OPTIONS
                : database.url();
    }

    /** The directory of the embedded database's files. */
    public Path embeddedDatabaseDir() { return dataDir.resolve("db"); }

    public boolean embeddedDatabase() { return EMBEDDED.equals(database.url()); }

    public BusConfig withPort(int newPort) {
        return new BusConfig(file, system, host, newPort, advertisedUrl, dataDir, routingFile, brokerUrl, broker, database, security,
                connections, log);
    }

    public BusConfig withDataDir(Path newDataDir) {
        Security s = security;
        return new BusConfig(file, system, host, port, advertisedUrl, newDataDir, routingFile, brokerUrl, broker, database,
                new Security(rebase(s.keystore(), dataDir, newDataDir), rebase(s.truststore(), dataDir, newDataDir),
                        s.password(), s.timestampSkew(), s.maxMessageBytes(), s.limits(), s.revocation()), connections, log);
    }

    private static Path rebase(Path p, Path from, Path to) {
        return p.startsWith(from) ? to.resolve(from.relativize(p)) : p;
    }

    /** Reads and validates {@code govbus.yaml}; {@code env} supplies GOVBUS_KEYSTORE_PASSWORD if set. */
    public static BusConfig load(Path file, Map<String, String> env) {
        YamlNode root = YamlNode.load(file);
        Path dir = file.toAbsolutePath().getParent();
        Map<String, YamlNode> m = root.mapping(Set.of("system", "http", "dataDir", "routing", "broker", "database", "security", "log"));
        SystemId system = YamlNode.required(m, "system", root).as(SystemId::parse);

        YamlNode httpNode = YamlNode.required(m, "http", root);
        Map<String, YamlNode> http = httpNode.mapping(
                Set.of("host", "port", "publicUrl", "idleTimeout", "headerTimeout", "minDataRate", "maxConnections", "maxConnectionsPerAddress"));
        String host = YamlNode.required(http, "host", httpNode).string();
        int port = YamlNode.required(http, "port", httpNode).integer(0, 65535);
        String publicUrl = http.containsKey("publicUrl") ? http.get("publicUrl").as(BusConfig::publicUrl) : null;
        Connections defaults = Connections.DEFAULTS;
        Connections connections = new Connections(
                http.containsKey("idleTimeout") ? http.get("idleTimeout").duration(Duration.ofSeconds(1), Duration.ofMinutes(10)) : defaults.idleTimeout(),
                http.containsKey("headerTimeout") ? http.get("headerTimeout").duration(Duration.ofSeconds(1), Duration.ofMinutes(5)) : defaults.headerTimeout(),
                http.containsKey("minDataRate") ? http.get("minDataRate").integer(1, 100 * 1024 * 1024) : defaults.minDataRate(),
                http.containsKey("maxConnections") ? http.get("maxConnections").integer(1, 1_000_000) : defaults.maxConnections(),
                http.containsKey("maxConnectionsPerAddress")
                        ? http.get("maxConnectionsPerAddress").integer(1, 1_000_000) : defaults.maxConnectionsPerAddress());

        Path dataDir = dir.resolve(YamlNode.required(m, "dataDir", root).string()).normalize();
        YamlNode routingNode = YamlNode.required(m, "routing", root);
        Path routing = dir.resolve(routingNode.string()).normalize();
        if (!routing.toFile().isFile()) throw routingNode.error("routing table " + routing + " does not exist");

        String brokerUrl = EMBEDDED;
        Broker broker = new Broker(null, null);
        if (m.containsKey("broker")) {
            YamlNode b = m.get("broker");
            Map<String, YamlNode> bm = b.mapping(Set.of("url", "user", "password"));
            brokerUrl = YamlNode.required(bm, "url", b).as(BusConfig::brokerUrl);
            if (bm.containsKey("user")) {
                String pw = env.getOrDefault("GOVBUS_BROKER_PASSWORD", bm.containsKey("password") ? bm.get("password").string() : "");
                broker = new Broker(bm.get("user").string(), pw.toCharArray());
            }
        }
        Database database = m.containsKey("database") ? database(m.get("database"), env) : Database.EMBEDDED_H2;
        EvidenceLog log = evidenceLog(m.get("log"), env);

        YamlNode secNode = YamlNode.required(m, "security", root);
        Map<String, YamlNode> sec = secNode.mapping(
                Set.of("keystore", "truststore", "password", "timestampSkew", "maxMessageBytes", "limits", "revocation"));
        String password = env.getOrDefault("GOVBUS_KEYSTORE_PASSWORD",
                YamlNode.required(sec, "password", secNode).string());
        Security security = new Security(
                dataDir.resolve(YamlNode.required(sec, "keystore", secNode).string()).normalize(),
                dataDir.resolve(YamlNode.required(sec, "truststore", secNode).string()).normalize(),
                password.toCharArray(),
                sec.containsKey("timestampSkew")
                        ? sec.get("timestampSkew").duration(Duration.ofSeconds(1), Duration.ofHours(1)) : Duration.ofMinutes(5),
                sec.containsKey("maxMessageBytes") ? sec.get("maxMessageBytes").integer(1024, 64 * 1024 * 1024) : 1024 * 1024,
                sec.containsKey("limits") ? limits(sec.get("limits")) : InputLimits.DEFAULTS,
                sec.containsKey("revocation") ? revocation(sec.get("revocation")) : Revocation.DEFAULTS);
        return new BusConfig(file, system, host, port, publicUrl, dataDir, routing, brokerUrl, broker, database, security, connections, log);
    }

    /** {@code database: {url: jdbc:postgresql://..., user: govbus, password: ${env:GOVBUS_DB_PASSWORD}}} */
    private static Database database(YamlNode node, Map<String, String> env) {
        Map<String, YamlNode> d = node.mapping(Set.of("url", "user", "password"));
        String url = YamlNode.required(d, "url", node).as(BusConfig::databaseUrl);
        if (url.contains("password=")) throw d.get("url").error("put the database password in database.password as ${env:NAME}, not in the URL");
        if (EMBEDDED.equals(url) && (d.containsKey("user") || d.containsKey("password"))) {
            throw node.error("the embedded database takes no user or password");
        }
        char[] password = null;
        if (d.containsKey("password")) {
            YamlNode p = d.get("password");
            java.util.regex.Matcher ref = java.util.regex.Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}").matcher(p.string());
            if (!ref.matches()) throw p.error("database.password must be a reference ${env:NAME}, never the password itself");
            String value = env.get(ref.group(1));
            if (value == null) throw p.error("the environment variable " + ref.group(1) + " is not set");
            password = value.toCharArray();
        }
        return new Database(url, d.containsKey("user") ? d.get("user").string() : null, password);
    }

    /** {@code log: {node: bus-1, checkpoint: {entries: 1000, interval: 10s}, timeStamping: builtin | https://tsa...}} */
    private static EvidenceLog evidenceLog(YamlNode node, Map<String, String> env) {
        Map<String, YamlNode> m = node == null ? Map.of() : node.mapping(Set.of("node", "checkpoint", "timeStamping", "replaySandbox"));
        String nodeName = m.containsKey("node") ? m.get("node").as(BusConfig::nodeName) : defaultNodeName(env);
        int entries = 1000;
        Duration interval = Duration.ofSeconds(10);
        if (m.containsKey("checkpoint")) {
            Map<String, YamlNode> c = m.get("checkpoint").mapping(Set.of("entries", "interval"));
            if (c.containsKey("entries")) entries = c.get("entries").integer(1, 1_000_000);
            if (c.containsKey("interval")) interval = c.get("interval").duration(Duration.ofSeconds(1), Duration.ofHours(1));
        }
        String stamping = m.containsKey("timeStamping") ? m.get("timeStamping").as(BusConfig::timeStamping) : EvidenceLog.BUILTIN;
        boolean sandbox = m.containsKey("replaySandbox") && m.get("replaySandbox").as(BusConfig::yesNo);
        return new EvidenceLog(nodeName, entries, interval, stamping, sandbox);
    }

    /** The host's name: stable across restarts, and different for each machine of a cluster. */
    private static String defaultNodeName(Map<String, String> env) {
        String host = env.get("HOSTNAME");
        if (host == null) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "node-1";
            }
        }
        String cleaned = host.replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    private static boolean yesNo(String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is neither true nor false");
        };
    }

    private static String nodeName(String s) {
        if (!s.matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException("log.node must be 1–64 letters, digits, '.', '_' or '-'");
        return s;
    }

    private static String timeStamping(String s) {
        if (EvidenceLog.BUILTIN.equals(s) || s.startsWith("http://") || s.startsWith("https://")) return s;
        throw new IllegalArgumentException("log.timeStamping must be 'builtin' or the http(s) URL of an RFC 3161 time-stamp authority");
    }

    /** {@code security.revocation: {timeout: 3s, whenUnavailable: refuse, anchors: {"Some CA": accept}}} */
    private static Revocation revocation(YamlNode node) {
        Map<String, YamlNode> m = node.mapping(Set.of("timeout", "whenUnavailable", "anchors"));
        Revocation d = Revocation.DEFAULTS;
        Map<String, Boolean> byAnchor = new java.util.LinkedHashMap<>();
        if (m.containsKey("anchors")) {
            for (Map.Entry<YamlNode, YamlNode> e : m.get("anchors").entries()) byAnchor.put(e.getKey().string(), e.getValue().as(BusConfig::refuses));
        }
        return new Revocation(
                m.containsKey("timeout") ? m.get("timeout").duration(Duration.ofMillis(100), Duration.ofSeconds(30)) : d.timeout(),
                m.containsKey("whenUnavailable") ? m.get("whenUnavailable").as(BusConfig::refuses) : d.refuseWhenUnavailable(),
                byAnchor);
    }

    private static boolean refuses(String s) {
        return switch (s) {
            case "refuse" -> true;
            case "accept" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is neither refuse nor accept");
        };
    }

    /** {@code security.limits}: any of the bounds, each within a range that still lets the bus read its own messages. */
    private static InputLimits limits(YamlNode node) {
        Map<String, YamlNode> m = node.mapping(Set.of("depth", "elements", "attributes", "namespaces", "nameLength", "textLength"));
        InputLimits d = InputLimits.DEFAULTS;
        return new InputLimits(
                m.containsKey("depth") ? m.get("depth").integer(16, 64) : d.depth(),
                m.containsKey("elements") ? m.get("elements").integer(100, 10_000_000) : d.elements(),
                m.containsKey("attributes") ? m.get("attributes").integer(16, 10_000) : d.attributes(),
                m.containsKey("namespaces") ? m.get("namespaces").integer(32, 100_000) : d.namespaces(),
                m.containsKey("nameLength") ? m.get("nameLength").integer(64, 10_000) : d.nameLength(),
                m.containsKey("textLength") ? m.get("textLength").integer(8192, 64 * 1024 * 1024) : d.textLength());
    }

    private static String publicUrl(String s) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + s + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null || s.endsWith("/")) {
            throw new IllegalArgumentException("publicUrl must be an http(s) URL such as https://govbus.example.kz, without a trailing slash");
        }
        return s;
    }

    private static String brokerUrl(String s) {
        if (EMBEDDED.equals(s) || s.startsWith("tcp://") || s.startsWith("(tcp://") || s.startsWith("vm://")) return s;
        throw new IllegalArgumentException("broker url must be 'embedded' or an Artemis URL such as tcp://host:61616");
    }

    private static String databaseUrl(String s) {
        if (EMBEDDED.equals(s) || s.startsWith("jdbc:")) return s;
        throw new IllegalArgumentException("database url must be 'embedded' or a JDBC URL");
    }
}
