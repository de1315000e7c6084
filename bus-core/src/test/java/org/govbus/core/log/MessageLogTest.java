package org.govbus.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.SystemId;
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
    void theReplayGuardRemembersEveryMessageId() {
        ReplayGuard guard = new ReplayGuard(db);
        UUID id = UUID.randomUUID();
        SystemId portal = SystemId.parse("KZ/GOV/EGOV/portal");
        guard.accept(id, portal, java.time.Instant.now());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReplayGuard(db).accept(id, portal, java.time.Instant.now()))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.REPLAY));
    }
}
