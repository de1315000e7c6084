package org.govbus.core.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.govbus.core.pki.TimeStamps;
import org.govbus.core.security.Digests;
import org.govbus.core.security.HashTree;

/**
 * Moves the oldest part of a node's chain out of the database into a signed archive file that verifies offline.
 * Only whole checkpoints are archived, only those whose entries were all logged before a given time, and never a
 * node's latest checkpoint (the checkpointer goes on from it). One zip per node and run, {@code NODE-FIRST-LAST.zip}:
 * <pre>
 *   archive.txt                govbus-archive-v1, node=, first=, last=, previous= (hash of entry first-1, zeros for
 *                              the chain's start), previousCheckpoint= (imprint of the checkpoint before, zeros),
 *                              checkpoints=N-M, created=
 *   bus.pem                    the certificate of the bus key that signed SHA256SUMS
 *   checkpoints/N.txt .sig .tst  each checkpoint: its signed text, the bus's signature, the RFC 3161 token
 *   entries/SEQ.txt .bin       each entry: exactly the text its hash is taken over, and its payload
 *   certificates/SHA256.pem    every certificate an entry or checkpoint names, and the time-stamp authorities'
 *   ca/SHA256.pem              the trust anchors of the bus that wrote it (for reference: trust comes from outside)
 *   SHA256SUMS, SHA256SUMS.sig every file above in this order, and the bus's signature over that list
 * </pre>
 * Entries are streamed from the store into the zip, which is written under a temporary name, synced, and renamed;
 * only then are they removed from the database, in one transaction with the {@link LogStore.ArchiveMark}. If the
 * process dies between the rename and that transaction, the database still holds everything and its mark is
 * unchanged: the next run plans from the same first entry and writes its file again (same or later last entry),
 * then deletes any other file of the node starting after the mark, which only repeated entries still in the database.
 * {@link #verify} checks a directory of archives offline.
 */
public final class LogArchive {
    static final String FORMAT = "govbus-archive-v1";
    static final String HEADER = "archive.txt";
    static final String BUS = "bus.pem";
    static final String SUMS = "SHA256SUMS";
    static final String SIGNATURE = "SHA256SUMS.sig";
    static final Pattern NAME = Pattern.compile("(.+)-(\\d+)-(\\d+)\\.zip");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** What archiving a node would take: {@code checkpoints} and their entries {@code firstSeq..lastSeq}. */
    public record Plan(String node, List<Checkpoint> checkpoints, long firstSeq, long lastSeq, byte[] previousHash, byte[] previousImprint) {
        public long entries() { return lastSeq - firstSeq + 1; }

        public String fileName() { return node + "-" + firstSeq + "-" + lastSeq + ".zip"; }
    }

    /** What was archived: the file written, and the payload bytes that left the database. */
    public record Archived(Plan plan, Path file, long fileBytes, long payloadBytes) {}

    private final LogStore store;
    private final CheckpointSigner signer;
    private final List<X509Certificate> anchors;
    private final Path dir;

    /** {@code signer}: the bus key that signs each archive's SHA256SUMS; {@code anchors}: the CAs written into it. */
    public LogArchive(LogStore store, CheckpointSigner signer, List<X509Certificate> anchors, Path dir) {
        this.store = store;
        this.signer = signer;
        this.anchors = List.copyOf(anchors);
        this.dir = dir;
    }

    /** The node's oldest whole checkpoints whose entries were all logged before {@code before}, its latest excepted. */
    public Optional<Plan> plan(String node, Instant before) {
        List<Checkpoint> all = store.checkpoints(node);
        long[] after = store.seqRange(node, before, LATEST);
        long firstAfter = after == null ? Long.MAX_VALUE : after[0];
        List<Checkpoint> chosen = new ArrayList<>();
        for (Checkpoint cp : all.subList(0, Math.max(0, all.size() - 1))) {
            if (cp.lastSeq() >= firstAfter) break;
            chosen.add(cp);
        }
        if (chosen.isEmpty()) return Optional.empty();
        Optional<LogStore.ArchiveMark> mark = store.archived(node);
        Checkpoint first = chosen.get(0);
        long expected = mark.map(m -> m.lastSeq() + 1).orElse(1L);
        byte[] imprint = mark.map(LogStore.ArchiveMark::lastImprint).orElse(Checkpoint.NONE);
        Checkpoint prior = null;
        for (Checkpoint cp : chosen) {
            boolean follows = prior == null ? cp.firstSeq() == expected && Arrays.equals(cp.previous(), imprint)
                    : cp.firstSeq() == prior.lastSeq() + 1 && Arrays.equals(cp.previous(), prior.imprint());
            if (!follows) {
                throw new IllegalStateException("node " + node + "'s checkpoint " + cp.number() + " does not follow "
                        + (prior == null ? "what was archived before" : "checkpoint " + prior.number()) + ": run `govbus log verify`");
            }
            prior = cp;
        }
        return Optional.of(new Plan(node, List.copyOf(chosen), first.firstSeq(), chosen.get(chosen.size() - 1).lastSeq(),
                mark.map(LogStore.ArchiveMark::lastHash).orElse(LogStore.Head.EMPTY.hash()), imprint));
    }

    /**
     * Writes the plan's archive into the directory, then removes what it holds from the database together with the
     * replay guard's messageIds seen before {@code seenBefore}. Refuses (and removes nothing) if the chain it reads
     * is not intact.
     */
    public Archived archive(Plan plan, Instant seenBefore, LogVerifier.Progress progress) {
        Path target = dir.resolve(plan.fileName());
        Path partial = dir.resolve("." + plan.fileName() + ".partial");
        Path sums = dir.resolve("." + plan.fileName() + ".sums");
        try {
            Files.createDirectories(dir);
            Writer w = new Writer(plan, sums);
            try (OutputStream out = EvidencePackage.ownerOnly(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
                w.write(zip, progress);
            } finally {
                Files.deleteIfExists(sums);
            }
            try (FileChannel c = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            removeLeftovers(plan, target);
            Checkpoint last = plan.checkpoints().get(plan.checkpoints().size() - 1);
            store.removeArchived(plan.node(), new LogStore.ArchiveMark(plan.lastSeq(), w.lastHash, last.number(), last.imprint()),
                    target.getFileName().toString(), seenBefore);
            return new Archived(plan, target, Files.size(target), w.payloadBytes);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the next run overwrites it
            }
            if (e instanceof IOException io) throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), io);
            throw (RuntimeException) e;
        }
    }

    /** Files of an interrupted run: this node's, starting after the database's mark, so repeating entries it still holds. */
    private void removeLeftovers(Plan plan, Path written) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.zip")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches() && m.group(1).equals(plan.node()) && Long.parseLong(m.group(2)) >= plan.firstSeq() && !f.equals(written)) {
                    Files.delete(f);
                }
            }
        }
    }

    /**
     * Checks every archive ({@code *.zip}) in {@code dir} offline: each file against SHA256SUMS and that against the bus's
     * signature (the bus certificate chaining to {@code anchors}), each entry's payload, hash and link, the seqs
     * contiguous, each checkpoint's root, signature and time-stamp, and each node's archives following one another
     * from entry 1. One result per node, named as {@link LogVerifier} names its findings.
     */
    public static LogVerifier.Report verify(Path dir, LogTrust trust) { return verify(dir, trust, n -> { }); }

    public static LogVerifier.Report verify(Path dir, LogTrust trust, LogVerifier.Progress progress) {
        return new ArchiveCheck(trust, progress).run(dir);
    }

    /** One archive being written: each file goes into the zip and its line into SHA256SUMS and the signature. */
    private final class Writer implements Consumer<LogEntry> {
        final Plan plan;
        final Path sumsFile;
        final Map<String, X509Certificate> certificates = new LinkedHashMap<>();
        final List<byte[]> leaves = new ArrayList<>();
        ZipOutputStream zip;
        BufferedWriter sums;
        Signature signature;
        LogVerifier.Progress progress;
        int nextCheckpoint;
        long nextSeq;
        byte[] lastHash;
        long payloadBytes;

        Writer(Plan plan, Path sumsFile) {
            this.plan = plan;
            this.sumsFile = sumsFile;
            this.nextSeq = plan.firstSeq();
            this.lastHash = plan.previousHash();
        }

        void write(ZipOutputStream out, LogVerifier.Progress progress) throws IOException {
            this.zip = out;
            this.progress = progress;
            try (BufferedWriter s = Files.newBufferedWriter(sumsFile, StandardCharsets.US_ASCII)) {
                sums = s;
                signature = Signature.getInstance(CheckpointSigner.algorithm(signer.certificate().getPublicKey()));
                signature.initSign(signer.key());
                Checkpoint first = plan.checkpoints().get(0);
                Checkpoint last = plan.checkpoints().get(plan.checkpoints().size() - 1);
                put(HEADER, (FORMAT + "\nnode=" + plan.node() + "\nfirst=" + plan.firstSeq() + "\nlast=" + plan.lastSeq()
                        + "\nprevious=" + Digests.hex(plan.previousHash()) + "\npreviousCheckpoint=" + Digests.hex(plan.previousImprint())
                        + "\ncheckpoints=" + first.number() + "-" + last.number() + "\ncreated=" + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
                put(BUS, EvidencePackage.pem(signer.certificate()));
                for (Checkpoint cp : plan.checkpoints()) {
                    put("checkpoints/" + cp.number() + ".txt", cp.text());
                    put("checkpoints/" + cp.number() + ".sig", cp.signature());
                    put("checkpoints/" + cp.number() + ".tst", cp.timeStamp());
                    certificate(cp.signerCertificate());
                    X509Certificate authority = TimeStamps.signerOf(cp.timeStamp());
                    certificates.put(EvidencePackage.ref(authority), authority);
                }
                store.scan(plan.node(), plan.firstSeq(), plan.lastSeq(), this);
                if (nextSeq != plan.lastSeq() + 1) broken(nextSeq, "is missing");
                for (Map.Entry<String, X509Certificate> c : certificates.entrySet()) put("certificates/" + c.getKey() + ".pem", EvidencePackage.pem(c.getValue()));
                for (X509Certificate ca : anchors) put("ca/" + EvidencePackage.ref(ca) + ".pem", EvidencePackage.pem(ca));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign the archive: " + e.getMessage(), e);
            }
            zip.putNextEntry(new ZipEntry(SUMS));
            Files.copy(sumsFile, zip);
            zip.closeEntry();
            try {
                put(SIGNATURE, signature.sign(), false);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign the archive: " + e.getMessage(), e);
            }
            progress.checked(nextSeq - plan.firstSeq());
        }

        /** Each entry as read: checked as {@link LogVerifier} would, so a broken chain is never archived away. */
        @Override
        public void accept(LogEntry e) {
            if (e.seq() != nextSeq) broken(nextSeq, "is missing");
            byte[] hash = e.computeHash();
            if (!Arrays.equals(hash, e.entryHash())) broken(e.seq(), "was altered");
            if (!Arrays.equals(e.prevHash(), lastHash)) broken(e.seq(), "does not follow the entry before");
            try {
                put("entries/" + e.seq() + ".txt", e.text());
                put("entries/" + e.seq() + ".bin", e.payload());
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            if (e.signerCertificate() != null) certificate(e.signerCertificate());
            payloadBytes += e.payload().length;
            Checkpoint cp = plan.checkpoints().get(nextCheckpoint);
            leaves.add(HashTree.leaf(hash));
            if (e.seq() == cp.lastSeq()) {
                if (!Arrays.equals(HashTree.of(leaves).root(), cp.root())) broken(cp.firstSeq(), "does not match checkpoint " + cp.number());
                leaves.clear();
                nextCheckpoint++;
            }
            lastHash = hash;
            if (++nextSeq % 10_000 == 0) progress.checked(nextSeq - plan.firstSeq());
        }

        private void certificate(String ref) {
            certificates.computeIfAbsent(ref, r -> store.certificate(r).filter(c -> EvidencePackage.ref(c).equals(r)).orElseThrow(() ->
                    new IllegalStateException("certificate " + r + " is missing from the log or altered: run `govbus log verify`")));
        }

        private void broken(long seq, String what) {
            throw new IllegalStateException("entry " + seq + " of node " + plan.node() + " " + what + ": nothing was archived;"
                    + " run `govbus log verify`");
        }

        private void put(String name, byte[] bytes) throws IOException { put(name, bytes, true); }

        private void put(String name, byte[] bytes, boolean listed) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(bytes);
            zip.closeEntry();
            if (!listed) return;
            String line = Digests.hex(Digests.sha256(bytes)) + "  " + name + "\n";
            sums.write(line);
            try {
                signature.update(line.getBytes(StandardCharsets.US_ASCII));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
