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
import org.govbus.core.concurrent.GroupCommit;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;

/**
 * The message log, first version: every request and answer exactly as received or sent, with its signer,
 * each entry holding the hash of the one before, so that an altered, removed or reordered entry breaks the
 * chain. Appends are group-committed in this process; one bus node writes one log.
 *
 * <p>It is also the replay guard: a request's messageId is recorded in {@code seen_message} in the same
 * transaction as the request's entry, so a request is logged once or refused as a replay, also across
 * restarts. The sequence and the chain's head are kept in this process: one node writes one database.
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
    /** appends committed in one transaction at most */
    private static final int MAX_BATCH = 512;
    private static final String COLUMNS = "seq, message_id, direction, service, client, signer, logged_at, payload, prev_hash, entry_hash";

    private final DataSource dataSource;
    /**
     * H2 with a write delay holds a commit in memory until its background writer runs; CHECKPOINT writes it now,
     * so an entry is in the file before append returns, as WRITE_DELAY=0 would, while the background writer
     * still compacts the file (without it the file grew by about 70 KB a request and never shrank).
     */
    private final boolean h2;
    // the chain's head: read and written by whichever thread holds the group commit's lock
    private long lastSeq;
    private byte[] lastHash;

    public MessageLog(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
            s.execute("CREATE TABLE IF NOT EXISTS message_log (seq BIGINT PRIMARY KEY, message_id VARCHAR(36) NOT NULL,"
                    + " direction VARCHAR(8) NOT NULL, service VARCHAR(255) NOT NULL, client VARCHAR(255) NOT NULL,"
                    + " signer VARCHAR(1024) NOT NULL, logged_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " payload VARBINARY NOT NULL, prev_hash VARBINARY(32) NOT NULL, entry_hash VARBINARY(32) NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS message_log_message_id ON message_log(message_id)");
            s.execute("CREATE TABLE IF NOT EXISTS seen_message (message_id VARCHAR(36) PRIMARY KEY,"
                    + " client VARCHAR(255) NOT NULL, seen_at TIMESTAMP WITH TIME ZONE NOT NULL)");
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

    /** An append waiting for the next group commit. */
    static final class Pending extends GroupCommit.Job {
        final UUID messageId;
        final Direction direction;
        final String service;
        final String client;
        final String signer;
        final byte[] payload;
        Entry entry;

        /** a request: its messageId must not have been seen before */
        boolean guardsReplay() { return direction == Direction.REQUEST; }

        Pending(UUID messageId, Direction direction, String service, String client, String signer, byte[] payload) {
            this.messageId = messageId;
            this.direction = direction;
            this.service = service;
            this.client = client;
            this.signer = signer;
            this.payload = payload;
        }
    }

    private final GroupCommit<Pending> commits = new GroupCommit<>(MAX_BATCH, this::writeBatch);

    /** Reports each group commit (entries, time) to {@code observer}: for metrics. */
    public void observeCommits(GroupCommit.Observer observer) { commits.observe(observer); }

    /** The group commit of this log, for tests that need appends to wait together. */
    GroupCommit<Pending> commits() { return commits; }

    /**
     * Appends one entry and returns once it is committed. A {@link Direction#REQUEST} whose messageId was seen
     * before is not appended: it throws {@link FaultCode#REPLAY}. Concurrent appends are committed together
     * ({@link GroupCommit}): the cost of a commit is shared by all the appends that arrived while the previous
     * one was being written.
     */
    public Entry append(UUID messageId, Direction direction, String service, String client, String signer, byte[] payload) {
        Pending mine = new Pending(messageId, direction, service, client, signer, payload);
        commits.submit(mine);
        if (mine.entry == null) throw new IllegalStateException("the message log did not write an entry it was given");
        return mine.entry;
    }

    /** Refuses replays, then chains and inserts every other entry of the batch in one transaction. */
    private void writeBatch(List<Pending> batch) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Pending> accepted = refuseReplays(c, batch);
                List<Entry> entries = insert(c, accepted);
                c.commit();
                // the chain's head moves with the commit, whatever happens next
                if (!entries.isEmpty()) {
                    lastSeq = entries.get(entries.size() - 1).seq();
                    lastHash = entries.get(entries.size() - 1).entryHash();
                }
                if (h2) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CHECKPOINT");
                    }
                }
                for (int i = 0; i < accepted.size(); i++) accepted.get(i).entry = entries.get(i);
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the message log: " + e.getMessage(), e);
        }
    }

    /** Marks the requests whose messageId is already recorded, or twice in this batch; returns the rest. */
    private static List<Pending> refuseReplays(Connection c, List<Pending> batch) throws SQLException {
        List<Pending> accepted = new ArrayList<>(batch.size());
        java.util.Set<UUID> inBatch = new java.util.HashSet<>();
        try (PreparedStatement seen = c.prepareStatement("SELECT 1 FROM seen_message WHERE message_id = ?")) {
            for (Pending p : batch) {
                if (p.guardsReplay()) {
                    seen.setString(1, p.messageId.toString());
                    boolean known;
                    try (ResultSet r = seen.executeQuery()) {
                        known = r.next();
                    }
                    if (known || !inBatch.add(p.messageId)) {
                        p.fail(new BusException(FaultCode.REPLAY, "messageId " + p.messageId + " was already received"));
                        continue;
                    }
                }
                accepted.add(p);
            }
        }
        return accepted;
    }

    private List<Entry> insert(Connection c, List<Pending> accepted) throws SQLException {
        List<Entry> entries = new ArrayList<>(accepted.size());
        long seq = lastSeq;
        byte[] prev = lastHash;
        Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        for (Pending p : accepted) {
            seq++;
            byte[] hash = hash(seq, p.messageId, p.direction, p.service, p.client, p.signer, at, p.payload, prev);
            entries.add(new Entry(seq, p.messageId, p.direction, p.service, p.client, p.signer, at, p.payload, prev, hash));
            prev = hash;
        }
        try (PreparedStatement guard = c.prepareStatement("INSERT INTO seen_message (message_id, client, seen_at) VALUES (?,?,?)");
             PreparedStatement ps = c.prepareStatement("INSERT INTO message_log (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            boolean guarded = false;
            for (Entry e : entries) {
                if (e.direction() == Direction.REQUEST) {
                    guard.setString(1, e.messageId().toString());
                    guard.setString(2, e.client());
                    guard.setObject(3, e.loggedAt().atOffset(java.time.ZoneOffset.UTC));
                    guard.addBatch();
                    guarded = true;
                }
                ps.setLong(1, e.seq());
                ps.setString(2, e.messageId().toString());
                ps.setString(3, e.direction().name());
                ps.setString(4, e.service());
                ps.setString(5, e.client());
                ps.setString(6, e.signer());
                ps.setObject(7, e.loggedAt().atOffset(java.time.ZoneOffset.UTC));
                ps.setBytes(8, e.payload());
                ps.setBytes(9, e.prevHash());
                ps.setBytes(10, e.entryHash());
                ps.addBatch();
            }
            if (guarded) guard.executeBatch();
            if (!entries.isEmpty()) ps.executeBatch();
        }
        return entries;
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
