package org.govbus.core.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** One transaction of a {@link JdbcLogStore}: the replay guard's look and record, the entries and who they are about. */
record JdbcLogTransaction(Connection c) implements LogStore.Transaction {
    @Override
    public Set<UUID> seen(Collection<UUID> messageIds) {
        Set<UUID> out = new HashSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM log_seen_message WHERE message_id = ?")) {
            for (UUID id : messageIds) {
                p.setString(1, id.toString());
                try (ResultSet r = p.executeQuery()) {
                    if (r.next()) out.add(id);
                }
            }
        } catch (SQLException e) {
            throw new JdbcLogStore.StoreFailure(e);
        }
        return out;
    }

    @Override
    public void remember(List<LogEntry> requests) {
        if (requests.isEmpty()) return;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO log_seen_message (message_id, client, seen_at) VALUES (?,?,?)")) {
            // in one order on every node, so that two nodes inserting the same ids wait for each other, never deadlock
            for (LogEntry e : requests.stream().sorted(java.util.Comparator.comparing(e -> e.messageId().toString())).toList()) {
                p.setString(1, e.messageId().toString());
                p.setString(2, e.client());
                p.setObject(3, JdbcLogStore.utc(e.loggedAt()));
                p.addBatch();
            }
            p.executeBatch();
        } catch (SQLException e) {
            if (uniqueViolation(e)) throw new LogStore.AlreadySeen(e);
            throw new JdbcLogStore.StoreFailure(e);
        }
    }

    /** Another writer recorded one of the ids first (unique key), or PostgreSQL chose this transaction to give way. */
    private static boolean uniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (java.util.Set.of("23505", "40P01", "40001").contains(x.getSQLState())) return true;
        }
        return false;
    }

    @Override
    public void insert(List<LogEntry> entries) {
        if (entries.isEmpty()) return;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO log_entry (" + JdbcLogStore.ENTRY_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (LogEntry e : entries) {
                p.setString(1, e.node());
                p.setLong(2, e.seq());
                p.setObject(3, JdbcLogStore.utc(e.loggedAt()));
                p.setString(4, e.messageId().toString());
                p.setString(5, e.hop().name());
                p.setString(6, e.service());
                p.setString(7, e.client());
                p.setString(8, e.userId());
                p.setString(9, e.purpose());
                p.setString(10, e.subject());
                p.setString(11, e.routingVersion());
                p.setString(12, e.signer());
                p.setString(13, e.signerCertificate());
                p.setBytes(14, e.payload());
                p.setBytes(15, e.prevHash());
                p.setBytes(16, e.entryHash());
                p.addBatch();
            }
            p.executeBatch();
            subjects(entries);
        } catch (SQLException e) {
            throw new JdbcLogStore.StoreFailure(e);
        }
    }

    @Override
    public List<LogStore.EarlierHop> hopsOf(UUID messageId) {
        List<LogStore.EarlierHop> out = new java.util.ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT node, seq, logged_at, hop, payload FROM log_entry WHERE message_id = ? ORDER BY logged_at, node, seq")) {
            p.setString(1, messageId.toString());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new LogStore.EarlierHop(r.getString(1), r.getLong(2), r.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                            Hop.valueOf(r.getString(4)), org.govbus.core.security.Digests.sha256(r.getBytes(5))));
                }
            }
        } catch (SQLException e) {
            throw new JdbcLogStore.StoreFailure(e);
        }
        return out;
    }

    @Override
    public boolean claimRetry(UUID messageId, java.time.Instant at) {
        try (PreparedStatement p = c.prepareStatement("UPDATE log_seen_message SET retried_at = ? WHERE message_id = ? AND retried_at IS NULL")) {
            p.setObject(1, JdbcLogStore.utc(at));
            p.setString(2, messageId.toString());
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new JdbcLogStore.StoreFailure(e);
        }
    }

    /** Who each client request was about, for {@code govbus log who}: one small row a request, not an index entry a hop. */
    private void subjects(List<LogEntry> entries) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO log_subject (subject, logged_at, node, seq) VALUES (?,?,?,?)")) {
            boolean any = false;
            for (LogEntry e : entries) {
                if (e.hop() != Hop.CLIENT_REQUEST || e.subject() == null) continue;
                p.setString(1, e.subject());
                p.setObject(2, JdbcLogStore.utc(e.loggedAt()));
                p.setString(3, e.node());
                p.setLong(4, e.seq());
                p.addBatch();
                any = true;
            }
            if (any) p.executeBatch();
        }
    }
}
