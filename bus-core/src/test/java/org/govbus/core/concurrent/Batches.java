package org.govbus.core.concurrent;

import java.util.List;

/** For tests that need several jobs in one batch. */
public final class Batches {
    private Batches() {}

    /** Starts the threads while the group's lock is held, and lets it go once all their jobs wait: they form one batch. */
    public static void startTogether(GroupCommit<?> group, List<Thread> threads) {
        group.exclusively(() -> {
            threads.forEach(Thread::start);
            while (group.queued() < threads.size()) Thread.onSpinWait();
        });
    }

    public static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) t.join(10_000);
    }
}
