package org.govbus.core.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.SystemId;

/**
 * Remembers every messageId the bus accepted, in the database, so a replay is refused even after a restart.
 * The primary key does the work: two nodes sharing a database cannot both accept the same id.
 */
public final class ReplayGuard {
    private final DataSource dataSource;

    public ReplayGuard(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS seen_message (message_id VARCHAR(36) PRIMARY KEY,"
                    + " client VARCHAR(255) NOT NULL, seen_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the replay store: " + e.getMessage(), e);
        }
    }

    /** Records the id; throws {@link FaultCode#REPLAY} if it was seen before. */
    public void accept(UUID messageId, SystemId client, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO seen_message (message_id, client, seen_at) VALUES (?,?,?)")) {
            p.setString(1, messageId.toString());
            p.setString(2, client.toString());
            p.setTimestamp(3, Timestamp.from(at));
            p.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                throw new BusException(FaultCode.REPLAY, "messageId " + messageId + " was already received");
            }
            throw new IllegalStateException("cannot record the messageId: " + e.getMessage(), e);
        }
    }
}
