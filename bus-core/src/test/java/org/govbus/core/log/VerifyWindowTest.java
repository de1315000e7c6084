package org.govbus.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verifying part of a log, as an auditor asking about one node or one period does (H2). */
class VerifyWindowTest {
    private static final String NODE = "node-1";

    private LogFixture f;
    private MessageLog log;
    private Checkpointer checkpoints;

    @BeforeEach
    void open() {
        f = LogFixture.h2();
        log = f.messageLog(NODE);
        checkpoints = f.checkpointer(log);
    }

    @AfterEach
    void close() { f.close(); }

    @Test
    void aWindowHoldingSomeEntriesVerifiesOnlyThose() throws Exception {
        LogFixture.appendMessages(log, 8);
        checkpoints.checkpoint();
        Thread.sleep(20);
        Instant from = Instant.now();
        Thread.sleep(20);
        List<LogEntry> inside = LogFixture.appendMessages(log, 6);
        Thread.sleep(20);
        Instant to = Instant.now();
        Thread.sleep(20);
        LogFixture.appendMessages(log, 4);
        checkpoints.checkpoint();

        assertThat(f.store.seqRange(NODE, from, to)).containsExactly(inside.get(0).seq(), inside.get(5).seq());
        LogVerifier.Report report = f.verifier().verify(NODE, from, to, p -> { });
        assertThat(report.intact()).isTrue();
        assertThat(report.entries()).isEqualTo(6);
    }

    @Test
    void aWindowOrANodeWithoutEntriesIsEmptyNotAnError() throws Exception {
        LogFixture.appendMessages(log, 5);
        checkpoints.checkpoint();
        Thread.sleep(20);
        Instant from = Instant.now();
        Instant to = from.plusSeconds(1);

        // "null when none are", as LogStore documents
        assertThat(f.store.seqRange(NODE, from, to)).isNull();
        assertThat(f.store.seqRange("node-9", Instant.EPOCH, to)).isNull();

        LogVerifier.Report window = f.verifier().verify(NODE, from, to, p -> { });
        assertThat(window.nodes()).singleElement().satisfies(n -> {
            assertThat(n.entries()).isZero();
            assertThat(n.finding()).isNull();
        });
        LogVerifier.Report unknown = f.verifier().verify("node-9", null, null, p -> { });
        assertThat(unknown.intact()).isTrue();
        assertThat(unknown.entries()).isZero();
    }
}
