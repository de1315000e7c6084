package org.govbus.core.log;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.govbus.core.pki.TimeStamps;
import org.govbus.core.security.HashTree;

/**
 * Recomputes a log: every node's chain entry by entry, every checkpoint's tree root, signature, time-stamp and
 * link to the checkpoint before. Stops at a node's first problem and names it, since what follows a broken entry
 * cannot be trusted either. A chain whose beginning was archived ({@link LogArchive}) starts after the store's
 * {@link LogStore.ArchiveMark}: its first entry and first checkpoint must link to what the mark names; the archived
 * part is checked from the archive files ({@link LogArchive#verify}).
 */
public final class LogVerifier {
    public enum Problem { ALTERED, MISSING, REORDERED, BROKEN_LINK, CUT_OFF, CHECKPOINT_MISMATCH, BAD_SIGNATURE, BAD_TIME_STAMP }

    /** What is wrong and where: {@code seq} of the entry, or of the checkpoint's first entry. */
    public record Finding(Problem problem, long seq, String detail) {}

    /** One node's chain: entries and checkpoints checked, entries no checkpoint covers yet, and the first problem. */
    public record NodeResult(String node, long entries, long checkpoints, long uncovered, Finding finding) {
        public boolean intact() { return finding == null; }
    }

    public record Report(List<NodeResult> nodes) {
        public boolean intact() { return nodes.stream().allMatch(NodeResult::intact); }

        public long entries() { return nodes.stream().mapToLong(NodeResult::entries).sum(); }
    }

    /** Told the number of entries checked so far, now and then. */
    @FunctionalInterface
    public interface Progress {
        void checked(long entries);
    }

    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final LogStore store;
    private final long segmentAbove;
    private final int segments;
    private final LogTrust trust;

    /** {@code trust}: the CAs the bus's and the time-stamp authority's certificates must chain to, and the bus's system. */
    public LogVerifier(LogStore store, LogTrust trust) {
        this(store, trust, 100_000, Runtime.getRuntime().availableProcessors());
    }

    /** Chains longer than {@code segmentAbove} entries are read in {@code segments} parts at once (see walkInSegments). */
    LogVerifier(LogStore store, LogTrust trust, long segmentAbove, int segments) {
        this.store = store;
        this.trust = trust;
        this.segmentAbove = segmentAbove;
        this.segments = segments;
    }

    /** Every node, or only {@code node}; only entries logged inside [from, to] when given (null: no bound). */
    public Report verify(String node, Instant from, Instant to, Progress progress) {
        List<NodeResult> out = new ArrayList<>();
        long[] done = {0};
        for (String n : node == null ? store.nodes() : List.of(node)) {
            long before = done[0];
            out.add(verifyNode(n, from == null ? EARLIEST : from, to == null ? LATEST : to,
                    checked -> progress.checked(before + checked)));
            done[0] = before + out.get(out.size() - 1).entries();
        }
        return new Report(out);
    }

    private NodeResult verifyNode(String node, Instant from, Instant to, Progress progress) {
        List<Checkpoint> checkpoints = store.checkpoints(node);
        LogStore.ArchiveMark mark = store.archived(node).orElse(null);
        Finding broken = checkCheckpoints(checkpoints, mark);
        long[] range = store.seqRange(node, from, to);
        boolean wholeChain = from == EARLIEST && to == LATEST;
        long archivedTo = mark == null ? 0 : mark.lastSeq();
        if (range == null) {
            if (broken == null && wholeChain && !checkpoints.isEmpty()) {
                Checkpoint lastCp = checkpoints.get(checkpoints.size() - 1);
                broken = new Finding(Problem.CUT_OFF, archivedTo + 1, "entries " + (archivedTo + 1) + "–" + lastCp.lastSeq()
                        + ", covered by checkpoint " + lastCp.number() + ", are all missing");
            }
            return new NodeResult(node, 0, checkpoints.size(), 0, broken);
        }
        // the whole chain starts at seq 1, or right after what was archived: entries missing from its start are missing
        // like any others
        long start = wholeChain ? archivedTo + 1 : range[0];
        List<ChainWalk> walks = new ArrayList<>();
        ChainWalk walk;
        if (broken == null) {
            walks = walkInSegments(node, start, range[1], mark != null && start == archivedTo + 1 ? mark.lastHash() : null, checkpoints, progress);
            broken = firstFinding(node, walks);
            walk = walks.get(walks.size() - 1);
        } else {
            walk = new ChainWalk(node, start, null, checkpoints, progress);
        }
        long count = walks.stream().mapToLong(w -> w.count).sum();
        progress.checked(count);
        Optional<Checkpoint> last = checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
        if (broken == null && wholeChain && last.isPresent() && walk.lastSeq < last.get().lastSeq()) {
            broken = new Finding(Problem.CUT_OFF, walk.lastSeq + 1, "entries " + (walk.lastSeq + 1) + "–" + last.get().lastSeq()
                    + ", covered by checkpoint " + last.get().number() + ", are missing from the end of the chain");
        }
        long uncovered = walk.lastSeq - last.map(Checkpoint::lastSeq).orElse(range[0] - 1);
        return new NodeResult(node, count, checkpoints.size(), Math.max(0, uncovered), broken);
    }

    /**
     * The chain from {@code start} to {@code end} cut at checkpoint ends into one segment per core, each read on its own
     * connection and walked on its own thread: reading the database is most of a verification's time. Every segment
     * holds whole checkpoints, so each tree is recomputed by one walk; the links between segments are checked after.
     */
    private List<ChainWalk> walkInSegments(String node, long start, long end, byte[] startHash, List<Checkpoint> checkpoints, Progress progress) {
        int parts = end - start < segmentAbove ? 1 : segments;
        List<long[]> segments = new ArrayList<>();
        long from = start;
        for (int i = 1; i < parts; i++) {
            long target = start + (end - start) * i / parts;
            long cut = checkpoints.stream().mapToLong(Checkpoint::lastSeq).filter(seq -> seq >= target && seq < end).min().orElse(-1);
            if (cut < from) continue;
            segments.add(new long[] {from, cut});
            from = cut + 1;
        }
        segments.add(new long[] {from, end});
        java.util.concurrent.atomic.AtomicLong checked = new java.util.concurrent.atomic.AtomicLong();
        List<ChainWalk> walks = new ArrayList<>();
        for (long[] segment : segments) {
            long[] reported = {0};
            walks.add(new ChainWalk(node, segment[0], walks.isEmpty() ? startHash : null, checkpoints, n -> {
                progress.checked(checked.addAndGet(n - reported[0]));
                reported[0] = n;
            }));
        }
        if (walks.size() == 1) {
            walkSegment(walks.get(0), segments.get(0)[1]);
            return walks;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(walks.size());
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < walks.size(); i++) {
                ChainWalk w = walks.get(i);
                long last = segments.get(i)[1];
                done.add(pool.submit(() -> walkSegment(w, last)));
            }
            for (java.util.concurrent.Future<?> f : done) f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying", e);
        } finally {
            pool.shutdown();
        }
        return walks;
    }

    private void walkSegment(ChainWalk walk, long last) {
        try {
            store.scan(walk.node, walk.start, last, walk);
        } catch (ChainWalk.Stop stop) {
            // the walk found its problem
        }
    }

    /** An entry that does not link to the one before: reordered when it links to another entry of the chain, else a broken link. */
    private Finding unlinked(String node, long seq, byte[] prevHash) {
        long follows = store.seqOfHash(node, prevHash);
        return follows > 0 ? new Finding(Problem.REORDERED, seq, "entry " + seq + " holds the entry that follows entry " + follows)
                : new Finding(Problem.BROKEN_LINK, seq, "entry " + seq + " does not follow entry " + (seq - 1));
    }

    /** The earliest problem: inside a segment, or where one segment does not lead into the next. */
    private Finding firstFinding(String node, List<ChainWalk> walks) {
        for (int i = 0; i < walks.size(); i++) {
            ChainWalk w = walks.get(i);
            if (w.finding != null) return w.finding;
            if (i + 1 == walks.size()) break;
            ChainWalk next = walks.get(i + 1);
            if (w.lastSeq < next.start - 1) {
                return new Finding(Problem.MISSING, w.lastSeq + 1, "entry " + (w.lastSeq + 1) + " is missing");
            }
            if (next.firstPrev != null && !Arrays.equals(next.firstPrev, w.lastHash)) return unlinked(node, next.start, next.firstPrev);
        }
        return null;
    }

    /**
     * Signatures, time-stamps and links of the checkpoints themselves, before any entry is read. The first follows the
     * last archived one ({@code mark}), or starts the chain: number 1 from entry 1, after no checkpoint.
     */
    private Finding checkCheckpoints(List<Checkpoint> checkpoints, LogStore.ArchiveMark mark) {
        if (mark != null && checkpoints.isEmpty()) {
            return new Finding(Problem.BROKEN_LINK, mark.lastSeq() + 1, "the log was archived up to checkpoint " + mark.lastCheckpoint()
                    + " (entry " + mark.lastSeq() + ") but holds no checkpoint after it; archiving never removes the latest");
        }
        Checkpoint before = null;
        for (Checkpoint cp : checkpoints) {
            String name = "checkpoint " + cp.number();
            Optional<X509Certificate> signer = store.certificate(cp.signerCertificate());
            if (signer.isPresent() && !EvidencePackage.ref(signer.get()).equals(cp.signerCertificate())) {
                return new Finding(Problem.BAD_SIGNATURE, cp.firstSeq(), name + "'s signer certificate " + cp.signerCertificate() + " was replaced in the log");
            }
            if (signer.isEmpty() || !trust.busSigned(signer.get(), cp.createdAt())) {
                return new Finding(Problem.BAD_SIGNATURE, cp.firstSeq(), name + " is signed by a certificate the log does not hold, or not by the bus "
                        + trust.bus() + " with a certificate a trusted CA issued");
            }
            if (!CheckpointSigner.verify(signer.get(), cp.text(), cp.signature())) {
                return new Finding(Problem.BAD_SIGNATURE, cp.firstSeq(), name + " (entries " + cp.firstSeq() + "–" + cp.lastSeq()
                        + ") does not match its signature: it was altered after the bus signed it");
            }
            try {
                trust.stamped(cp);
            } catch (TimeStamps.Invalid e) {
                return new Finding(Problem.BAD_TIME_STAMP, cp.firstSeq(), name + ": " + e.getMessage());
            }
            if (before != null && (!Arrays.equals(cp.previous(), before.imprint()) || cp.firstSeq() != before.lastSeq() + 1)) {
                return new Finding(Problem.BROKEN_LINK, cp.firstSeq(), name + " does not follow checkpoint " + before.number());
            }
            if (before == null && mark != null && (cp.number() != mark.lastCheckpoint() + 1 || cp.firstSeq() != mark.lastSeq() + 1
                    || !Arrays.equals(cp.previous(), mark.lastImprint()))) {
                return new Finding(Problem.BROKEN_LINK, cp.firstSeq(), name + " does not follow checkpoint " + mark.lastCheckpoint()
                        + ", the last archived (entries up to " + mark.lastSeq() + ")");
            }
            if (before == null && mark == null && (cp.number() != 1 || cp.firstSeq() != 1 || !Arrays.equals(cp.previous(), Checkpoint.NONE))) {
                return new Finding(Problem.BROKEN_LINK, cp.firstSeq(), name + " is the first the log holds, but does not start the chain"
                        + " (checkpoint 1 from entry 1) and the log was never archived");
            }
            before = cp;
        }
        return null;
    }

    /** The walk along one node's entries in seq order, with the tree of the checkpoint they fall under. */
    private final class ChainWalk implements java.util.function.Consumer<LogEntry> {
        static final class Stop extends RuntimeException {
            Stop() { super(null, null, false, false); }
        }

        final String node;
        final long start;
        final List<Checkpoint> checkpoints;
        final Progress progress;
        int nextCheckpoint;
        final List<byte[]> leaves = new ArrayList<>();
        final java.util.Set<String> certificatesChecked = new java.util.HashSet<>();
        long lastSeq;
        byte[] lastHash;
        /** what the first entry walked links to: checked against the segment before, when there is one */
        byte[] firstPrev;
        long count;
        Finding finding;

        /** {@code startHash}: what the entry at {@code start} must link to, when known (the archive mark's); else null. */
        ChainWalk(String node, long start, byte[] startHash, List<Checkpoint> checkpoints, Progress progress) {
            this.node = node;
            this.start = start;
            this.checkpoints = checkpoints;
            this.progress = progress;
            this.lastSeq = start - 1;
            this.lastHash = startHash;
            while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).lastSeq() < start) nextCheckpoint++;
        }

        @Override
        public void accept(LogEntry e) {
            if (count == 0) firstPrev = e.prevHash();
            count++;
            if (count % 10_000 == 0) progress.checked(count);
            if (e.seq() != lastSeq + 1) stop(Problem.MISSING, lastSeq + 1, "entry " + (lastSeq + 1) + " is missing (the next present is " + e.seq() + ")");
            // the first entry checked links to one outside the range (or to the zero hash when it is the chain's first, or to
            // the last archived entry when the range starts right after it)
            boolean linked = lastHash == null ? (e.seq() != 1 || Arrays.equals(e.prevHash(), LogStore.Head.EMPTY.hash()))
                    : Arrays.equals(e.prevHash(), lastHash);
            Finding link = linked ? null : unlinked(node, e.seq(), e.prevHash());
            if (link != null && link.problem() == Problem.REORDERED) stop(link);
            if (!Arrays.equals(e.computeHash(), e.entryHash())) {
                stop(Problem.ALTERED, e.seq(), "entry " + e.seq() + " (messageId " + e.messageId() + ", " + e.hop()
                        + ") was altered: its content does not hash to its entry hash");
            }
            if (link != null) stop(link);
            if (e.signerCertificate() != null && certificatesChecked.add(e.signerCertificate())) {
                boolean same = store.certificate(e.signerCertificate()).map(c -> EvidencePackage.ref(c).equals(e.signerCertificate())).orElse(false);
                if (!same) stop(Problem.ALTERED, e.seq(), "entry " + e.seq() + " names signer certificate " + e.signerCertificate()
                        + ", which the log no longer holds as it was");
            }
            lastSeq = e.seq();
            lastHash = e.entryHash();
            underCheckpoint(e);
        }

        private void underCheckpoint(LogEntry e) {
            if (nextCheckpoint >= checkpoints.size()) return;
            Checkpoint cp = checkpoints.get(nextCheckpoint);
            if (!cp.covers(e.seq())) return;
            leaves.add(HashTree.leaf(e.entryHash()));
            if (e.seq() != cp.lastSeq()) return;
            // a checkpoint the range starts inside of cannot be recomputed: its first entries were not read
            if (cp.firstSeq() >= start && !Arrays.equals(HashTree.of(leaves).root(), cp.root())) {
                stop(Problem.CHECKPOINT_MISMATCH, cp.firstSeq(), "entries " + cp.firstSeq() + "–" + cp.lastSeq()
                        + " do not match checkpoint " + cp.number() + " that signed them: they were rewritten after it");
            }
            leaves.clear();
            nextCheckpoint++;
        }

        private void stop(Problem problem, long seq, String detail) { stop(new Finding(problem, seq, detail)); }

        private void stop(Finding found) {
            finding = found;
            throw new Stop();
        }
    }
}
