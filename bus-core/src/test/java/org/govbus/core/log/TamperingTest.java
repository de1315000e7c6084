package org.govbus.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.govbus.core.log.LogVerifier.Problem;
import org.govbus.core.security.HashTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What someone with write access to the log's database can do to it, and what {@link LogVerifier} then says: each
 * case tampers with plain SQL (or with hashes recomputed in Java, as a careful forger would) and expects exactly one
 * finding, of the right kind, at the right seq. Run on H2 and on a real PostgreSQL by the subclasses.
 */
abstract class TamperingTest {
    static final String NODE = "node-1";
    static final byte[] FORGED = "<person><iin>900101300017</iin><surname>Forged</surname></person>".getBytes(StandardCharsets.UTF_8);

    LogFixture f;
    MessageLog log;
    Checkpointer checkpoints;

    /** A fixture over a new, empty database of the kind the subclass tests, dropped when the fixture closes. */
    abstract LogFixture newLog();

    @BeforeEach
    void open() {
        f = newLog();
        log = f.messageLog(NODE);
        checkpoints = f.checkpointer(log);
    }

    @AfterEach
    void close() { f.close(); }

    /** 20 entries under one checkpoint, then 5 no checkpoint covers yet. */
    void twentyCheckpointedAndFiveMore() {
        LogFixture.appendMessages(log, 20);
        assertThat(checkpoints.checkpoint()).hasValueSatisfying(c -> assertThat(c.lastSeq()).isEqualTo(20));
        LogFixture.appendMessages(log, 5);
    }

    /** Checkpoint 1 over entries 1–10, checkpoint 2 over 11–20, then 5 more. */
    void twoCheckpointsAndFiveMore() {
        LogFixture.appendMessages(log, 10);
        assertThat(checkpoints.checkpoint()).isPresent();
        LogFixture.appendMessages(log, 10);
        assertThat(checkpoints.checkpoint()).hasValueSatisfying(c -> assertThat(c.firstSeq()).isEqualTo(11));
        LogFixture.appendMessages(log, 5);
    }

    LogVerifier.NodeResult onlyNode() {
        LogVerifier.Report report = f.verify();
        assertThat(report.nodes()).as("nodes of %s", report).extracting(LogVerifier.NodeResult::node).containsExactly(NODE);
        return report.nodes().get(0);
    }

    void assertFinding(Problem problem, long seq) {
        LogVerifier.Report report = f.verify();
        assertThat(report.intact()).as("intact? %s", report).isFalse();
        LogVerifier.NodeResult r = onlyNode();
        assertThat(r.finding()).as("finding").isNotNull();
        assertThat(r.finding().problem()).as("problem of %s", r.finding()).isEqualTo(problem);
        assertThat(r.finding().seq()).as("seq of %s", r.finding()).isEqualTo(seq);
        assertThat(r.finding().detail()).isNotBlank();
    }

    void setCheckpoint(long number, String column, Object value) {
        assertThat(f.sql("UPDATE log_checkpoint SET " + column + " = ? WHERE node = ? AND number = ?", value, NODE, number)).isEqualTo(1);
    }

    // ---- untouched

    @Test
    void anUntouchedLogIsIntact() {
        twentyCheckpointedAndFiveMore();
        LogVerifier.Report report = f.verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.entries()).isEqualTo(25);
        LogVerifier.NodeResult r = onlyNode();
        assertThat(r.entries()).isEqualTo(25);
        assertThat(r.checkpoints()).isEqualTo(1);
        assertThat(r.uncovered()).isEqualTo(5);
        assertThat(checkpoints.uncovered()).isEqualTo(5);

        assertThat(checkpoints.checkpoint()).hasValueSatisfying(c -> {
            assertThat(c.number()).isEqualTo(2);
            assertThat(c.firstSeq()).isEqualTo(21);
            assertThat(c.lastSeq()).isEqualTo(25);
        });
        assertThat(checkpoints.checkpoint()).as("nothing new to checkpoint").isEmpty();
        LogVerifier.NodeResult after = onlyNode();
        assertThat(after.finding()).isNull();
        assertThat(after.checkpoints()).isEqualTo(2);
        assertThat(after.uncovered()).isZero();
    }

    // ---- entries changed with SQL alone

    @Test
    void anUpdatedPayloadIsAltered() {
        twentyCheckpointedAndFiveMore();
        assertThat(f.sql("UPDATE log_entry SET payload = ? WHERE node = ? AND seq = 7", FORGED, NODE)).isEqualTo(1);
        assertFinding(Problem.ALTERED, 7);
    }

    @Test
    void anUpdatedPayloadNoCheckpointCoversYetIsAlteredToo() {
        twentyCheckpointedAndFiveMore();
        assertThat(f.sql("UPDATE log_entry SET payload = ? WHERE node = ? AND seq = 23", FORGED, NODE)).isEqualTo(1);
        assertFinding(Problem.ALTERED, 23);
    }

    @Test
    void anUpdatedSubjectIsAltered() {
        twentyCheckpointedAndFiveMore();
        assertThat(f.sql("UPDATE log_entry SET subject = '000000000000' WHERE node = ? AND seq = 13", NODE)).isEqualTo(1);
        assertFinding(Problem.ALTERED, 13);
    }

    @Test
    void aDeletedEntryInTheMiddleIsMissing() {
        twentyCheckpointedAndFiveMore();
        assertThat(f.sql("DELETE FROM log_entry WHERE node = ? AND seq = 10", NODE)).isEqualTo(1);
        assertFinding(Problem.MISSING, 10);
        assertThat(onlyNode().finding().detail()).contains("10");
    }

    @Test
    void twoSwappedEntriesAreReordered() {
        twentyCheckpointedAndFiveMore();
        f.sql("UPDATE log_entry SET seq = -1 WHERE node = ? AND seq = 5", NODE);
        f.sql("UPDATE log_entry SET seq = 5 WHERE node = ? AND seq = 6", NODE);
        f.sql("UPDATE log_entry SET seq = 6 WHERE node = ? AND seq = -1", NODE);
        assertFinding(Problem.REORDERED, 5);
    }

    @Test
    void deletingTheLastEntriesACheckpointCoversIsACutOff() {
        twentyCheckpointedAndFiveMore();
        assertThat(f.sql("DELETE FROM log_entry WHERE node = ? AND seq >= 18", NODE)).isEqualTo(8);
        assertFinding(Problem.CUT_OFF, 18);
    }

    @Test
    void deletingTheLastEntriesNoCheckpointCoversCannotBeSeen() {
        twentyCheckpointedAndFiveMore();
        assertThat(f.sql("DELETE FROM log_entry WHERE node = ? AND seq >= 23", NODE)).isEqualTo(3);
        // the documented unprovable window: what is left is a shorter, intact chain
        LogVerifier.NodeResult r = onlyNode();
        assertThat(r.finding()).isNull();
        assertThat(r.entries()).isEqualTo(22);
        assertThat(r.checkpoints()).isEqualTo(1);
        assertThat(r.uncovered()).isEqualTo(2);
    }

    @Test
    void anEntryWithARewrittenLinkIsABrokenLink() {
        twentyCheckpointedAndFiveMore();
        LogEntry e = f.entries(NODE).get(7); // seq 8
        byte[] elsewhere = new byte[32];
        elsewhere[0] = 42;
        LogEntry relinked = new LogEntry(e.node(), e.seq(), e.loggedAt(), e.messageId(), e.hop(), e.service(), e.client(), e.userId(),
                e.purpose(), e.subject(), e.routingVersion(), e.signer(), e.signerCertificate(), e.payload(), elsewhere, null);
        f.overwrite(relinked.withHash(relinked.computeHash()));
        assertFinding(Problem.BROKEN_LINK, 8);
    }

    // ---- checkpoints changed

    @Test
    void anUpdatedCheckpointRootIsABadSignature() {
        twoCheckpointsAndFiveMore();
        byte[] root = f.store.checkpoints(NODE).get(1).root().clone();
        root[0] ^= 1;
        setCheckpoint(2, "root", root);
        assertFinding(Problem.BAD_SIGNATURE, 11);
    }

    @Test
    void anUpdatedCheckpointLastSeqIsABadSignature() {
        twentyCheckpointedAndFiveMore();
        setCheckpoint(1, "last_seq", 17L);
        assertFinding(Problem.BAD_SIGNATURE, 1);
    }

    @Test
    void aCheckpointReSignedByAClientOfTheSameCaIsABadSignature() {
        twoCheckpointsAndFiveMore();
        Checkpoint second = f.store.checkpoints(NODE).get(1);
        // the portal's certificate comes from the bus's own CA: signed and stamped properly, but not by the bus
        String portal = f.store.storeCertificate(LogFixture.Demo.PORTAL.certificate());
        Checkpoint forged = new Checkpoint(second.node(), second.number(), second.firstSeq(), second.lastSeq(), second.root(),
                second.previous(), second.createdAt(), portal, null, null);
        forged = forged.signed(new CheckpointSigner(LogFixture.Demo.PORTAL.privateKey(), LogFixture.Demo.PORTAL.certificate()).sign(forged.text()));
        setCheckpoint(2, "signer_cert", portal);
        setCheckpoint(2, "signature", forged.signature());
        setCheckpoint(2, "time_stamp", LogFixture.Demo.TIME_STAMPS.stamp(forged.imprint()));
        assertFinding(Problem.BAD_SIGNATURE, 11);
    }

    @Test
    void aCheckpointStampedByAnUntrustedAuthorityIsABadTimeStamp() {
        twoCheckpointsAndFiveMore();
        Checkpoint second = f.store.checkpoints(NODE).get(1);
        // a genuine token over the very same imprint, from an authority whose CA the verifier does not trust
        setCheckpoint(2, "time_stamp", LogFixture.Demo.STRANGER_TIME_STAMPS.stamp(second.imprint()));
        assertFinding(Problem.BAD_TIME_STAMP, 11);
    }

    @Test
    void aCheckpointCarryingAnotherCheckpointsTimeStampIsABadTimeStamp() {
        twoCheckpointsAndFiveMore();
        setCheckpoint(2, "time_stamp", f.store.checkpoints(NODE).get(0).timeStamp());
        assertFinding(Problem.BAD_TIME_STAMP, 11);
    }

    @Test
    void aDeletedCheckpointInTheMiddleIsABrokenLink() {
        LogFixture.appendMessages(log, 8);
        checkpoints.checkpoint();
        LogFixture.appendMessages(log, 8);
        checkpoints.checkpoint();
        LogFixture.appendMessages(log, 8);
        checkpoints.checkpoint();
        assertThat(f.sql("DELETE FROM log_checkpoint WHERE node = ? AND number = 2", NODE)).isEqualTo(1);
        assertFinding(Problem.BROKEN_LINK, 17);
    }

    // ---- a forger who recomputes the chain

    @Test
    void aRechainedLogDoesNotMatchItsCheckpoint() {
        twoCheckpointsAndFiveMore();
        List<LogEntry> forged = f.rechainWithAlteredPayload(NODE, 15, FORGED);
        assertThat(forged).hasSize(25);
        // the chain alone is consistent again: every entry hashes to itself and links to the one before
        byte[] prev = new byte[32];
        for (LogEntry e : f.entries(NODE)) {
            assertThat(e.prevHash()).isEqualTo(prev);
            assertThat(e.computeHash()).isEqualTo(e.entryHash());
            prev = e.entryHash();
        }
        assertThat(f.entries(NODE).get(14).payload()).isEqualTo(FORGED);
        assertFinding(Problem.CHECKPOINT_MISMATCH, 11);
    }

    @Test
    void aRechainedLogWithARecomputedRootBreaksTheCheckpointsSignature() {
        twoCheckpointsAndFiveMore();
        List<LogEntry> forged = f.rechainWithAlteredPayload(NODE, 15, FORGED);
        byte[] root = HashTree.of(forged.subList(10, 20).stream().map(e -> HashTree.leaf(e.entryHash())).toList()).root();
        assertThat(root).isNotEqualTo(f.store.checkpoints(NODE).get(1).root());
        setCheckpoint(2, "root", root);
        assertFinding(Problem.BAD_SIGNATURE, 11);
    }

    // ---- deletions at the start of a chain (see the report: the verifier misses these today)

    @Test
    void deletingTheFirstEntriesACheckpointCoversIsMissing() {
        twentyCheckpointedAndFiveMore();
        assertThat(f.sql("DELETE FROM log_entry WHERE node = ? AND seq <= 3", NODE)).isEqualTo(3);
        assertFinding(Problem.MISSING, 1);
    }

    @Test
    void deletingEveryEntryOfACheckpointedNodeIsACutOff() {
        twentyCheckpointedAndFiveMore();
        assertThat(f.sql("DELETE FROM log_entry WHERE node = ?", NODE)).isEqualTo(25);
        assertFinding(Problem.CUT_OFF, 1);
    }
}
