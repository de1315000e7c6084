package org.govbus.core.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The message log, first version: every request and answer exactly as received or sent, with its signer,
 * each entry holding the hash of the one before, so that an altered, removed or reordered entry breaks the
 * chain. Appends are serialised in this process; one bus node writes one log.
 */
public final class MessageLog {
    public enum Direction { REQUEST, RESPONSE }

    public record Entry(long seq, UUID messageId, Direction direction, String service, String client, String signer,
                        Instant loggedAt, byte[] payload, byte[] prevHash, byte[] entryHash) {}

    /** The outcome of {@link #verify()}: how many entries checked, and the first broken one if any. */
    public record Verification(long entries, Long firstBrokenSeq, String problem) {
        public boolean intact() { return firstBrokenSeq == null; }
    }

    private static final byte[] GENESIS = new byte[32];
    private static final String COLUMNS = "seq, message_id, direction, service, client, signer, logged_at, payload, prev_hash, entry_hash";

    private final DataSource dataSource;
    private long lastSeq;
    private byte[] lastHash;

    public MessageLog(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS message_log (seq BIGINT PRIMARY KEY, message_id VARCHAR(36) NOT NULL,"
                    + " direction VARCHAR(8) NOT NULL, service VARCHAR(255) NOT NULL, client VARCHAR(255) NOT NULL,"
                    + " signer VARCHAR(1024) NOT NULL, logged_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " payload VARBINARY NOT NULL, prev_hash VARBINARY(32) NOT NULL, entry_hash VARBINARY(32) NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS message_log_message_id ON message_log(message_id)");
            try (ResultSet r = s.executeQuery("SELECT seq, entry_hash FROM message_log ORDER BY seq DESC LIMIT 1")) {
                if (r.next()) {
                    lastSeq = r.getLong(1);
                    lastHash = r.getBytes(2);
                } else {
                    lastSeq = 0;
                    lastHash = GENESIS;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the message log: " + e.getMessage(), e);
        }
    }

    public synchronized Entry append(UUID messageId, Direction direction, String service, String client, String signer,
                                     byte[] payload) {
        long seq = lastSeq + 1;
        Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        byte[] hash = hash(seq, messageId, direction, service, client, signer, at, payload, lastHash);
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO message_log (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            p.setLong(1, seq);
            p.setString(2, messageId.toString());
            p.setString(3, direction.name());
            p.setString(4, service);
            p.setString(5, client);
            p.setString(6, signer);
            p.setObject(7, at.atOffset(java.time.ZoneOffset.UTC));
            p.setBytes(8, payload);
            p.setBytes(9, lastHash);
            p.setBytes(10, hash);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the message log: " + e.getMessage(), e);
        }
        Entry entry = new Entry(seq, messageId, direction, service, client, signer, at, payload, lastHash, hash);
        lastSeq = seq;
        lastHash = hash;
        return entry;
    }

    public List<Entry> entriesOf(UUID messageId) {
        return query("SELECT " + COLUMNS + " FROM message_log WHERE message_id = ? ORDER BY seq", messageId.toString());
    }

    /** Walks the whole chain from the first entry and recomputes every hash. */
    public Verification verify() {
        byte[] prev = GENESIS;
        long expectedSeq = 1;
        long count = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM message_log ORDER BY seq")) {
            p.setFetchSize(500);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Entry e = read(r);
                    count++;
                    if (e.seq() != expectedSeq) return new Verification(count, expectedSeq, "entry " + expectedSeq + " is missing");
                    if (!Arrays.equals(e.prevHash(), prev)) return new Verification(count, e.seq(), "does not follow the entry before it");
                    byte[] recomputed = hash(e.seq(), e.messageId(), e.direction(), e.service(), e.client(), e.signer(),
                            e.loggedAt(), e.payload(), e.prevHash());
                    if (!Arrays.equals(recomputed, e.entryHash())) return new Verification(count, e.seq(), "content was altered");
                    prev = e.entryHash();
                    expectedSeq++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the message log: " + e.getMessage(), e);
        }
        return new Verification(count, null, null);
    }

    private List<Entry> query(String sql, String arg) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, arg);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(read(r));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the message log: " + e.getMessage(), e);
        }
        return out;
    }

    private static Entry read(ResultSet r) throws SQLException {
        return new Entry(r.getLong(1), UUID.fromString(r.getString(2)), Direction.valueOf(r.getString(3)), r.getString(4),
                r.getString(5), r.getString(6), r.getObject(7, java.time.OffsetDateTime.class).toInstant(), r.getBytes(8), r.getBytes(9), r.getBytes(10));
    }

    /** SHA-256 over every field, each length-prefixed so that no two different entries encode alike. */
    static byte[] hash(long seq, UUID messageId, Direction direction, String service, String client, String signer,
                       Instant at, byte[] payload, byte[] prevHash) {
        MessageDigest d = sha256();
        d.update(ByteBuffer.allocate(8).putLong(seq).array());
        for (String s : new String[] {messageId.toString(), direction.name(), service, client, signer}) field(d, s.getBytes(StandardCharsets.UTF_8));
        // microseconds: what both H2 and PostgreSQL keep of a timestamp
        d.update(ByteBuffer.allocate(8).putLong(at.getEpochSecond() * 1_000_000 + at.getNano() / 1000).array());
        field(d, sha256().digest(payload));
        field(d, prevHash);
        return d.digest();
    }

    private static void field(MessageDigest d, byte[] bytes) {
        d.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        d.update(bytes);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] b) { return HexFormat.of().formatHex(b); }
}
