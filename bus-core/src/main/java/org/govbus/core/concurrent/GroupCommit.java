package org.govbus.core.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Does costly work for many callers at once: whichever caller gets the lock does it for every job queued at
 * that moment (one signature, one database commit), and the others wait until their job is done or it is
 * their turn to take the lock. Nothing waits for a timer, so under light load a batch is one job.
 *
 * <p>Each waiting caller is woken on its own when its job is done, rather than all of them queueing for a
 * monitor only to find their work finished: with a monitor, callers leaving one at a time kept the next batch
 * small while newcomers took the lock.
 */
public final class GroupCommit<J extends GroupCommit.Job> {
    /** A safety net only: a waiter is woken when its job is done or the lock is free for it. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** One caller's part of a batch. The work may {@link #fail} it alone; otherwise it succeeds with its batch. */
    public abstract static class Job {
        final Thread owner = Thread.currentThread();
        volatile boolean done;
        // written by the committing thread before `done`, read by the owner after it: `done` orders them
        RuntimeException failure;

        /** Called by the work: this job fails with {@code e} while the rest of its batch goes on. */
        public final void fail(RuntimeException e) { failure = e; }

        public final RuntimeException failure() { return failure; }
    }

    /** The work for one batch, run with the lock held. If it throws, every job of the batch not failed yet fails. */
    @FunctionalInterface
    public interface Work<J> {
        void commit(List<J> batch);
    }

    /** Told of every batch, for metrics: how many jobs it held and how long its work took. */
    @FunctionalInterface
    public interface Observer {
        void batchDone(int size, long nanos);
    }

    private final ConcurrentLinkedQueue<J> queue = new ConcurrentLinkedQueue<>();
    private volatile Observer observer = (size, nanos) -> { };
    private final ReentrantLock lock = new ReentrantLock();
    private final int maxBatch;
    private final Work<J> work;

    public GroupCommit(int maxBatch, Work<J> work) {
        this.maxBatch = maxBatch;
        this.work = work;
    }

    /** Returns once the job is done, by this thread or another; throws the job's failure. */
    public void submit(J job) {
        if (job.owner != Thread.currentThread()) throw new IllegalArgumentException("a job is submitted by the thread that made it");
        queue.add(job);
        while (!job.done) {
            if (lock.tryLock()) {
                try {
                    commitQueued();
                } finally {
                    lock.unlock();
                }
                J next = queue.peek();
                if (next != null) LockSupport.unpark(next.owner); // the next batch has someone to do it
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        if (job.failure != null) throw job.failure;
    }

    /** Runs {@code action} holding the lock: jobs submitted meanwhile wait and then go in one batch. */
    public void exclusively(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
        J next = queue.peek();
        if (next != null) LockSupport.unpark(next.owner);
    }

    /** Reports each batch to {@code observer} from now on (one observer; a later call replaces it). */
    public void observe(Observer observer) { this.observer = observer; }

    /** How many jobs are waiting for a batch. */
    public int queued() { return queue.size(); }

    private void commitQueued() {
        List<J> batch = new ArrayList<>();
        for (J j; batch.size() < maxBatch && (j = queue.poll()) != null; ) batch.add(j);
        if (batch.isEmpty()) return;
        long started = System.nanoTime();
        try {
            work.commit(batch);
        } catch (Throwable t) {
            // an Error too: the batch's callers must hear of it, not wait for ever
            RuntimeException failure = t instanceof RuntimeException r ? r : new IllegalStateException(t.toString(), t);
            for (J j : batch) {
                if (j.failure == null) j.failure = failure;
            }
            // every caller, this one too, gets the failure through its own job: an Error thrown past the job would
            // leave the caller's own request without the ending its pipeline writes for a failure
            finish(batch);
            return;
        }
        finish(batch);
        try {
            observer.batchDone(batch.size(), System.nanoTime() - started);
        } catch (RuntimeException e) {
            // metrics must never fail work that is done
        }
    }

    private static void finish(List<? extends Job> batch) {
        for (Job j : batch) {
            j.done = true;
            if (j.owner != Thread.currentThread()) LockSupport.unpark(j.owner);
        }
    }
}
