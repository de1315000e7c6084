package org.govbus.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.govbus.core.log.LogFixture.Demo;
import org.govbus.core.log.LogVerifier.Problem;
import org.govbus.core.security.Digests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LogArchive}: old checkpoints and their entries leave the database for signed archive files; the database's
 * chain still verifies from its archive mark, the archives verify offline, and tampering with them is found.
 */
class LogArchiveTest {
    private static final String NODE = "node-1";
    private static final CheckpointSigner BUS = new CheckpointSigner(Demo.BUS.privateKey(), Demo.BUS.certificate());
    private static final List<java.security.cert.X509Certificate> ANCHORS = List.of(Demo.CA.certificate());

    @TempDir
    Path dir;
    LogFixture f;
    MessageLog log;
    Checkpointer checkpoints;

    @BeforeEach
    void open() { open(LogFixture.h2()); }

    void open(LogFixture fixture) {
        f = fixture;
        log = f.messageLog(NODE);
        checkpoints = f.checkpointer(log);
    }

    @AfterEach
    void close() { f.close(); }

    // ---- archiving

    @Test
    void twoOfFourCheckpointsLoggedBeforeTheDateAreArchivedAndBothSidesVerify() throws Exception {
        archiveTwoOfFour();
    }

    @Test
    void onPostgresToo() throws Exception {
        f.close();
        try (TestPostgres postgres = TestPostgres.start()) {
            TestPostgres.Database db = postgres.newDatabase();
            open(LogFixture.open(db.dataSource, () -> { }));
            archiveTwoOfFour();
            f.close();
            open(LogFixture.h2());
        }
    }

    /** Checkpoints of 8 entries: 1 and 2 before the date, 3 and 4 after it, 3 entries after them; then more, archived again. */
    private void archiveTwoOfFour() throws Exception {
        appendAndCheckpoint(8);
        appendAndCheckpoint(8);
        Thread.sleep(5);
        Instant date = Instant.now();
        Thread.sleep(5);
        appendAndCheckpoint(8);
        appendAndCheckpoint(8);
        LogFixture.appendMessages(log, 3);
        long seenBeforeDate = f.sqlLong("SELECT COUNT(*) FROM log_seen_message WHERE seen_at < ?", date.atOffset(ZoneOffset.UTC));
        long seen = f.sqlLong("SELECT COUNT(*) FROM log_seen_message");
        assertThat(seenBeforeDate).isEqualTo(4);

        LogArchive.Archived first = archive(date, date).orElseThrow();

        assertThat(first.file()).isEqualTo(dir.resolve(NODE + "-1-16.zip")).isRegularFile();
        assertThat(first.plan().checkpoints()).extracting(Checkpoint::number).containsExactly(1L, 2L);
        assertThat(files()).containsExactly(NODE + "-1-16.zip");
        assertThat(f.store.count(NODE)).isEqualTo(19);
        assertThat(f.store.checkpoints(NODE)).extracting(Checkpoint::number).containsExactly(3L, 4L);
        assertThat(f.store.archived(NODE)).hasValueSatisfying(m -> {
            assertThat(m.lastSeq()).isEqualTo(16);
            assertThat(m.lastCheckpoint()).isEqualTo(2);
        });
        assertThat(f.sqlLong("SELECT COUNT(*) FROM log_seen_message")).isEqualTo(seen - seenBeforeDate);
        assertThat(f.sqlLong("SELECT COUNT(*) FROM log_certificate")).isPositive();
        LogVerifier.NodeResult db = f.verify(NODE);
        assertThat(db.finding()).isNull();
        assertThat(db.entries()).isEqualTo(19);
        assertThat(db.uncovered()).isEqualTo(3);
        assertIntact(LogArchive.verify(dir, LogFixture.TRUST), 16, 2);

        // the checkpointer goes on from checkpoint 4 (33–37 after two more entries); the next run archives 3–5 and keeps 6
        LogFixture.appendMessages(log, 2);
        assertThat(checkpoints.checkpoint()).hasValueSatisfying(c -> {
            assertThat(c.number()).isEqualTo(5);
            assertThat(c.firstSeq()).isEqualTo(33);
        });
        appendAndCheckpoint(4);
        assertThat(f.verify(NODE).finding()).isNull();
        LogArchive.Archived second = archive(later(), later()).orElseThrow();
        assertThat(second.file().getFileName()).hasToString(NODE + "-17-37.zip");
        assertThat(f.store.checkpoints(NODE)).extracting(Checkpoint::number).containsExactly(6L);
        assertThat(f.sqlLong("SELECT COUNT(*) FROM log_seen_message")).isZero();
        assertThat(f.verify(NODE).finding()).isNull();
        assertThat(f.verify(NODE).entries()).isEqualTo(4);
        assertIntact(LogArchive.verify(dir, LogFixture.TRUST), 37, 5);
        assertThat(archive(later(), later())).as("the latest checkpoint stays").isEmpty();
    }

    @Test
    void theLatestCheckpointIsNeverArchived() {
        appendAndCheckpoint(6);
        LogFixture.appendMessages(log, 2);
        LogArchive archiver = archiver();
        assertThat(archiver.plan(NODE, later())).isEmpty();
        appendAndCheckpoint(3);
        assertThat(archiver.plan(NODE, later())).hasValueSatisfying(p -> {
            assertThat(p.checkpoints()).extracting(Checkpoint::number).containsExactly(1L);
            assertThat(p.lastSeq()).isEqualTo(6);
        });
        // nor will the store remove it, whatever it is told
        Checkpoint latest = f.store.lastCheckpoint(NODE).orElseThrow();
        LogEntry last = f.entries(NODE).get((int) latest.lastSeq() - 1);
        assertThatThrownBy(() -> f.store.removeArchived(NODE, new LogStore.ArchiveMark(latest.lastSeq(), last.entryHash(), latest.number(),
                latest.imprint()), "x.zip", later())).hasMessageContaining("latest");
        assertThat(f.store.count(NODE)).isEqualTo(11);
    }

    @Test
    void aBrokenChainIsNotArchived() {
        appendAndCheckpoint(6);
        appendAndCheckpoint(6);
        f.sql("UPDATE log_entry SET payload = ? WHERE node = ? AND seq = 3", "forged".getBytes(StandardCharsets.UTF_8), NODE);
        assertThatThrownBy(() -> archive(later(), later())).hasMessageContaining("entry 3").hasMessageContaining("nothing was archived");
        assertThat(dir).isEmptyDirectory();
        assertThat(f.store.count(NODE)).isEqualTo(12);
        assertThat(f.store.archived(NODE)).isEmpty();
    }

    @Test
    void aRunThatDiesBeforeTheDatabaseIsToldLeavesAllThereAndTheNextRunReplacesItsFile() throws Exception {
        appendAndCheckpoint(4);
        appendAndCheckpoint(4);
        LogStore dying = (LogStore) Proxy.newProxyInstance(LogStore.class.getClassLoader(), new Class<?>[] {LogStore.class}, (proxy, m, args) -> {
            if (m.getName().equals("removeArchived")) throw new IllegalStateException("killed");
            try {
                return m.invoke(f.store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        LogArchive dyingArchiver = new LogArchive(dying, BUS, ANCHORS, dir);
        LogArchive.Plan plan = dyingArchiver.plan(NODE, later()).orElseThrow();
        assertThatThrownBy(() -> dyingArchiver.archive(plan, later(), n -> { })).hasMessage("killed");
        assertThat(files()).containsExactly(NODE + "-1-4.zip");
        assertThat(f.store.count(NODE)).isEqualTo(8);
        assertThat(f.verify(NODE).finding()).isNull();

        appendAndCheckpoint(4);
        assertThat(archive(later(), later())).hasValueSatisfying(a -> assertThat(a.plan().lastSeq()).isEqualTo(8));
        assertThat(files()).containsExactly(NODE + "-1-8.zip");
        assertThat(f.verify(NODE).finding()).isNull();
        assertIntact(LogArchive.verify(dir, LogFixture.TRUST), 8, 2);
    }

    // ---- the database's chain after archiving

    @Test
    void anEntryDeletedRightAfterTheMarkIsMissing() throws Exception {
        threeArchives();
        assertThat(f.sql("DELETE FROM log_entry WHERE node = ? AND seq = 13", NODE)).isEqualTo(1);
        assertDb(Problem.MISSING, 13);
    }

    @Test
    void aMarkNamingAnotherEntryIsABrokenLink() throws Exception {
        threeArchives();
        f.sql("UPDATE log_archive SET last_hash = ? WHERE node = ?", new byte[32], NODE);
        assertDb(Problem.BROKEN_LINK, 13);
    }

    @Test
    void aMarkNamingAnotherCheckpointIsABrokenLink() throws Exception {
        threeArchives();
        f.sql("UPDATE log_archive SET last_imprint = ? WHERE node = ?", new byte[32], NODE);
        assertDb(Problem.BROKEN_LINK, 13);
    }

    // ---- the archives, tampered with

    @Test
    void aSeriesOfArchivesIsIntact() throws Exception {
        threeArchives();
        assertThat(files()).containsExactly(NODE + "-1-4.zip", NODE + "-5-8.zip", NODE + "-9-12.zip");
        assertIntact(LogArchive.verify(dir, LogFixture.TRUST), 12, 3);
    }

    @Test
    void anArchiveRemovedFromTheMiddleIsMissing() throws Exception {
        threeArchives();
        Files.delete(dir.resolve(NODE + "-5-8.zip"));
        assertArchive(Problem.MISSING, 5);
    }

    @Test
    void theFirstArchiveRemovedIsMissing() throws Exception {
        threeArchives();
        Files.delete(dir.resolve(NODE + "-1-4.zip"));
        assertArchive(Problem.MISSING, 1);
    }

    @Test
    void aByteChangedInAnEntryIsFound() throws Exception {
        threeArchives();
        rewrite("entries/6.txt", LogArchiveTest::flip, false);
        assertArchive(Problem.ALTERED, 6);
    }

    @Test
    void aByteChangedInAPayloadIsFound() throws Exception {
        threeArchives();
        rewrite("entries/7.bin", LogArchiveTest::flip, false);
        assertArchive(Problem.ALTERED, 7);
    }

    @Test
    void aByteChangedInACheckpointIsFound() throws Exception {
        threeArchives();
        rewrite("checkpoints/2.txt", LogArchiveTest::flip, false);
        assertArchive(Problem.ALTERED, 5);
    }

    @Test
    void aByteChangedInSha256SumsIsABadSignature() throws Exception {
        threeArchives();
        rewrite(LogArchive.SUMS, LogArchiveTest::flip, false);
        assertArchive(Problem.BAD_SIGNATURE, 5);
    }

    @Test
    void aPayloadChangedWithSha256SumsRecomputedIsABadSignature() throws Exception {
        threeArchives();
        rewrite("entries/7.bin", LogArchiveTest::flip, true);
        assertArchive(Problem.BAD_SIGNATURE, 5);
    }

    @Test
    void aByteChangedInTheZipFileItselfIsFound() throws Exception {
        threeArchives();
        Path zip = dir.resolve(NODE + "-5-8.zip");
        byte[] bytes = Files.readAllBytes(zip);
        // the compressed bytes of entries/6.bin: after its local header (30 bytes, the name, the extra field)
        byte[] name = "entries/6.bin".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, name);
        int extra = (bytes[at - 2] & 0xff) | (bytes[at - 1] & 0xff) << 8;
        bytes[at + name.length + extra + 3] ^= 0x55;
        Files.write(zip, bytes);
        assertArchive(Problem.ALTERED, 6);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) if (bytes[i + j] != part[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    /** Someone holding the bus key re-signs an archive with a changed payload: the chain inside still shows it. */
    @Test
    void anArchiveReSignedWithTheBusKeyStillBreaksTheChain() throws Exception {
        threeArchives();
        Path zip = dir.resolve(NODE + "-5-8.zip");
        Map<String, byte[]> files = read(zip);
        byte[] forged = "<person><iin>900101300017</iin><surname>Forged</surname></person>".getBytes(StandardCharsets.UTF_8);
        String text = new String(files.get("entries/6.txt"), StandardCharsets.UTF_8)
                .replaceAll("payloadSha256=[0-9a-f]+", "payloadSha256=" + Digests.hex(Digests.sha256(forged)));
        files.put("entries/6.bin", forged);
        files.put("entries/6.txt", text.getBytes(StandardCharsets.UTF_8));
        write(zip, files, true, true);
        assertArchive(Problem.BROKEN_LINK, 7);
    }

    @Test
    void archivesSignedByAKeyNoTrustedCaIssuedAreABadSignature() throws Exception {
        threeArchives();
        LogVerifier.Report report = LogArchive.verify(dir, new LogTrust(List.of(Demo.STRANGER_CA.certificate()), LogFixture.TRUST.bus()));
        assertThat(report.intact()).isFalse();
        assertThat(report.nodes().get(0).finding().problem()).isEqualTo(Problem.BAD_SIGNATURE);
    }

    // ---- helpers

    /** Archives 1–4, 5–8 and 9–12 in three runs; checkpoint 4 (13–16) stays in the database. */
    private void threeArchives() {
        appendAndCheckpoint(4);
        for (int i = 0; i < 3; i++) {
            appendAndCheckpoint(4);
            assertThat(archive(later(), later())).isPresent();
        }
        assertThat(f.verify(NODE).finding()).isNull();
    }

    private void appendAndCheckpoint(int entries) {
        LogFixture.appendMessages(log, entries);
        assertThat(checkpoints.checkpoint()).isPresent();
    }

    private LogArchive archiver() { return new LogArchive(f.store, BUS, ANCHORS, dir); }

    private Optional<LogArchive.Archived> archive(Instant before, Instant seenBefore) {
        LogArchive archiver = archiver();
        return archiver.plan(NODE, before).map(p -> archiver.archive(p, seenBefore, n -> { }));
    }

    private static Instant later() { return Instant.now().plus(Duration.ofMinutes(1)); }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertIntact(LogVerifier.Report report, long entries, long checkpoints) {
        assertThat(report.intact()).as("%s", report).isTrue();
        assertThat(report.nodes()).singleElement().satisfies(n -> {
            assertThat(n.node()).isEqualTo(NODE);
            assertThat(n.entries()).isEqualTo(entries);
            assertThat(n.checkpoints()).isEqualTo(checkpoints);
        });
    }

    private void assertArchive(Problem problem, long seq) {
        LogVerifier.Report report = LogArchive.verify(dir, LogFixture.TRUST);
        assertThat(report.intact()).as("%s", report).isFalse();
        LogVerifier.Finding finding = report.nodes().get(0).finding();
        assertThat(finding.problem()).as("%s", finding).isEqualTo(problem);
        assertThat(finding.seq()).as("%s", finding).isEqualTo(seq);
    }

    private void assertDb(Problem problem, long seq) {
        LogVerifier.Finding finding = f.verify(NODE).finding();
        assertThat(finding).isNotNull();
        assertThat(finding.problem()).as("%s", finding).isEqualTo(problem);
        assertThat(finding.seq()).as("%s", finding).isEqualTo(seq);
    }

    private static byte[] flip(byte[] bytes) {
        byte[] out = bytes.clone();
        out[out.length / 2] ^= 1;
        return out;
    }

    /** Changes one file of the archive 5–8, optionally recomputing SHA256SUMS (but not its signature). */
    private void rewrite(String name, UnaryOperator<byte[]> change, boolean resum) throws IOException {
        Path zip = dir.resolve(NODE + "-5-8.zip");
        Map<String, byte[]> files = read(zip);
        assertThat(files).containsKey(name);
        files.put(name, change.apply(files.get(name)));
        write(zip, files, resum, false);
    }

    private static Map<String, byte[]> read(Path zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) out.put(e.getName(), z.readAllBytes());
        }
        return out;
    }

    private static void write(Path zip, Map<String, byte[]> files, boolean resum, boolean resign) throws IOException {
        if (resum) {
            StringBuilder sums = new StringBuilder();
            files.forEach((name, bytes) -> {
                if (!name.startsWith(LogArchive.SUMS)) sums.append(Digests.hex(Digests.sha256(bytes))).append("  ").append(name).append('\n');
            });
            files.put(LogArchive.SUMS, sums.toString().getBytes(StandardCharsets.US_ASCII));
        }
        if (resign) files.put(LogArchive.SIGNATURE, BUS.sign(files.get(LogArchive.SUMS)));
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }
}
