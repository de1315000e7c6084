package org.govbus.core.log;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Where the message log lives: entries of every node's chain, the certificates they reference, the checkpoints,
 * and the messageIds seen. The chain's logic ({@link MessageLog}), its verification ({@link LogVerifier}) and the
 * replay guard ({@link ReplayGuard}) are written against this interface only; {@link JdbcLogStore} keeps it in H2
 * or PostgreSQL.
 */
public interface LogStore extends AutoCloseable {

    /** The last entry of a node's chain, or seq 0 and the zero hash when it has none. */
    record Head(long seq, byte[] hash) {
        public static final Head EMPTY = new Head(0, new byte[32]);
    }

    /**
     * Where a node's chain in the store starts once its beginning was archived ({@link LogArchive}): the last archived
     * entry's seq and hash (the first remaining entry names it as previous) and the last archived checkpoint's number
     * and imprint (the first remaining checkpoint names it as previous).
     */
    record ArchiveMark(long lastSeq, byte[] lastHash, long lastCheckpoint, byte[] lastImprint) {}

    /** One unit of writing: everything done in it is committed together, or nothing is. */
    interface Transaction {
        /** Those of {@code messageIds} already recorded as received. */
        Set<UUID> seen(Collection<UUID> messageIds);

        /** Records these client requests' messageIds as received. */
        void remember(List<LogEntry> requests);

        void insert(List<LogEntry> entries);

        /** What the log holds of one message: each hop's node, seq, time, kind and payload hash, in log order. */
        List<EarlierHop> hopsOf(UUID messageId);

        /** Claims the one retry a request whose node died unanswered may have; false when it was claimed before. */
        boolean claimRetry(UUID messageId, java.time.Instant at);
    }

    /** One hop of a message as the replay guard weighs a retry: where and when it was logged, and what it held. */
    record EarlierHop(String node, long seq, java.time.Instant loggedAt, Hop hop, byte[] payloadSha256) {}

    /** A messageId another writer recorded as received after this transaction looked: the batch is to be tried again. */
    final class AlreadySeen extends RuntimeException {
        public AlreadySeen(Throwable cause) { super(cause.getMessage(), cause); }
    }

    @FunctionalInterface
    interface Work<T> {
        T in(Transaction tx);
    }

    /** Runs {@code work} in one transaction and commits it; rolls back and rethrows if it fails. */
    <T> T write(Work<T> work);

    /** Read from the database, never from memory: another process may share it. */
    Head head(String node);

    /** Stores a certificate under its SHA-256 (hex) unless stored already; returns that reference. */
    String storeCertificate(X509Certificate certificate);

    Optional<X509Certificate> certificate(String sha256Hex);

    void addCheckpoint(Checkpoint checkpoint);

    /** A node's checkpoints in order. */
    List<Checkpoint> checkpoints(String node);

    Optional<Checkpoint> lastCheckpoint(String node);

    /** The nodes that have written to this log. */
    List<String> nodes();

    /** The entry hashes of a node's chain with {@code fromSeq <= seq <= toSeq}, in order: what a checkpoint's tree is built of. */
    List<byte[]> entryHashes(String node, long fromSeq, long toSeq);

    /** Entries of a node's chain with {@code fromSeq <= seq <= toSeq}, in order, streamed to {@code each}. */
    void scan(String node, long fromSeq, long toSeq, Consumer<LogEntry> each);

    /** The first and last seq of a node's entries logged inside [from, to]; null when none are. */
    long[] seqRange(String node, Instant from, Instant to);

    /** Every hop of one message, on whichever node, in time order. */
    List<LogEntry> entriesOf(UUID messageId);

    /** The client requests about this IIN or BIN logged inside [from, to], in time order. */
    List<LogEntry> requestsAbout(String subject, Instant from, Instant to);

    long count(String node);

    /** Where the node's chain was cut by archiving; empty when nothing of it was archived. */
    Optional<ArchiveMark> archived(String node);

    /**
     * After its archive file is complete: in one transaction records {@code mark} (and the file's name), deletes the
     * node's entries up to {@code mark.lastSeq()} and checkpoints up to {@code mark.lastCheckpoint()}, and the replay
     * guard's messageIds seen before {@code seenBefore}. Certificates stay. Refuses to remove the node's latest
     * checkpoint or to move the mark backwards.
     */
    void removeArchived(String node, ArchiveMark mark, String file, Instant seenBefore);

    /** The seq of the entry of a node's chain whose hash is {@code entryHash}, or -1: for naming a reordering. */
    long seqOfHash(String node, byte[] entryHash);

    @Override
    void close();
}
