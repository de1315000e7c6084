package org.govbus.core.log;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.govbus.core.id.SystemId;
import org.h2.jdbcx.JdbcConnectionPool;
import org.govbus.core.pki.BuiltInTimeStampAuthority;
import org.govbus.core.pki.Pki;
import org.govbus.core.security.Digests;
import org.govbus.core.security.KeyMaterial;

/**
 * One message log over one database, with the demo PKI it needs: a {@link JdbcLogStore} opened (migrated) on a
 * given DataSource, message logs and checkpointers on it, a verifier trusting the test CA, realistic records and
 * raw SQL for tampering. Checkpoints are made only when a test asks ({@link Checkpointer#checkpoint()}): the
 * default policy waits for a billion entries or a day.
 */
final class LogFixture implements AutoCloseable {
    static final String SERVICE = "KZ/GOV/MJ/gbd-fl/person-by-iin/v1";
    static final String CLIENT = "KZ/GOV/EGOV/portal";
    static final String PURPOSE = "Оказание госуслуги: справка о регистрации по месту жительства";
    static final String ROUTING_VERSION = Digests.hex(Digests.sha256("routing-table-2024-05-01".getBytes(StandardCharsets.UTF_8)));
    static final List<String> IINS = List.of("900101300017", "851231400256", "010203500348", "770707300419");
    /** checkpoints only when a test calls {@link Checkpointer#checkpoint()} */
    static final Checkpointer.Policy BY_HAND = new Checkpointer.Policy(1_000_000_000, Duration.ofDays(1));

    /** The PKI, made once per JVM. */
    static final class Demo {
        static final char[] PASSWORD = "changeit".toCharArray();
        static final Instant NOW = Instant.now();
        static final Instant NOT_BEFORE = NOW.minus(Duration.ofDays(1));
        static final Instant NOT_AFTER = NOW.plus(Duration.ofDays(30));
        static final Pki.Authority CA = Pki.rootAuthority("GovBus Test Root CA", NOT_BEFORE, NOT_AFTER);
        static final KeyMaterial BUS = Pki.issue(CA, SystemId.parse("KZ/GOV/GOVBUS/bus"), NOT_BEFORE, NOT_AFTER, PASSWORD);
        static final KeyMaterial TSA = Pki.issueTimeStamping(CA, "GovBus Test TSA", NOT_BEFORE, NOT_AFTER, PASSWORD);
        static final KeyMaterial PORTAL = Pki.issue(CA, SystemId.parse(CLIENT), NOT_BEFORE, NOT_AFTER, PASSWORD);
        /** a CA nobody told the verifier about, and a perfectly good time-stamping authority under it */
        static final Pki.Authority STRANGER_CA = Pki.rootAuthority("Stranger Root CA", NOT_BEFORE, NOT_AFTER);
        static final KeyMaterial STRANGER_TSA = Pki.issueTimeStamping(STRANGER_CA, "Stranger TSA", NOT_BEFORE, NOT_AFTER, PASSWORD);
        static final BuiltInTimeStampAuthority TIME_STAMPS = new BuiltInTimeStampAuthority(TSA);
        static final BuiltInTimeStampAuthority STRANGER_TIME_STAMPS = new BuiltInTimeStampAuthority(STRANGER_TSA);

        private Demo() {}
    }

    private static final AtomicLong MESSAGES = new AtomicLong();

    final DataSource dataSource;
    final JdbcLogStore store;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private LogFixture(DataSource dataSource, JdbcLogStore store) {
        this.dataSource = dataSource;
        this.store = store;
    }

    /** Opens (creating or migrating) the log on {@code dataSource}; {@code onClose} runs when the fixture closes. */
    static LogFixture open(DataSource dataSource, Runnable onClose) {
        return new LogFixture(dataSource, JdbcLogStore.open(dataSource, onClose));
    }

    /** A fresh in-memory H2 database, pooled, gone when the fixture closes. */
    static LogFixture h2() {
        JdbcConnectionPool pool = h2Pool();
        return open(pool, () -> {
            execute(pool, "SHUTDOWN");
            pool.dispose();
        });
    }

    static JdbcConnectionPool h2Pool() {
        return JdbcConnectionPool.create("jdbc:h2:mem:govbus-log-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    JdbcLogStore store() { return store; }

    MessageLog messageLog(String node) { return new MessageLog(store, node); }

    /** A checkpointer following {@code log}, checkpointing only when told to. */
    Checkpointer checkpointer(MessageLog log) { return checkpointer(log, BY_HAND); }

    Checkpointer checkpointer(MessageLog log, Checkpointer.Policy policy) {
        Checkpointer c = new Checkpointer(log.store(), log.node(), new CheckpointSigner(Demo.BUS.privateKey(), Demo.BUS.certificate()),
                Demo.TIME_STAMPS, policy);
        log.onCommit(c::committed);
        opened.add(c);
        return c;
    }

    /** 0: the verifier as the bus builds it; more: every chain read in that many segments, however short. */
    private int segments;

    LogFixture segmented(int parts) {
        this.segments = parts;
        return this;
    }

    LogVerifier verifier() { return segments == 0 ? verifier(store) : new LogVerifier(store, TRUST, 0, segments); }

    static LogVerifier verifier(LogStore store) { return new LogVerifier(store, TRUST); }

    /** the demo CA, and the bus as the only signer of checkpoints */
    static final LogTrust TRUST = new LogTrust(List.of(Demo.CA.certificate()), SystemId.parse("KZ/GOV/GOVBUS/bus"));

    /** The whole log, every node. */
    LogVerifier.Report verify() { return verifier().verify(null, null, null, p -> { }); }

    LogVerifier.NodeResult verify(String node) {
        LogVerifier.Report report = verify();
        return report.nodes().stream().filter(n -> n.node().equals(node)).findFirst()
                .orElseThrow(() -> new AssertionError("the report names no node " + node + ": " + report));
    }

    // ---- records

    static UUID newMessageId() { return UUID.randomUUID(); }

    static String iin(long n) { return IINS.get((int) (n % IINS.size())); }

    /** A client's signed request about {@code subject}. */
    static LogRecord request(UUID messageId, String subject) {
        String body = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header><govbus:messageId"
                + " xmlns:govbus=\"urn:govbus\">" + messageId + "</govbus:messageId></soap:Header><soap:Body>"
                + "<p:personByIin xmlns:p=\"urn:kz:gov:mj:gbd-fl\"><p:iin>" + subject + "</p:iin></p:personByIin></soap:Body></soap:Envelope>";
        X509Certificate cert = Demo.PORTAL.certificate();
        return new LogRecord(messageId, Hop.CLIENT_REQUEST, SERVICE, CLIENT, "operator-" + (Math.abs(messageId.hashCode()) % 90 + 10),
                PURPOSE, subject, ROUTING_VERSION, cert.getSubjectX500Principal().getName(), cert, body.getBytes(StandardCharsets.UTF_8));
    }

    static LogRecord request(String subject) { return request(newMessageId(), subject); }

    /** The hop after {@code r} in a message's life: to the agency, its answer, the sealed answer to the client. */
    static LogRecord next(LogRecord r, Hop hop) {
        String id = r.messageId().toString();
        return switch (hop) {
            case AGENCY_REQUEST -> r.next(hop, "unsigned (agency protocol)", null,
                    ("<getPerson><iin>" + r.subject() + "</iin><ref>" + id + "</ref></getPerson>").getBytes(StandardCharsets.UTF_8));
            case AGENCY_ANSWER -> r.next(hop, "unsigned (agency protocol)", null,
                    ("<person><iin>" + r.subject() + "</iin><surname>Әлиев</surname><name>Нұрлан</name></person>").getBytes(StandardCharsets.UTF_8));
            case CLIENT_ANSWER -> r.next(hop, Demo.BUS.certificate().getSubjectX500Principal().getName(), Demo.BUS.certificate(),
                    ("<soap:Envelope><soap:Body><answer ref=\"" + id + "\"><iin>" + r.subject() + "</iin></answer></soap:Body></soap:Envelope>")
                            .getBytes(StandardCharsets.UTF_8));
            case FAULT -> r.next(hop, Demo.BUS.certificate().getSubjectX500Principal().getName(), Demo.BUS.certificate(),
                    ("<soap:Fault><faultcode>Server.ProviderUnavailable</faultcode><ref>" + id + "</ref></soap:Fault>").getBytes(StandardCharsets.UTF_8));
            case CLIENT_REQUEST, REPLAYED_REQUEST -> throw new IllegalArgumentException("a request comes first");
            case ACCEPTED, STATE, RETRIED_REQUEST -> throw new IllegalArgumentException("the fixture logs synchronous messages only");
        };
    }

    private static final Hop[] LIFE = {Hop.CLIENT_REQUEST, Hop.AGENCY_REQUEST, Hop.AGENCY_ANSWER, Hop.CLIENT_ANSWER};

    /** Appends {@code entries} entries: whole messages of four hops each, the last one possibly cut short. */
    static List<LogEntry> appendMessages(MessageLog log, int entries) {
        List<LogEntry> out = new ArrayList<>(entries);
        LogRecord request = null;
        for (int i = 0; i < entries; i++) {
            Hop hop = LIFE[i % LIFE.length];
            if (hop == Hop.CLIENT_REQUEST) request = request(iin(MESSAGES.incrementAndGet()));
            out.add(log.append(hop == Hop.CLIENT_REQUEST ? request : next(request, hop)));
        }
        return out;
    }

    /** Appends {@code n} client requests. */
    static List<LogEntry> appendRequests(MessageLog log, int n) {
        List<LogEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(log.append(request(iin(MESSAGES.incrementAndGet()))));
        return out;
    }

    // ---- reading and tampering, as someone with the database's password would

    /** A node's entries as stored, in seq order. */
    List<LogEntry> entries(String node) {
        List<LogEntry> out = new ArrayList<>();
        store.scan(node, Long.MIN_VALUE, Long.MAX_VALUE, out::add);
        return out;
    }

    /** Runs one statement with positional parameters (byte[] as bytes); returns the update count. */
    int sql(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof byte[] b) p.setBytes(i + 1, b);
                else p.setObject(i + 1, params[i]);
            }
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the only row a query returns, as a long. */
    long sqlLong(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) p.setObject(i + 1, params[i]);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) throw new IllegalStateException(sql + " returned no row");
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs plain statements, e.g. DDL. */
    static void execute(DataSource dataSource, String... statements) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Writes {@code e}'s payload, links and hash over the stored row with its node and seq. */
    void overwrite(LogEntry e) {
        int n = sql("UPDATE log_entry SET payload = ?, prev_hash = ?, entry_hash = ? WHERE node = ? AND seq = ?",
                e.payload(), e.prevHash(), e.entryHash(), e.node(), e.seq());
        if (n != 1) throw new IllegalStateException("no entry " + e.seq() + " of " + e.node() + " to overwrite");
    }

    /**
     * The forger's way past the chain: changes entry {@code seq}'s payload, then recomputes every entry's link and
     * hash from the first on and writes them all back, so the chain itself is consistent again.
     */
    List<LogEntry> rechainWithAlteredPayload(String node, long seq, byte[] payload) {
        List<LogEntry> out = new ArrayList<>();
        byte[] prev = LogStore.Head.EMPTY.hash();
        for (LogEntry e : entries(node)) {
            LogEntry changed = new LogEntry(e.node(), e.seq(), e.loggedAt(), e.messageId(), e.hop(), e.service(), e.client(),
                    e.userId(), e.purpose(), e.subject(), e.routingVersion(), e.signer(), e.signerCertificate(),
                    e.seq() == seq ? payload : e.payload(), prev, null);
            changed = changed.withHash(changed.computeHash());
            overwrite(changed);
            out.add(changed);
            prev = changed.entryHash();
        }
        return out;
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // a checkpointer's last checkpoint over a log a test has broken may fail: the database goes anyway
            }
        }
        store.close();
    }
}
