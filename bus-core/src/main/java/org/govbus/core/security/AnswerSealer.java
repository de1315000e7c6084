package org.govbus.core.security;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.govbus.core.concurrent.GroupCommit;

/**
 * Seals the bus's answers in batches, whatever their wire format: one signature, the dominant cost of an answer,
 * over the root of a hash tree of every answer waiting at that moment ({@link GroupCommit}), so under low load a
 * batch is one answer and nothing waits for a timer, and under high load one signature serves many answers.
 *
 * <p>SOAP and JSON answers share batches: each format brings its own {@link BatchSigner} (a WS-Security signature
 * over a {@code gb:signedBatch} block, a JWS over {@code {"root", "size"}}), called once per batch for the formats
 * present in it; every answer then gets its format's signature of the root and its own path to it.
 */
public final class AnswerSealer {
    /** A bound on one batch, so a proof stays short (log2 of it) and one signer does not work for ever. */
    static final int MAX_BATCH = 256;

    /** Signs the root of a batch in one wire format; the result is shared by every answer of that format in the batch. */
    @FunctionalInterface
    public interface BatchSigner<S> {
        S sign(byte[] root, int size);
    }

    /**
     * Puts a batch's signature and an answer's proof into that answer. Called by the thread that signed the batch,
     * one answer after another, so a signature held in a DOM is never read by two threads at once.
     */
    @FunctionalInterface
    public interface SealWriter<S> {
        void write(S batchSignature, List<HashTree.Step> proof);
    }

    private final GroupCommit<Pending<?>> batches;

    public AnswerSealer() {
        this.batches = new GroupCommit<>(MAX_BATCH, this::signBatch);
    }

    /** The batching of this sealer: for tests that need answers to wait together, and for metrics. */
    public GroupCommit<Pending<?>> batches() { return batches; }

    /** An answer waiting for its batch. */
    public static final class Pending<S> extends GroupCommit.Job {
        final byte[] leaf;
        final BatchSigner<S> signer;
        final SealWriter<S> writer;

        Pending(byte[] leaf, BatchSigner<S> signer, SealWriter<S> writer) {
            this.leaf = leaf;
            this.signer = signer;
            this.writer = writer;
        }

        @SuppressWarnings("unchecked")
        void write(Object signature, List<HashTree.Step> proof) { writer.write((S) signature, proof); }
    }

    /**
     * Seals one answer whose leaf is {@code leaf} (see {@link HashTree#leaf}); returns once the batch it joined is
     * signed and {@code writer} has put the seal into the answer.
     */
    public <S> void seal(byte[] leaf, BatchSigner<S> signer, SealWriter<S> writer) {
        batches.submit(new Pending<>(leaf, signer, writer));
    }

    /**
     * One tree for the batch, one signature per wire format in it; then each answer gets its seal and its own proof.
     * A format whose signing fails fails its own answers only: the other format's answers of the batch are sealed.
     */
    private void signBatch(List<Pending<?>> batch) {
        List<byte[]> leaves = new ArrayList<>(batch.size());
        for (Pending<?> p : batch) leaves.add(p.leaf);
        HashTree.Tree tree = HashTree.of(leaves);
        Map<BatchSigner<?>, Object> signatures = new IdentityHashMap<>(2);
        Map<BatchSigner<?>, RuntimeException> failures = new IdentityHashMap<>(2);
        for (int i = 0; i < batch.size(); i++) {
            Pending<?> p = batch.get(i);
            if (!signatures.containsKey(p.signer) && !failures.containsKey(p.signer)) {
                try {
                    signatures.put(p.signer, p.signer.sign(tree.root(), batch.size()));
                } catch (RuntimeException e) {
                    failures.put(p.signer, e);
                }
            }
            RuntimeException failed = failures.get(p.signer);
            if (failed != null) {
                p.fail(failed);
                continue;
            }
            try {
                p.write(signatures.get(p.signer), tree.paths().get(i));
            } catch (RuntimeException e) {
                p.fail(e);
            }
        }
    }
}
