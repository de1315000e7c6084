package org.govbus.core.log;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.govbus.core.pki.TimeStampAuthority;
import org.govbus.core.security.Digests;
import org.govbus.core.security.HashTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a node's chain into checkpoints, off the requests' path: once {@code everyEntries} entries are past the
 * last checkpoint, or {@code every} has passed with any, a thread of its own builds the hash tree over the new
 * entries, signs it with the previous checkpoint's hash, gets it time-stamped and stores it. Entries after the
 * last checkpoint are the only ones no checkpoint proves yet: at most about {@code everyEntries} entries or
 * {@code every} of traffic (plus one time-stamp's round trip). A failed time-stamp leaves the entries for the next
 * round; nothing is stored unstamped. Closing writes a last checkpoint.
 */
public final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    public record Policy(int everyEntries, Duration every) {
        public static final Policy DEFAULTS = new Policy(1000, Duration.ofSeconds(10));
    }

    /** a checkpoint covers at most this many times the policy's entries, so no tree or proof grows without bound */
    static final int MAX_SPAN_CHECKPOINTS = 10;

    private final LogStore store;
    /** the hashes of entries this node committed and no checkpoint covers yet, in seq order */
    private final java.util.ArrayDeque<Hashed> recent = new java.util.ArrayDeque<>();
    private final String node;
    private final CheckpointSigner signer;
    private final TimeStampAuthority timeStamps;
    private final Policy policy;
    private final String signerRef;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition due = lock.newCondition();
    private final Thread thread;
    private volatile long committedSeq;
    private volatile long coveredSeq;
    private volatile boolean closed;

    public Checkpointer(LogStore store, String node, CheckpointSigner signer, TimeStampAuthority timeStamps, Policy policy) {
        this.store = store;
        this.node = node;
        this.signer = signer;
        this.timeStamps = timeStamps;
        this.policy = policy;
        this.signerRef = store.storeCertificate(signer.certificate());
        this.coveredSeq = store.lastCheckpoint(node).map(Checkpoint::lastSeq).orElse(0L);
        this.committedSeq = store.head(node).seq();
        this.thread = new Thread(this::run, "govbus-checkpoints");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Follows the chain (see {@link MessageLog#onCommit}): keeps the hashes of what this node committed, so a checkpoint
     * signs what the node wrote without reading it back (reading entry hashes from H2 reads whole rows, payloads and
     * all); wakes the thread once enough entries wait.
     */
    public void committed(List<LogEntry> entries) {
        synchronized (recent) {
            for (LogEntry e : entries) {
                if (!recent.isEmpty() && recent.peekLast().seq() + 1 != e.seq()) recent.clear();
                recent.addLast(new Hashed(e.seq(), e.entryHash()));
            }
            // a time-stamp authority down for long: past this the checkpoints read the hashes back from the store
            while (recent.size() > 2L * MAX_SPAN_CHECKPOINTS * policy.everyEntries()) recent.removeFirst();
        }
        long seq = entries.get(entries.size() - 1).seq();
        committedSeq = seq;
        if (seq - coveredSeq >= policy.everyEntries()) {
            lock.lock();
            try {
                due.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Entries logged but not yet under a checkpoint: the unprovable window right now. */
    public long uncovered() { return committedSeq - coveredSeq; }

    private void run() {
        boolean failed = false;
        while (!closed) {
            lock.lock();
            try {
                // closed is read under the lock close() signals with, so its wake-up cannot come before this wait; after a
                // failure (the time-stamp authority down) the whole interval passes before the next try, however far behind
                if (!closed && (failed || committedSeq - coveredSeq < policy.everyEntries())) {
                    due.await(policy.every().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (closed) return;
            try {
                checkpoint();
                failed = false;
            } catch (RuntimeException e) {
                failed = true;
                LOG.warn("node {}: no checkpoint this round, entries after {} wait for the next: {}", node, coveredSeq, e.getMessage());
            }
        }
    }

    /**
     * Checkpoints the entries committed so far that no checkpoint covers, at most {@link #MAX_SPAN_CHECKPOINTS} times the
     * policy's count in one (after an outage the rest follow at once, round after round); empty when there is none.
     */
    public synchronized Optional<Checkpoint> checkpoint() {
        Optional<Checkpoint> last = store.lastCheckpoint(node);
        long first = last.map(c -> c.lastSeq() + 1).orElse(1L);
        long upTo = Math.min(store.head(node).seq(), first - 1 + (long) MAX_SPAN_CHECKPOINTS * policy.everyEntries());
        if (upTo < first) return Optional.empty();
        List<byte[]> hashes = remembered(first, upTo);
        if (hashes == null) hashes = store.entryHashes(node, first, upTo);
        if (hashes.size() != upTo - first + 1) {
            throw new IllegalStateException("entries " + first + "–" + upTo + " of node " + node + " are not all in the log ("
                    + hashes.size() + " found): run `govbus log verify`");
        }
        byte[] root = HashTree.of(hashes.stream().map(HashTree::leaf).toList()).root();
        Checkpoint unsigned = new Checkpoint(node, last.map(c -> c.number() + 1).orElse(1L), first, upTo, root,
                last.map(Checkpoint::imprint).orElse(Checkpoint.NONE), Instant.now(), signerRef, null, null);
        Checkpoint signed = unsigned.signed(signer.sign(unsigned.text()));
        Checkpoint stamped = signed.stamped(timeStamps.stamp(signed.imprint()));
        store.addCheckpoint(stamped);
        coveredSeq = upTo;
        synchronized (recent) {
            while (!recent.isEmpty() && recent.peekFirst().seq() <= upTo) recent.removeFirst();
        }
        LOG.debug("node {}: checkpoint {} over entries {}–{}, root {}", node, stamped.number(), first, upTo, Digests.hex(root));
        return Optional.of(stamped);
    }

    private record Hashed(long seq, byte[] hash) {}

    /** The hashes of entries {@code first..upTo} as this node committed them, or null when it does not hold them all. */
    private List<byte[]> remembered(long first, long upTo) {
        synchronized (recent) {
            if (recent.isEmpty() || recent.peekFirst().seq() > first || recent.peekLast().seq() < upTo) return null;
            List<byte[]> out = new java.util.ArrayList<>((int) (upTo - first + 1));
            for (Hashed h : recent) {
                if (h.seq() > upTo) break;
                if (h.seq() >= first) out.add(h.hash());
            }
            return out;
        }
    }

    @Override
    public void close() {
        closed = true;
        // woken, not interrupted: an interrupt in the middle of H2's file I/O closes the database's file channel
        lock.lock();
        try {
            due.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            while (checkpoint().map(cp -> cp.lastSeq() < committedSeq).orElse(false)) {
                // the rest of a long backlog, one bounded checkpoint at a time
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("node {}: no last checkpoint on closing: {}", node, e.getMessage());
        }
    }
}
