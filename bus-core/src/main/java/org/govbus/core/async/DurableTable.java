package org.govbus.core.async;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.govbus.core.log.H2Durability;

/**
 * A table of the node's database whose every change is in the file before the statement returns (on H2, see
 * {@link H2Durability}): the mailbox's states and the record of keyed calls must outlive a node killed right after.
 * Each statement runs on a connection of its own, in auto-commit.
 */
final class DurableTable {
    interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private final DataSource db;
    private final boolean h2;
    /** what a failed statement becomes, given what was being done ("written", "read") and the cause */
    private final BiFunction<String, SQLException, RuntimeException> failure;

    DurableTable(DataSource db, BiFunction<String, SQLException, RuntimeException> failure) {
        this.db = db;
        this.h2 = H2Durability.isH2(db);
        this.failure = failure;
    }

    int update(String sql, Binder binder) {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            binder.bind(p);
            int changed = p.executeUpdate();
            if (h2 && changed > 0) H2Durability.flushOrFail(c);
            return changed;
        } catch (SQLException e) {
            throw failure.apply("written", e);
        }
    }

    <T> List<T> query(String sql, Binder binder, Row<T> row) {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            binder.bind(p);
            List<T> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(row.read(r));
            }
            return out;
        } catch (SQLException e) {
            throw failure.apply("read", e);
        }
    }

    /** A unique key refused the statement: H2 says so by the exception's class, PostgreSQL by SQLState 23505. */
    static boolean uniqueViolation(SQLException e) {
        return e instanceof java.sql.SQLIntegrityConstraintViolationException || "23505".equals(e.getSQLState());
    }

    static Instant instant(ResultSet r, String column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant t) { return t == null ? null : t.atOffset(ZoneOffset.UTC); }
}
