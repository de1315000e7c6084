package org.govbus.app;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Keeps the node's embedded H2 file compact in small, even steps instead of H2's own housekeeping. H2 rewrites
 * half-empty chunks from its background writer, and when the database goes idle it rewrites and moves up to eight
 * times its commit buffer (19 MB under a 512 MB heap) at once under the store's lock: measured in the bench, the
 * first commits after a quiet spell waited 0.3–0.4 s on it, and its write buffers of many megabytes were the heap's
 * only humongous objects. Switched off ({@link #URL_OPTIONS}) the file grew to five times the bytes logged,
 * for nothing rewrote the chunks that a few live pages keep alive. So the node rewrites them itself: every
 * {@link #EVERY}, while the chunks old enough to rewrite are under {@link #TARGET_FILL_RATE} % full, H2 picks those of
 * them under that fill rate (emptiest and oldest first) until their live pages reach about {@link #STEP_BYTES} by its
 * estimate and marks those pages ({@link H2Chunks}); the next commit writes them, and the step commits and fsyncs what
 * is left; the chunks they leave are freed as H2 frees any dead chunk. Busy or idle alike, a step holds the store's
 * lock for milliseconds ({@code govbus_db_compaction_step_seconds}), not the idle rewrite's hundreds. What H2's housekeeping also did and
 * this does not: move chunks towards the start of the file to shrink it, at run time and at close. The file keeps its
 * largest size after a burst (its free space reused) until the chunks at its end die.
 */
final class H2Compaction implements AutoCloseable {
    /**
     * What the node opens its embedded database with: H2's own compaction off, and pages split at 4 KB instead of
     * 16 KB. Every commit rewrites the last leaf page of the log's chain (and of the other tables it adds to); smaller
     * pages make that rewrite, and the dead space it leaves behind, a quarter as big. Measured in isolation (the
     * message log's four hops of a request, 4 and 6 KB, at 400 requests/s for 150 s): the file at 2.52 times the bytes
     * logged with H2's housekeeping, 2.19 with steps, 1.77 with steps and 4 KB pages, and the CPU per request no higher
     * (steps of the public {@code MVStore.compact}, this class's first form; see {@link H2Chunks}).
     */
    static final String URL_OPTIONS = ";AUTO_COMPACT_FILL_RATE=0;PAGE_SIZE=4096";
    static final int TARGET_FILL_RATE = 80;
    static final int STEP_BYTES = 1 << 20;
    static final Duration EVERY = Duration.ofMillis(100);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(H2Compaction.class);

    private final MVStore store;
    private final java.util.concurrent.atomic.LongAdder rewrites = new java.util.concurrent.atomic.LongAdder();
    private volatile java.util.function.LongConsumer stepTimes = nanos -> { };
    private final ScheduledExecutorService steps = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "govbus-db-compaction");
        t.setDaemon(true);
        return t;
    });

    /** Compacts the embedded database behind {@code db} when told to ({@link #step}); its connections must be H2's own, in this JVM. */
    H2Compaction(DataSource db) {
        this.store = storeOf(db);
        H2Chunks.rewritableFillRate(store); // an H2 without what a step needs fails the start here, not a step later
    }

    /** Starts compacting the embedded database behind {@code db}, a step every {@link #EVERY}. */
    static H2Compaction start(DataSource db) {
        H2Compaction compaction = new H2Compaction(db);
        compaction.steps.scheduleWithFixedDelay(compaction::stepQuietly, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return compaction;
    }

    static MVStore storeOf(DataSource db) {
        try (Connection c = db.getConnection()) {
            if (!(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) {
                throw new IllegalArgumentException("not an embedded H2 database: its store is in another process");
            }
            return local.getDatabase().getStore().getMvStore();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the embedded database's store: " + e.getMessage(), e);
        }
    }

    /**
     * One step: while the chunks old enough to rewrite are under {@link #TARGET_FILL_RATE} % full on the whole, moves
     * about {@link #STEP_BYTES} of live pages of those under that fill rate into a new chunk, committed and fsynced by
     * the time the step ends; true if it rewrote any.
     */
    boolean step() {
        if (store.isClosed()) return false;
        boolean rewrote = false;
        if (H2Chunks.rewritableFillRate(store) < TARGET_FILL_RATE) {
            rewrote = H2Chunks.rewrite(store, STEP_BYTES, TARGET_FILL_RATE, stepTimes);
            if (rewrote) {
                // Under load the first commit after the rewrite, a request's queued on H2's fair store lock, writes the
                // moved pages; the step commits what is left (all of it when the node is idle, where H2's background
                // writer would write it without an fsync) and fsyncs: the chunks it emptied are past the retention time
                // and may be written over at the next commits, so the chunk now holding their pages must be on the disk
                store.commit();
                store.sync();
            }
        }
        return rewrote;
    }

    /** Told how long each step that rewrote, or looked for chunks to, held the store's lock, in nanoseconds: for metrics. */
    void observe(java.util.function.LongConsumer stepNanos) { this.stepTimes = stepNanos; }

    /** Scheduled steps that rewrote chunks since the start. */
    long rewrites() { return rewrites.sum(); }

    /** How full the file's chunks are with live pages, in per cent. */
    int chunksFillRate() {
        return store.getFileStore().getChunksFillRate();
    }

    private void stepQuietly() {
        try {
            if (store.isClosed()) {
                // H2 closes its store itself only when it fails (a panic); the node is told that by its next commit
                LOG.warn("the embedded database's store closed under its compaction, which stops");
                steps.shutdown();
                return;
            }
            if (step()) rewrites.increment();
        } catch (Throwable e) {
            // thrown out of a scheduled task, it would end the steps unseen and the file would grow five-fold: told,
            // and the next step tries again
            if (!store.isClosed()) LOG.warn("compacting the embedded database failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        steps.shutdown();
        try {
            if (!steps.awaitTermination(10, TimeUnit.SECONDS)) LOG.warn("a compaction step of the embedded database did not end in 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
