package org.govbus.core.log;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.govbus.core.security.Digests;

/**
 * The log in H2 or PostgreSQL through plain JDBC. {@link #open} brings the schema up to date with Flyway (the
 * scripts in {@code db/govbus-log}); {@link #openReadOnly} only checks it and never writes, so an auditor's
 * command cannot change the log it reads.
 */
public final class JdbcLogStore implements LogStore {
    static final String SCHEMA_VERSION = "4";
    private static final String HISTORY = "govbus_log_schema_history";
    static final String ENTRY_COLUMNS = "node, seq, logged_at, message_id, hop, service, client, user_id, purpose,"
            + " subject, routing_version, signer, signer_cert, payload, prev_hash, entry_hash";
    private static final String CHECKPOINT_COLUMNS = "node, number, first_seq, last_seq, root, previous, created_at, signer_cert, signature, time_stamp";

    private final DataSource dataSource;
    private final Runnable onClose;
    /**
     * H2 with a write delay holds a commit in memory until its background writer runs; CHECKPOINT SYNC writes it now,
     * so an entry is on the disk before a write returns, as WRITE_DELAY=0 would, while the background writer
     * still compacts the file (without it the file grew by about 70 KB a request and never shrank).
     */
    private final boolean h2;

    private JdbcLogStore(DataSource dataSource, Runnable onClose) {
        this.dataSource = dataSource;
        this.onClose = onClose;
        try (Connection c = dataSource.getConnection()) {
            h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw failure("open", e);
        }
    }

    /** Opens the log for writing, creating or migrating its tables first. */
    public static JdbcLogStore open(DataSource dataSource, Runnable onClose) {
        for (int attempt = 1; ; attempt++) {
            try {
                flyway(dataSource).migrate();
                return new JdbcLogStore(dataSource, onClose);
            } catch (org.flywaydb.core.api.FlywayException raced) {
                // two nodes starting on a fresh database: the other one is creating the history and the tables right
                // now; once it is done, trying again finds the schema current
                if (attempt == 5) throw raced;
                sleep(500L * attempt);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens the log for reading only: refuses a database without the log, or with a schema this version does not know. */
    public static JdbcLogStore openReadOnly(DataSource dataSource, Runnable onClose) {
        return openCurrent(dataSource, onClose);
    }

    /**
     * Opens for writing a log whose schema is already current, never migrating it: for a command beside a running node
     * ({@code govbus log archive}), which must not change the schema under it. Refuses as {@link #openReadOnly} does.
     */
    public static JdbcLogStore openCurrent(DataSource dataSource, Runnable onClose) {
        MigrationInfo current = flyway(dataSource).info().current();
        if (current == null) {
            throw new IllegalStateException("this database holds no GovBus message log (no bus has started on it)");
        }
        if (!SCHEMA_VERSION.equals(current.getVersion().getVersion())) {
            throw new IllegalStateException("the message log's schema is version " + current.getVersion()
                    + "; this GovBus reads version " + SCHEMA_VERSION);
        }
        return new JdbcLogStore(dataSource, onClose);
    }

    private static Flyway flyway(DataSource dataSource) {
        // a database used before the log had a schema history (0.1's message_log) is taken as version 0
        return Flyway.configure(JdbcLogStore.class.getClassLoader()).dataSource(dataSource).locations("classpath:db/govbus-log")
                .table(HISTORY).baselineOnMigrate(true).baselineVersion("0").load();
    }

    /** The database the log is in: the node keeps its mailbox of asynchronous answers there too. */
    public DataSource dataSource() { return dataSource; }

    @Override
    public <T> T write(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.in(new JdbcLogTransaction(c));
                c.commit();
                if (h2) flush(c);
                return result;
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("write to", e);
        }
    }

    private static void flush(Connection c) { H2Durability.flush(c); }

    /** A failure inside a transaction: unchecked so that it passes through {@link Work}, then reported by {@link #write}. */
    static final class StoreFailure extends RuntimeException {
        StoreFailure(SQLException cause) { super(cause.getMessage(), cause); }
    }

    // Every lookup along a node's chain orders by the whole key (node, seq): H2 then walks the key's index and stops at
    // the first row; ordered by seq alone it read all of the node's rows first (the checkpointer's head lookup took a
    // quarter of the bus's CPU under load). PostgreSQL plans both forms alike.
    @Override
    public Head head(String node) {
        return query("SELECT seq, entry_hash FROM log_entry WHERE node = ? ORDER BY node DESC, seq DESC LIMIT 1", p -> p.setString(1, node),
                r -> new Head(r.getLong(1), r.getBytes(2))).stream().findFirst().orElse(Head.EMPTY);
    }

    @Override
    public String storeCertificate(X509Certificate certificate) {
        try (Connection c = dataSource.getConnection()) {
            byte[] der = certificate.getEncoded();
            String ref = Digests.hex(Digests.sha256(der));
            if (certificate(c, ref).isPresent()) return ref;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO log_certificate (sha256, subject, serial, issuer, der) VALUES (?,?,?,?,?)")) {
                p.setString(1, ref);
                p.setString(2, certificate.getSubjectX500Principal().getName());
                p.setString(3, certificate.getSerialNumber().toString(16));
                p.setString(4, certificate.getIssuerX500Principal().getName());
                p.setBytes(5, der);
                p.executeUpdate();
            } catch (SQLException raced) {
                // another node stored the same certificate between our look and our insert
                if (certificate(c, ref).isEmpty()) throw raced;
            }
            return ref;
        } catch (SQLException e) {
            throw failure("store a certificate in", e);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("a certificate that cannot be encoded", e);
        }
    }

    @Override
    public Optional<X509Certificate> certificate(String sha256Hex) {
        try (Connection c = dataSource.getConnection()) {
            return certificate(c, sha256Hex);
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private static Optional<X509Certificate> certificate(Connection c, String ref) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT der FROM log_certificate WHERE sha256 = ?")) {
            p.setString(1, ref);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) return Optional.empty();
                return Optional.of(org.govbus.core.pki.Pem.certificate(r.getBytes(1)));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("certificate " + ref + " in the log cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void addCheckpoint(Checkpoint cp) {
        update("INSERT INTO log_checkpoint (" + CHECKPOINT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)", p -> {
            p.setString(1, cp.node());
            p.setLong(2, cp.number());
            p.setLong(3, cp.firstSeq());
            p.setLong(4, cp.lastSeq());
            p.setBytes(5, cp.root());
            p.setBytes(6, cp.previous());
            p.setObject(7, utc(cp.createdAt()));
            p.setString(8, cp.signerCertificate());
            p.setBytes(9, cp.signature());
            p.setBytes(10, cp.timeStamp());
        });
    }

    @Override
    public List<Checkpoint> checkpoints(String node) {
        return query("SELECT " + CHECKPOINT_COLUMNS + " FROM log_checkpoint WHERE node = ? ORDER BY node, number", p -> p.setString(1, node),
                JdbcLogStore::checkpoint);
    }

    @Override
    public Optional<Checkpoint> lastCheckpoint(String node) {
        return query("SELECT " + CHECKPOINT_COLUMNS + " FROM log_checkpoint WHERE node = ? ORDER BY node DESC, number DESC LIMIT 1",
                p -> p.setString(1, node), JdbcLogStore::checkpoint).stream().findFirst();
    }

    @Override
    public List<String> nodes() {
        java.util.TreeSet<String> nodes = new java.util.TreeSet<>(query("SELECT node FROM log_checkpoint UNION SELECT node FROM log_archive",
                p -> { }, r -> r.getString(1)));
        // the entries' nodes one index step each (a loose index scan), not by reading every entry
        for (String after = ""; ; ) {
            String from = after;
            Optional<String> next = query("SELECT node FROM log_entry WHERE node > ? ORDER BY node, seq LIMIT 1", p -> p.setString(1, from),
                    r -> r.getString(1)).stream().findFirst();
            if (next.isEmpty()) return List.copyOf(nodes);
            nodes.add(next.get());
            after = next.get();
        }
    }

    @Override
    public void scan(String node, long fromSeq, long toSeq, Consumer<LogEntry> each) {
        try (Connection c = dataSource.getConnection()) {
            // PostgreSQL streams a result set only inside a transaction
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM log_entry WHERE node = ? AND seq BETWEEN ? AND ? ORDER BY node, seq")) {
                p.setFetchSize(1000);
                p.setString(1, node);
                p.setLong(2, fromSeq);
                p.setLong(3, toSeq);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) each.accept(entry(r));
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public List<byte[]> entryHashes(String node, long fromSeq, long toSeq) {
        return query("SELECT entry_hash FROM log_entry WHERE node = ? AND seq BETWEEN ? AND ? ORDER BY node, seq", p -> {
            p.setString(1, node);
            p.setLong(2, fromSeq);
            p.setLong(3, toSeq);
        }, r -> r.getBytes(1));
    }

    @Override
    public long[] seqRange(String node, Instant from, Instant to) {
        Head last = head(node);
        if (last.seq() == 0) return null;
        long first = query("SELECT seq FROM log_entry WHERE node = ? ORDER BY node, seq LIMIT 1", p -> p.setString(1, node),
                r -> r.getLong(1)).get(0);
        long[] all = {first, last.seq()};
        return SeqByTime.range(seq -> query("SELECT seq, logged_at FROM log_entry WHERE node = ? AND seq >= ? ORDER BY node, seq LIMIT 1", p -> {
            p.setString(1, node);
            p.setLong(2, seq);
        }, r -> new SeqByTime.Entry(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant())).stream().findFirst().orElse(null),
                all[0], all[1], from, to);
    }

    @Override
    public List<LogEntry> entriesOf(UUID messageId) {
        return query("SELECT " + ENTRY_COLUMNS + " FROM log_entry WHERE message_id = ? ORDER BY logged_at, node, seq",
                p -> p.setString(1, messageId.toString()), JdbcLogStore::entry);
    }

    @Override
    public List<LogEntry> requestsAbout(String subject, Instant from, Instant to) {
        return query("SELECT " + prefixed("e.") + " FROM log_subject s JOIN log_entry e ON e.node = s.node AND e.seq = s.seq"
                + " WHERE s.subject = ? AND s.logged_at >= ? AND s.logged_at <= ? ORDER BY s.logged_at, s.node, s.seq", p -> {
                    p.setString(1, subject);
                    p.setObject(2, utc(from));
                    p.setObject(3, utc(to));
                }, JdbcLogStore::entry);
    }

    @Override
    public long count(String node) {
        return query("SELECT COUNT(*) FROM log_entry WHERE node = ?", p -> p.setString(1, node), r -> r.getLong(1)).get(0);
    }

    @Override
    public long seqOfHash(String node, byte[] entryHash) {
        return query("SELECT seq FROM log_entry WHERE node = ? AND entry_hash = ?", p -> {
            p.setString(1, node);
            p.setBytes(2, entryHash);
        }, r -> r.getLong(1)).stream().findFirst().orElse(-1L);
    }

    @Override
    public Optional<ArchiveMark> archived(String node) {
        try (Connection c = dataSource.getConnection()) {
            return ArchiveSql.mark(c, node);
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void removeArchived(String node, ArchiveMark mark, String file, Instant seenBefore) {
        try (Connection c = dataSource.getConnection()) {
            ArchiveSql.remove(c, h2, node, mark, file, seenBefore);
        } catch (SQLException e) {
            throw failure("remove archived entries from", e);
        }
    }

    @Override
    public void close() { onClose.run(); }

    private static String prefixed(String alias) {
        return alias + ENTRY_COLUMNS.replace(", ", ", " + alias);
    }

    private static LogEntry entry(ResultSet r) throws SQLException {
        return new LogEntry(r.getString(1), r.getLong(2), r.getObject(3, OffsetDateTime.class).toInstant(), UUID.fromString(r.getString(4).trim()),
                Hop.valueOf(r.getString(5)), r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                r.getString(11), r.getString(12), trimmed(r.getString(13)), r.getBytes(14), r.getBytes(15), r.getBytes(16));
    }

    private static Checkpoint checkpoint(ResultSet r) throws SQLException {
        return new Checkpoint(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getBytes(5), r.getBytes(6),
                r.getObject(7, OffsetDateTime.class).toInstant(), trimmed(r.getString(8)), r.getBytes(9), r.getBytes(10));
    }

    private static String trimmed(String s) { return s == null ? null : s.trim(); }

    static OffsetDateTime utc(Instant at) { return at.atOffset(ZoneOffset.UTC); }

    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet r) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            binder.bind(p);
            List<T> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(reader.read(r));
            }
            return out;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                binder.bind(p);
                p.executeUpdate();
            }
            if (h2) flush(c);
        } catch (SQLException e) {
            throw failure("write to", e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " the message log: " + e.getMessage(), e);
    }
}
