package org.govbus.core.async;

import static org.govbus.core.async.DurableTable.instant;
import static org.govbus.core.async.DurableTable.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.govbus.core.pipeline.WireReply;

/** The {@link Mailbox} in a table of the node's database (H2 or PostgreSQL), its schema migrated by Flyway on its own. */
public final class JdbcMailbox implements Mailbox {
    private static final String COLUMNS = "message_id, client, service, format, state, attempts, accepted_at, expires_at, updated_at,"
            + " reason, reply_status, reply_type, reply_headers, reply_body, fetched_at";
    private static final String OPEN = "state IN ('ACCEPTED', 'DELIVERED')";

    /** a state change not in the file could be lost with the node after its queue message was let go */
    private final DurableTable table;

    private JdbcMailbox(DataSource db) {
        this.table = new DurableTable(db, (what, e) -> new IllegalStateException("the mailbox could not be " + what + ": " + e.getMessage(), e));
    }

    /** Opens the mailbox, creating or migrating its table first. */
    public static JdbcMailbox open(DataSource db) {
        Flyway.configure(JdbcMailbox.class.getClassLoader()).dataSource(db).locations("classpath:db/govbus-mailbox")
                .table("govbus_mailbox_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
        return new JdbcMailbox(db);
    }

    @Override
    public void accept(Letter l) {
        table.update("INSERT INTO mailbox (message_id, client, service, format, state, attempts, accepted_at, expires_at, updated_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?)", p -> {
            p.setString(1, l.messageId().toString());
            p.setString(2, l.client());
            p.setString(3, l.service());
            p.setString(4, l.format());
            p.setString(5, l.state().name());
            p.setInt(6, l.attempts());
            p.setObject(7, utc(l.acceptedAt()));
            p.setObject(8, utc(l.expiresAt()));
            p.setObject(9, utc(l.acceptedAt()));
        });
    }

    @Override
    public Optional<Letter> find(UUID messageId) {
        return table.query("SELECT " + COLUMNS + " FROM mailbox WHERE message_id = ?", p -> p.setString(1, messageId.toString()),
                JdbcMailbox::letter).stream().findFirst();
    }

    @Override
    public boolean tried(UUID messageId, int attempt, Instant at) {
        return table.update("UPDATE mailbox SET state = 'DELIVERED', attempts = ?, updated_at = ? WHERE message_id = ? AND " + OPEN, p -> {
            p.setInt(1, attempt);
            p.setObject(2, utc(at));
            p.setString(3, messageId.toString());
        }) == 1;
    }

    @Override
    public boolean end(UUID messageId, DeliveryState state, String reason, WireReply reply, Instant at) {
        if (!state.ended()) throw new IllegalArgumentException(state + " is not an ending");
        return table.update("UPDATE mailbox SET state = ?, reason = ?, reply_status = ?, reply_type = ?, reply_headers = ?, reply_body = ?,"
                + " updated_at = ? WHERE message_id = ? AND " + OPEN, p -> {
            p.setString(1, state.name());
            p.setString(2, reason == null ? null : reason.substring(0, Math.min(reason.length(), 1024)));
            p.setObject(3, reply == null ? null : reply.status(), java.sql.Types.INTEGER);
            p.setString(4, reply == null ? null : reply.contentType());
            p.setString(5, reply == null ? null : headers(reply.headers()));
            p.setBytes(6, reply == null ? null : reply.body());
            p.setObject(7, utc(at));
            p.setString(8, messageId.toString());
        }) == 1;
    }

    @Override
    public boolean reopen(UUID messageId, Instant at) {
        return table.update("UPDATE mailbox SET state = 'ACCEPTED', attempts = 0, reason = NULL, reply_status = NULL, reply_type = NULL,"
                + " reply_headers = NULL, reply_body = NULL, fetched_at = NULL, updated_at = ? WHERE message_id = ? AND state = 'DEAD_LETTERED'", p -> {
            p.setObject(1, utc(at));
            p.setString(2, messageId.toString());
        }) == 1;
    }

    @Override
    public void fetched(UUID messageId, Instant at) {
        table.update("UPDATE mailbox SET fetched_at = ? WHERE message_id = ? AND fetched_at IS NULL", p -> {
            p.setObject(1, utc(at));
            p.setString(2, messageId.toString());
        });
    }

    @Override
    public List<Letter> overdue(Instant now, int max) {
        return table.query("SELECT " + COLUMNS + " FROM mailbox WHERE " + OPEN + " AND expires_at < ? ORDER BY expires_at LIMIT " + max,
                p -> p.setObject(1, utc(now)), JdbcMailbox::letter);
    }

    @Override
    public int purge(Instant fetchedBefore, Instant endedBefore) {
        // a dead letter stays while its request may be redriven from the dead-letter queue
        return table.update("DELETE FROM mailbox WHERE NOT (" + OPEN + ") AND state <> 'DEAD_LETTERED'"
                + " AND (fetched_at < ? OR (fetched_at IS NULL AND updated_at < ?))", p -> {
            p.setObject(1, utc(fetchedBefore));
            p.setObject(2, utc(endedBefore));
        });
    }

    /** One header a line, {@code name: value}: the few a sealed JSON answer carries (its seal), none with a line break. */
    private static String headers(Map<String, String> headers) {
        StringBuilder out = new StringBuilder();
        headers.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        return out.toString();
    }

    private static Map<String, String> headers(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) return out;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) out.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return out;
    }

    private static Letter letter(ResultSet r) throws SQLException {
        Integer status = (Integer) r.getObject("reply_status");
        WireReply reply = status == null ? null
                : new WireReply(status, r.getString("reply_type"), headers(r.getString("reply_headers")), r.getBytes("reply_body"));
        return new Letter(UUID.fromString(r.getString("message_id")), r.getString("client"), r.getString("service"), r.getString("format"),
                DeliveryState.valueOf(r.getString("state")), r.getInt("attempts"), instant(r, "accepted_at"), instant(r, "expires_at"),
                instant(r, "updated_at"), r.getString("reason"), reply, instant(r, "fetched_at"));
    }
}
