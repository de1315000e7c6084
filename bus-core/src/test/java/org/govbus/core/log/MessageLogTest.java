package org.govbus.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageLogTest {
    JdbcConnectionPool db;
    MessageLog log;

    @BeforeEach
    void open() {
        db = JdbcConnectionPool.create("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        log = new MessageLog(db);
    }

    @AfterEach
    void close() { db.dispose(); }

    private void appendThree() {
        for (int i = 0; i < 3; i++) {
            log.append(UUID.randomUUID(), MessageLog.Direction.REQUEST, "KZ/GOV/MJ/gbd-fl/person-by-iin/v1",
                    "KZ/GOV/EGOV/portal", "CN=KZ/GOV/EGOV/portal #1", ("<request n='" + i + "'/>").getBytes(StandardCharsets.UTF_8));
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void anUntouchedChainVerifiesAndContinuesAcrossReopening() {
        appendThree();
        assertThat(log.verify()).isEqualTo(new MessageLog.Verification(3, null, null));
        MessageLog reopened = new MessageLog(db);
        reopened.append(UUID.randomUUID(), MessageLog.Direction.RESPONSE, "s", "c", "bus", new byte[] {1});
        assertThat(reopened.verify().intact()).isTrue();
        assertThat(reopened.verify().entries()).isEqualTo(4);
    }

    @Test
    void concurrentAppendsAreGroupCommittedIntoOneUnbrokenChain() throws Exception {
        int threads = 8;
        int each = 50;
        java.util.List<Thread> writers = new java.util.ArrayList<>();
        java.util.Set<Long> seqs = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    seqs.add(log.append(UUID.randomUUID(), MessageLog.Direction.REQUEST, "s", "c", "signer", new byte[] {(byte) i}).seq());
                }
            });
            w.start();
            writers.add(w);
        }
        for (Thread w : writers) w.join();
        assertThat(seqs).hasSize(threads * each);
        assertThat(log.verify()).isEqualTo(new MessageLog.Verification(threads * each, null, null));
    }

    @Test
    void anAlteredPayloadIsFound() throws Exception {
        appendThree();
        sql("UPDATE message_log SET payload = X'00' WHERE seq = 2");
        assertThat(log.verify().firstBrokenSeq()).isEqualTo(2L);
        assertThat(log.verify().problem()).contains("altered");
    }

    @Test
    void aRemovedEntryIsFound() throws Exception {
        appendThree();
        sql("DELETE FROM message_log WHERE seq = 2");
        assertThat(log.verify().firstBrokenSeq()).isEqualTo(2L);
    }

    @Test
    void reorderedEntriesAreFound() throws Exception {
        appendThree();
        sql("UPDATE message_log SET seq = 99 WHERE seq = 1");
        sql("UPDATE message_log SET seq = 1 WHERE seq = 3");
        sql("UPDATE message_log SET seq = 3 WHERE seq = 99");
        assertThat(log.verify().firstBrokenSeq()).isEqualTo(1L);
    }

    @Test
    void aRequestsMessageIdIsLoggedOnceAndThenRefusedAsAReplayEvenByANewLogOnTheSameDatabase() {
        UUID id = UUID.randomUUID();
        log.append(id, MessageLog.Direction.REQUEST, "svc", "KZ/GOV/EGOV/portal", "CN=portal", new byte[] {1});
        log.append(id, MessageLog.Direction.RESPONSE, "svc", "KZ/GOV/EGOV/portal", "CN=bus", new byte[] {2});
        MessageLog reopened = new MessageLog(db);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reopened.append(id, MessageLog.Direction.REQUEST, "svc",
                        "KZ/GOV/EGOV/portal", "CN=portal", new byte[] {3}))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.REPLAY));
        assertThat(reopened.entriesOf(id)).extracting(MessageLog.Entry::direction)
                .containsExactly(MessageLog.Direction.REQUEST, MessageLog.Direction.RESPONSE);
        assertThat(reopened.verify().intact()).isTrue();
    }

    @Test
    void ofTheSameMessageIdSentConcurrentlyExactlyOneIsLogged() throws Exception {
        UUID id = UUID.randomUUID();
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            outcomes.add(pool.submit(() -> {
                go.await();
                try {
                    log.append(id, MessageLog.Direction.REQUEST, "svc", "KZ/GOV/EGOV/portal", "CN=portal", new byte[] {1});
                    return "logged";
                } catch (BusException e) {
                    return e.code().code();
                }
            }));
        }
        go.countDown();
        List<String> results = new java.util.ArrayList<>();
        for (var f : outcomes) results.add(f.get());
        pool.shutdown();
        assertThat(results).containsOnlyOnce("logged").filteredOn(r -> !r.equals("logged")).containsOnly("Client.Replay");
        assertThat(log.entriesOf(id)).hasSize(1);
        assertThat(log.verify().intact()).isTrue();
    }

    @Test
    void aReplayInABatchDoesNotStopTheOthersInIt() throws Exception {
        UUID seen = UUID.randomUUID();
        log.append(seen, MessageLog.Direction.REQUEST, "svc", "KZ/GOV/EGOV/portal", "CN=portal", new byte[] {1});
        UUID fresh = UUID.randomUUID();
        java.util.concurrent.atomic.AtomicReference<Throwable> replay = new java.util.concurrent.atomic.AtomicReference<>();
        Thread replayer = new Thread(() -> {
            try {
                log.append(seen, MessageLog.Direction.REQUEST, "svc", "KZ/GOV/EGOV/portal", "CN=portal", new byte[] {1});
            } catch (BusException e) {
                replay.set(e);
            }
        });
        Thread newcomer = new Thread(() -> log.append(fresh, MessageLog.Direction.REQUEST, "svc", "KZ/GOV/EGOV/portal", "CN=portal", new byte[] {2}));
        // both wait behind the writer's lock, so one of them writes both in one transaction
        org.govbus.core.concurrent.Batches.startTogether(log.commits(), List.of(replayer, newcomer));
        org.govbus.core.concurrent.Batches.joinAll(List.of(replayer, newcomer));
        assertThat(replay.get()).isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.REPLAY));
        assertThat(log.entriesOf(fresh)).hasSize(1);
        assertThat(log.verify().entries()).isEqualTo(2);
        assertThat(log.verify().intact()).isTrue();
    }

    /** H2 keeps its background writer (to compact the file), so the log itself must write each commit out. */
    @Test
    void anEntryIsInTheFileBeforeAppendReturnsEvenWithAWriteDelay(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        JdbcConnectionPool file = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("log") + ";WRITE_DELAY=60000", "sa", "");
        try (Connection c = file.getConnection()) {
            MessageLog fileLog = new MessageLog(file);
            org.h2.mvstore.MVStore store = ((org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession())
                    .getDatabase().getStore().getMvStore();
            fileLog.append(UUID.randomUUID(), MessageLog.Direction.REQUEST, "svc", "KZ/GOV/EGOV/portal", "CN=portal", new byte[] {1});
            assertThat(store.hasUnsavedChanges()).isFalse();
        } finally {
            file.dispose();
        }
    }
}
