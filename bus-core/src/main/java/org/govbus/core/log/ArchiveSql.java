package org.govbus.core.log;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.govbus.core.security.Digests;

/** The SQL of archiving for {@link JdbcLogStore}: the {@code log_archive} mark, and the removal of what was archived. */
final class ArchiveSql {
    private ArchiveSql() {}

    static Optional<LogStore.ArchiveMark> mark(Connection c, String node) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT last_seq, last_hash, last_checkpoint, last_imprint FROM log_archive WHERE node = ?")) {
            p.setString(1, node);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new LogStore.ArchiveMark(r.getLong(1), r.getBytes(2), r.getLong(3), r.getBytes(4))) : Optional.empty();
            }
        }
    }

    /** One transaction: checks the mark against the checkpoint it names, records it, deletes what it covers. */
    static void remove(Connection c, boolean h2, String node, LogStore.ArchiveMark mark, String file, Instant seenBefore) throws SQLException {
        c.setAutoCommit(false);
        try {
            Optional<LogStore.ArchiveMark> before = mark(c, node);
            if (before.isPresent() && (mark.lastSeq() <= before.get().lastSeq() || mark.lastCheckpoint() <= before.get().lastCheckpoint())) {
                throw new IllegalArgumentException("node " + node + " is archived up to entry " + before.get().lastSeq() + " already");
            }
            checkAgainstCheckpoint(c, node, mark);
            int updated = update(c, "UPDATE log_archive SET last_seq = ?, last_hash = ?, last_checkpoint = ?, last_imprint = ?,"
                    + " archived_at = ?, archive_file = ? WHERE node = ?", node, mark, file);
            if (updated == 0) {
                update(c, "INSERT INTO log_archive (last_seq, last_hash, last_checkpoint, last_imprint, archived_at, archive_file, node)"
                        + " VALUES (?,?,?,?,?,?,?)", node, mark, file);
            }
            delete(c, "DELETE FROM log_subject WHERE node = ? AND seq <= ?", node, mark.lastSeq());
            delete(c, "DELETE FROM log_entry WHERE node = ? AND seq <= ?", node, mark.lastSeq());
            delete(c, "DELETE FROM log_checkpoint WHERE node = ? AND number <= ?", node, mark.lastCheckpoint());
            try (PreparedStatement p = c.prepareStatement("DELETE FROM log_seen_message WHERE seen_at < ?")) {
                p.setObject(1, seenBefore.atOffset(ZoneOffset.UTC));
                p.executeUpdate();
            }
            c.commit();
            if (h2) H2Durability.flushOrFail(c);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The mark must name a checkpoint as stored, and one that is not the node's latest: the checkpointer goes on from that. */
    private static void checkAgainstCheckpoint(Connection c, String node, LogStore.ArchiveMark mark) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT last_seq, signature, (SELECT MAX(number) FROM log_checkpoint WHERE node = ?)"
                + " FROM log_checkpoint WHERE node = ? AND number = ?")) {
            p.setString(1, node);
            p.setString(2, node);
            p.setLong(3, mark.lastCheckpoint());
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) throw new IllegalArgumentException("node " + node + " has no checkpoint " + mark.lastCheckpoint() + " to archive");
                if (r.getLong(1) != mark.lastSeq() || !MessageDigest.isEqual(Digests.sha256(r.getBytes(2)), mark.lastImprint())) {
                    throw new IllegalArgumentException("the archive mark does not match checkpoint " + mark.lastCheckpoint() + " of node " + node);
                }
                if (r.getLong(3) <= mark.lastCheckpoint()) {
                    throw new IllegalArgumentException("checkpoint " + mark.lastCheckpoint() + " is node " + node + "'s latest: it is never archived");
                }
            }
        }
    }

    private static int update(Connection c, String sql, String node, LogStore.ArchiveMark mark, String file) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, mark.lastSeq());
            p.setBytes(2, mark.lastHash());
            p.setLong(3, mark.lastCheckpoint());
            p.setBytes(4, mark.lastImprint());
            p.setObject(5, Instant.now().atOffset(ZoneOffset.UTC));
            p.setString(6, file);
            p.setString(7, node);
            return p.executeUpdate();
        }
    }

    private static void delete(Connection c, String sql, String node, long upTo) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, node);
            p.setLong(2, upTo);
            p.executeUpdate();
        }
    }
}
