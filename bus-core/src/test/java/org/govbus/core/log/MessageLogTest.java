package org.govbus.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.security.Digests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chain writer on H2: links, seqs, the replay guard and the side tables, each read back from the database. */
class MessageLogTest {
    private static final String NODE = "node-1";

    private LogFixture f;
    private MessageLog log;

    @BeforeEach
    void open() {
        f = LogFixture.h2();
        log = f.messageLog(NODE);
    }

    @AfterEach
    void close() { f.close(); }

    @Test
    void theChainVerifiesAndContinuesAcrossReopening() {
        List<LogEntry> first = LogFixture.appendMessages(log, 10);
        assertThat(first).extracting(LogEntry::seq).containsExactly(LongStream.rangeClosed(1, 10).boxed().toArray(Long[]::new));
        assertThat(first.get(0).prevHash()).isEqualTo(new byte[32]);
        for (int i = 1; i < first.size(); i++) assertThat(first.get(i).prevHash()).isEqualTo(first.get(i - 1).entryHash());
        assertThat(f.verify(NODE)).satisfies(r -> {
            assertThat(r.finding()).isNull();
            assertThat(r.entries()).isEqualTo(10);
        });

        // a restarted bus: another store and another log over the same database
        JdbcLogStore again = JdbcLogStore.open(f.dataSource, () -> { });
        MessageLog reopened = new MessageLog(again, NODE);
        List<LogEntry> more = LogFixture.appendMessages(reopened, 6);

        assertThat(more).extracting(LogEntry::seq).containsExactly(11L, 12L, 13L, 14L, 15L, 16L);
        assertThat(more.get(0).prevHash()).isEqualTo(first.get(9).entryHash());
        assertThat(f.store.head(NODE).seq()).isEqualTo(16);
        assertThat(f.store.head(NODE).hash()).isEqualTo(more.get(5).entryHash());
        LogVerifier.NodeResult r = f.verify(NODE);
        assertThat(r.finding()).isNull();
        assertThat(r.entries()).isEqualTo(16);
        assertThat(r.uncovered()).isEqualTo(16);
        // what was returned is what was stored
        List<LogEntry> stored = f.entries(NODE);
        assertThat(stored).hasSize(16);
        List<LogEntry> written = new ArrayList<>(first);
        written.addAll(more);
        for (int i = 0; i < 16; i++) {
            assertThat(stored.get(i).entryHash()).isEqualTo(written.get(i).entryHash());
            assertThat(stored.get(i).computeHash()).isEqualTo(stored.get(i).entryHash());
            assertThat(stored.get(i).loggedAt()).isEqualTo(written.get(i).loggedAt());
            assertThat(stored.get(i).purpose()).isEqualTo(LogFixture.PURPOSE);
        }
    }

    @Test
    void eightThreadsOfFiftyAppendsFormOneUnbrokenChain() throws Exception {
        int threads = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<LogEntry>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return LogFixture.appendMessages(log, each);
                }));
            }
            go.countDown();
            List<LogEntry> all = new ArrayList<>();
            for (Future<List<LogEntry>> r : results) all.addAll(r.get(60, TimeUnit.SECONDS));

            Set<Long> seqs = all.stream().map(LogEntry::seq).collect(Collectors.toCollection(TreeSet::new));
            assertThat(seqs).hasSize(threads * each);
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, threads * each).boxed().toList());
            // each thread's own entries went in in its order
            for (Future<List<LogEntry>> r : results) {
                List<Long> mine = r.get().stream().map(LogEntry::seq).toList();
                List<Long> sorted = new ArrayList<>(mine);
                Collections.sort(sorted);
                assertThat(mine).isEqualTo(sorted);
            }
        } finally {
            pool.shutdownNow();
        }
        List<LogEntry> stored = f.entries(NODE);
        assertThat(stored).hasSize(threads * each);
        byte[] prev = new byte[32];
        for (LogEntry e : stored) {
            assertThat(e.prevHash()).as("link of entry %d", e.seq()).isEqualTo(prev);
            prev = e.entryHash();
        }
        LogVerifier.NodeResult r = f.verify(NODE);
        assertThat(r.finding()).isNull();
        assertThat(r.entries()).isEqualTo(threads * each);
    }

    @Test
    void itCountsTheRequestsAndPayloadBytesItCommittedNotThoseItRefused() {
        LogRecord request = LogFixture.request("900101300017");
        log.append(request);
        assertThatThrownBy(() -> log.append(request)).isInstanceOf(BusException.class);
        LogRecord answer = LogFixture.next(request, Hop.CLIENT_ANSWER);
        log.appendAll(List.of(LogFixture.next(request, Hop.AGENCY_REQUEST), answer));

        assertThat(log.requests()).as("the replay was refused: one request").isEqualTo(1);
        assertThat(log.payloadBytes()).isEqualTo(request.payload().length
                + LogFixture.next(request, Hop.AGENCY_REQUEST).payload().length + answer.payload().length);
    }

    @Test
    void aRepeatedRequestIsRefusedAsReplayButItsOtherHopsAreLogged() {
        LogRecord request = LogFixture.request("900101300017");
        LogEntry logged = log.append(request);

        assertThatThrownBy(() -> log.append(request))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.REPLAY));
        // the same id with another body is the same replay
        LogRecord sameIdOtherBody = LogFixture.request(request.messageId(), "851231400256");
        assertThatThrownBy(() -> log.append(sameIdOtherBody))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.REPLAY));

        LogEntry toAgency = log.append(LogFixture.next(request, Hop.AGENCY_REQUEST));
        LogEntry fromAgency = log.append(LogFixture.next(request, Hop.AGENCY_ANSWER));
        LogEntry answer = log.append(LogFixture.next(request, Hop.CLIENT_ANSWER));
        LogEntry fault = log.append(LogFixture.next(request, Hop.FAULT));
        LogEntry faultAgain = log.append(LogFixture.next(request, Hop.FAULT));
        assertThat(List.of(logged, toAgency, fromAgency, answer, fault, faultAgain)).extracting(LogEntry::seq)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        // across a restart too: the guard is in the database, not in memory
        MessageLog reopened = new MessageLog(JdbcLogStore.open(f.dataSource, () -> { }), NODE);
        assertThatThrownBy(() -> reopened.append(request))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.REPLAY));
        assertThat(reopened.append(LogFixture.next(request, Hop.CLIENT_ANSWER)).seq()).isEqualTo(7);
        // and another node sharing the database refuses it as well
        MessageLog otherNode = f.messageLog("node-2");
        assertThatThrownBy(() -> otherNode.append(request))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.REPLAY));

        assertThat(f.sqlLong("SELECT COUNT(*) FROM log_entry")).isEqualTo(7);
        assertThat(f.sqlLong("SELECT COUNT(*) FROM log_seen_message")).isEqualTo(1);
        assertThat(f.store.entriesOf(request.messageId())).filteredOn(e -> e.hop() == Hop.CLIENT_REQUEST).hasSize(1);
        LogVerifier.Report report = f.verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.nodes()).extracting(LogVerifier.NodeResult::node).containsExactly(NODE);
    }

    @Test
    void aRequestRepeatedInsideOneBatchIsLoggedOnce() throws Exception {
        LogRecord request = LogFixture.request("010203500348");
        LogRecord innocent = LogFixture.request("770707300419");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<LogEntry>> sent = new ArrayList<>();
            // hold the group commit while three appends queue, so that they go in one batch
            log.commits().exclusively(() -> {
                sent.add(pool.submit(() -> log.append(request)));
                sent.add(pool.submit(() -> log.append(innocent)));
                sent.add(pool.submit(() -> log.append(request)));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (log.commits().queued() < 3 && System.nanoTime() < until) Thread.onSpinWait();
            });
            int refused = 0;
            List<LogEntry> logged = new ArrayList<>();
            for (Future<LogEntry> s : sent) {
                try {
                    logged.add(s.get(30, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(BusException.class, b -> assertThat(b.code()).isEqualTo(FaultCode.REPLAY));
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(1);
            assertThat(logged).extracting(LogEntry::messageId).containsExactlyInAnyOrder(request.messageId(), innocent.messageId());
            assertThat(logged).extracting(LogEntry::seq).containsExactlyInAnyOrder(1L, 2L);
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.verify(NODE).finding()).isNull();
    }

    @Test
    void aSignerCertificateIsStoredOnce() {
        LogFixture.appendMessages(log, 120); // 30 requests signed by the portal, 30 answers sealed by the bus
        LogFixture.appendMessages(new MessageLog(JdbcLogStore.open(f.dataSource, () -> { }), NODE), 40);
        f.checkpointer(log).checkpoint(); // signed by the bus too

        assertThat(f.sqlLong("SELECT COUNT(*) FROM log_certificate")).isEqualTo(2);
        assertThat(f.sqlLong("SELECT COUNT(DISTINCT signer_cert) FROM log_entry")).isEqualTo(2);
        assertThat(f.sqlLong("SELECT COUNT(*) FROM log_entry WHERE signer_cert IS NULL")).isEqualTo(80);
        String portal = Digests.hex(Digests.sha256(encoded(LogFixture.Demo.PORTAL.certificate())));
        String bus = Digests.hex(Digests.sha256(encoded(LogFixture.Demo.BUS.certificate())));
        assertThat(f.sqlLong("SELECT COUNT(*) FROM log_certificate WHERE sha256 IN (?, ?)", portal, bus)).isEqualTo(2);
        assertThat(f.verify(NODE).finding()).isNull();
    }

    @Test
    void aCertificateReferenceResolvesThroughTheStore() {
        List<LogEntry> entries = LogFixture.appendMessages(log, 4);
        LogEntry request = entries.get(0);
        LogEntry toAgency = entries.get(1);
        LogEntry answer = entries.get(3);

        assertThat(request.signerCertificate()).matches("[0-9a-f]{64}");
        assertThat(f.store.certificate(request.signerCertificate())).contains(LogFixture.Demo.PORTAL.certificate());
        assertThat(f.store.certificate(answer.signerCertificate())).contains(LogFixture.Demo.BUS.certificate());
        assertThat(toAgency.signerCertificate()).isNull();
        // read back from the database, the reference is the same (CHAR(64) padding trimmed)
        LogEntry stored = f.store.entriesOf(request.messageId()).get(0);
        assertThat(stored.signerCertificate()).isEqualTo(request.signerCertificate());
        assertThat(f.store.certificate(stored.signerCertificate())).contains(LogFixture.Demo.PORTAL.certificate());
        assertThat(f.store.certificate("0".repeat(64))).isEmpty();
    }

    @Test
    void entriesOfAMessageAreAllItsHopsInOrder() {
        LogFixture.appendMessages(log, 8); // two other messages around it
        LogRecord request = LogFixture.request("851231400256");
        List<LogEntry> hops = new ArrayList<>();
        hops.add(log.append(request));
        LogFixture.appendRequests(log, 3);
        hops.add(log.append(LogFixture.next(request, Hop.AGENCY_REQUEST)));
        hops.add(log.append(LogFixture.next(request, Hop.AGENCY_ANSWER)));
        LogFixture.appendRequests(log, 2);
        hops.add(log.append(LogFixture.next(request, Hop.CLIENT_ANSWER)));
        LogFixture.appendMessages(log, 4);

        List<LogEntry> found = f.store.entriesOf(request.messageId());
        assertThat(found).extracting(LogEntry::hop)
                .containsExactly(Hop.CLIENT_REQUEST, Hop.AGENCY_REQUEST, Hop.AGENCY_ANSWER, Hop.CLIENT_ANSWER);
        assertThat(found).extracting(LogEntry::seq).containsExactlyElementsOf(hops.stream().map(LogEntry::seq).toList());
        for (int i = 0; i < hops.size(); i++) {
            assertThat(found.get(i).payload()).isEqualTo(hops.get(i).payload());
            assertThat(found.get(i).entryHash()).isEqualTo(hops.get(i).entryHash());
        }
        assertThat(new String(found.get(0).payload(), StandardCharsets.UTF_8)).contains(request.messageId().toString());
        assertThat(f.store.entriesOf(UUID.randomUUID())).isEmpty();
    }

    @Test
    void requestsAboutASubjectAreItsClientRequestsInsideTheWindow() throws Exception {
        String subject = "900101300017";
        String other = "851231400256";
        LogRecord before = LogFixture.request(subject);
        log.append(before);
        Thread.sleep(20);
        Instant from = Instant.now();
        Thread.sleep(20);
        LogRecord first = LogFixture.request(subject);
        log.append(first);
        log.append(LogFixture.next(first, Hop.AGENCY_REQUEST)); // same subject, not a request
        log.append(LogFixture.next(first, Hop.CLIENT_ANSWER));
        log.append(LogFixture.request(other));
        LogRecord second = LogFixture.request(subject);
        log.append(second);
        log.append(LogFixture.next(second, Hop.FAULT));
        Thread.sleep(20);
        Instant to = Instant.now();
        Thread.sleep(20);
        log.append(LogFixture.request(subject));

        List<LogEntry> found = f.store.requestsAbout(subject, from, to);
        assertThat(found).extracting(LogEntry::messageId).containsExactly(first.messageId(), second.messageId());
        assertThat(found).allSatisfy(e -> {
            assertThat(e.hop()).isEqualTo(Hop.CLIENT_REQUEST);
            assertThat(e.subject()).isEqualTo(subject);
            assertThat(e.loggedAt()).isBetween(from, to);
        });
        assertThat(f.store.requestsAbout(subject, Instant.EPOCH, Instant.now().plusSeconds(60))).hasSize(4);
        assertThat(f.store.requestsAbout(other, from, to)).hasSize(1);
        assertThat(f.store.requestsAbout("000000000000", Instant.EPOCH, Instant.now().plusSeconds(60))).isEmpty();
    }

    private static byte[] encoded(java.security.cert.X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
