package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's own compaction of its embedded database, in place of H2's housekeeping. */
class H2CompactionTest {
    @TempDir
    Path dir;
    JdbcConnectionPool pool;
    /** each row's body as last written */
    final byte[][] written = new byte[4_000][];

    @AfterEach
    void close() {
        if (pool != null) pool.dispose();
    }

    /**
     * A file whose chunks were mostly overwritten: H2's own housekeeping being off, nothing raises its chunks' fill
     * rate, however long it waits; the steps do, and every row reads back from the file as last written.
     */
    @Test
    void stepsRewriteHalfEmptyChunksThatH2NoLongerCompactsItself() throws Exception {
        // retention time 0 here: a chunk freed may be rewritten at once, not after the node's 45 s
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=100;RETENTION_TIME=0" + H2Compaction.URL_OPTIONS;
        pool = JdbcConnectionPool.create(url, "sa", "");
        fragment();
        H2Compaction compaction = new H2Compaction(pool);
        int before = compaction.chunksFillRate();
        assertThat(before).as("the writes left chunks mostly empty").isLessThan(30);

        for (int round = 0; round < 15; round++) { // fifteen rounds of H2's background writer, committing as traffic would
            Thread.sleep(100);
            touch(1000 + round);
        }
        assertThat(compaction.chunksFillRate()).as("H2 compacted nothing itself").isLessThan(before + 20);

        int steps = 0;
        org.h2.mvstore.MVStore store = H2Compaction.storeOf(pool);
        store.setAutoCommitDelay(0); // H2's background writer off: only the step's own commit can leave nothing unsaved
        // a chunk a step emptied is dropped at the next commit, as the node's traffic commits all the time
        for (int commits = 0; commits < 100 && compaction.chunksFillRate() < H2Compaction.TARGET_FILL_RATE; commits++) {
            if (compaction.step()) {
                steps++;
                assertThat(store.hasUnsavedChanges()).as("the step committed the pages it moved").isFalse();
            }
            touch(commits);
        }
        assertThat(steps).as("steps that rewrote chunks").isPositive();
        // the last few chunks (the small commits above among them) are not rewritten yet: most of the file is full
        assertThat(compaction.chunksFillRate()).as("chunks' fill rate, from %d %%", before).isGreaterThanOrEqualTo(60);
        compaction.close();

        // read back from the file, not from H2's page cache
        pool.dispose();
        pool = JdbcConnectionPool.create(url, "sa", "");
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, body FROM t ORDER BY id")) {
            int n = 0;
            while (r.next()) {
                assertThat(r.getInt(1)).isEqualTo(n);
                assertThat(r.getBytes(2)).as("row %d", n).isEqualTo(written[n]);
                n++;
            }
            assertThat(n).as("rows").isEqualTo(4_000);
        }
    }

    @Test
    void aDatabaseInAnotherProcessIsRefused() throws Exception {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifExists").start();
        try (Connection keepOpen = pool.getConnection()) {
            JdbcConnectionPool remote = JdbcConnectionPool.create("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + dir.resolve("db"), "sa", "");
            try {
                assertThatThrownBy(() -> new H2Compaction(remote)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("not an embedded H2 database");
            } finally {
                remote.dispose();
            }
        } finally {
            server.stop();
        }
    }

    /** 4,000 rows of 1 KB in 200 commits, then 30 commits each rewriting a random tenth of them. */
    private void fragment() throws Exception {
        Random random = new Random(7);
        byte[] body = new byte[1000];
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, body VARBINARY(1000))");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                for (int id = 0; id < 4_000; id++) {
                    random.nextBytes(body);
                    insert.setInt(1, id);
                    insert.setBytes(2, body);
                    written[id] = body.clone();
                    insert.execute();
                    if (id % 20 == 19) commit(c, s);
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE t SET body = ? WHERE id = ?")) {
                for (int round = 0; round < 30; round++) {
                    for (int i = 0; i < 400; i++) {
                        random.nextBytes(body);
                        int id = random.nextInt(4_000);
                        update.setBytes(1, body);
                        update.setInt(2, id);
                        written[id] = body.clone();
                        update.execute();
                    }
                    commit(c, s);
                }
            }
        }
    }

    private static void commit(Connection c, Statement s) throws Exception {
        c.commit();
        s.execute("CHECKPOINT"); // a chunk per commit, as the message log's CHECKPOINT SYNC makes one
    }

    private void touch(int n) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS touched (n INT)");
            s.execute("INSERT INTO touched VALUES (" + n + ")");
            s.execute("CHECKPOINT");
        }
    }
}
