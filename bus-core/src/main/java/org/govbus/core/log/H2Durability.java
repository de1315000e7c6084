package org.govbus.core.log;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * H2 with a write delay (the node's embedded database runs so, for its background writer compacts the file) holds a
 * commit in memory for up to that delay: a node killed then loses it. What must outlive a {@code kill -9} the moment
 * it is written (a log entry, a mailbox state, a claim on a payment's key) is written out and fsynced after its commit,
 * so that it outlives a power cut too. Other databases make a commit durable themselves.
 */
public final class H2Durability {
    /**
     * Writes the committed changes as a chunk and fsyncs the file: the commit outlives a power cut, not only a killed
     * process.
     */
    static final String WRITE_AND_SYNC = "CHECKPOINT SYNC";

    private H2Durability() {}

    public static boolean isH2(DataSource db) {
        try (Connection c = db.getConnection()) {
            return "H2".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell what database this is: " + e.getMessage(), e);
        }
    }

    /** Writes what {@code c} committed into the file now, or throws: for what must not be lost unnoticed. */
    public static void flushOrFail(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(WRITE_AND_SYNC);
        }
    }

    /** Writes what {@code c} committed into the file now. Past the commit, a failure is told, not thrown: the writer still runs. */
    public static void flush(Connection c) {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(WRITE_AND_SYNC);
        } catch (SQLException e) {
            LoggerFactory.getLogger(H2Durability.class).warn("committed, but H2 could not write its file at once: {}", e.getMessage());
        }
    }
}
