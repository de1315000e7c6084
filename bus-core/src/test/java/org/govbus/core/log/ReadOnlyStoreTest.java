package org.govbus.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbcLogStore#openReadOnly}: an auditor's command refuses what is not a log, and never writes to one. */
class ReadOnlyStoreTest {
    private static final String NODE = "node-1";
    private static final String HISTORY = "\"govbus_log_schema_history\"";

    @Test
    void anEmptyDatabaseIsRefusedAndLeftWithoutATable() {
        JdbcConnectionPool pool = LogFixture.h2Pool();
        try {
            long schemas = count(pool, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA");

            assertThatThrownBy(() -> JdbcLogStore.openReadOnly(pool, () -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no GovBus message log");

            assertThat(count(pool, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")).isZero();
            assertThat(count(pool, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")).isZero();
            assertThat(count(pool, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA")).isEqualTo(schemas);
        } finally {
            LogFixture.execute(pool, "SHUTDOWN");
            pool.dispose();
        }
    }

    @Test
    void aMigratedDatabaseOpensAndReadsWithoutAnyWrite() {
        try (LogFixture f = LogFixture.h2()) {
            MessageLog log = f.messageLog(NODE);
            Checkpointer checkpoints = f.checkpointer(log);
            List<LogEntry> written = LogFixture.appendMessages(log, 12);
            checkpoints.checkpoint();
            LogFixture.appendMessages(log, 3);
            Map<String, Long> before = rows(f.dataSource);
            assertThat(before).containsEntry("log_entry", 15L).containsEntry("log_checkpoint", 1L);
            assertThat(count(f.dataSource, "SELECT COUNT(*) FROM " + HISTORY + " WHERE \"version\" = '1' AND \"success\"")).isEqualTo(1);

            JdbcLogStore readOnly = JdbcLogStore.openReadOnly(f.dataSource, () -> { });
            assertThat(readOnly.head(NODE).seq()).isEqualTo(15);
            assertThat(readOnly.count(NODE)).isEqualTo(15);
            assertThat(readOnly.nodes()).containsExactly(NODE);
            assertThat(readOnly.checkpoints(NODE)).singleElement().satisfies(c -> assertThat(c.lastSeq()).isEqualTo(12));
            assertThat(readOnly.entriesOf(written.get(0).messageId())).extracting(LogEntry::seq).containsExactly(1L, 2L, 3L, 4L);
            assertThat(readOnly.certificate(written.get(0).signerCertificate())).contains(LogFixture.Demo.PORTAL.certificate());
            LogVerifier.Report report = LogFixture.verifier(readOnly).verify(null, null, null, p -> { });
            assertThat(report.intact()).isTrue();
            assertThat(report.entries()).isEqualTo(15);
            readOnly.close();

            assertThat(rows(f.dataSource)).isEqualTo(before);
            assertThat(count(f.dataSource, "SELECT MAX(\"installed_rank\") FROM " + HISTORY)).isEqualTo(Long.parseLong(JdbcLogStore.SCHEMA_VERSION));
        }
    }

    @Test
    void aDatabaseH2ItselfOpensReadOnlyCanBeVerified(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("log").toAbsolutePath();
        JdbcDataSource writable = h2(url);
        try (LogFixture f = LogFixture.open(writable, () -> LogFixture.execute(writable, "SHUTDOWN"))) {
            MessageLog log = f.messageLog(NODE);
            Checkpointer checkpoints = f.checkpointer(log);
            LogFixture.appendMessages(log, 9);
            checkpoints.checkpoint();
        }

        // any write, DDL or Flyway bookkeeping, fails on a database opened this way
        JdbcDataSource readOnlyFile = h2(url + ";ACCESS_MODE_DATA=r");
        assertThatThrownBy(() -> LogFixture.execute(readOnlyFile, "CREATE TABLE probe (x INT)")).isInstanceOf(IllegalStateException.class);
        JdbcLogStore readOnly = JdbcLogStore.openReadOnly(readOnlyFile, () -> { });
        LogVerifier.Report report = LogFixture.verifier(readOnly).verify(null, null, null, p -> { });
        assertThat(report.intact()).isTrue();
        assertThat(report.entries()).isEqualTo(9);
        assertThat(report.nodes()).singleElement().satisfies(n -> {
            assertThat(n.checkpoints()).isEqualTo(1);
            assertThat(n.uncovered()).isZero();
        });
        readOnly.close();
    }

    @Test
    void aSchemaOfAnotherVersionIsRefused() {
        try (LogFixture f = LogFixture.h2()) {
            LogFixture.appendMessages(f.messageLog(NODE), 2);
            f.sql("INSERT INTO " + HISTORY + " (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\","
                    + " \"installed_by\", \"installed_on\", \"execution_time\", \"success\")"
                    + " VALUES (99, '99', 'from a later GovBus', 'SQL', 'V99__later.sql', 0, 'sa', CURRENT_TIMESTAMP, 1, TRUE)");

            assertThatThrownBy(() -> JdbcLogStore.openReadOnly(f.dataSource, () -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("version 99");
            assertThatThrownBy(() -> JdbcLogStore.openCurrent(f.dataSource, () -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("version 99");
        }
    }

    private static JdbcDataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        return ds;
    }

    /** Rows of every table of the log and of its schema history. */
    private static Map<String, Long> rows(DataSource ds) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : List.of("log_certificate", "log_entry", "log_checkpoint", "log_seen_message", "log_archive", HISTORY)) {
            out.put(table, count(ds, "SELECT COUNT(*) FROM " + table));
        }
        out.put("tables", count(ds, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"));
        return out;
    }

    private static long count(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
