package org.govbus.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    static final class Job extends GroupCommit.Job {
        final int n;
        Job(int n) { this.n = n; }
    }

    @Test
    void everyJobIsDoneExactlyOnceAndManyShareABatch() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        ConcurrentHashMap<Integer, Integer> seen = new ConcurrentHashMap<>();
        GroupCommit<Job> group = new GroupCommit<>(64, batch -> {
            batchSizes.add(batch.size());
            batch.forEach(j -> seen.merge(j.n, 1, Integer::sum));
            try {
                Thread.sleep(1); // a commit that takes time, as a signature or an fsync does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int threads = 8;
        int each = 200;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            workers.add(new Thread(() -> {
                for (int i = 0; i < each; i++) group.submit(new Job(base + i));
            }));
        }
        workers.forEach(Thread::start);
        Batches.joinAll(workers);
        assertThat(seen).hasSize(threads * each);
        assertThat(seen.values()).containsOnly(1);
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * each);
        assertThat(Collections.max(batchSizes)).isGreaterThan(1);
    }

    @Test
    void jobsWaitingTogetherGoInOneBatch() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        GroupCommit<Job> group = new GroupCommit<>(64, batch -> batchSizes.add(batch.size()));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            threads.add(new Thread(() -> group.submit(new Job(n))));
        }
        Batches.startTogether(group, threads);
        Batches.joinAll(threads);
        assertThat(batchSizes).containsExactly(5);
    }

    @Test
    void aJobFailedAloneFailsAloneAndAFailedBatchFailsEveryJobInIt() throws Exception {
        GroupCommit<Job> group = new GroupCommit<>(64, batch -> {
            for (Job j : batch) {
                if (j.n == 13) j.fail(new IllegalArgumentException("unlucky"));
            }
            if (batch.stream().anyMatch(j -> j.n < 0)) throw new IllegalStateException("the commit failed");
        });
        group.submit(new Job(1));
        assertThatThrownBy(() -> group.submit(new Job(13))).hasMessage("unlucky");

        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int n : new int[] {-1, 2, 3}) {
            threads.add(new Thread(() -> {
                try {
                    group.submit(new Job(n));
                } catch (IllegalStateException e) {
                    failed.incrementAndGet();
                }
            }));
        }
        Batches.startTogether(group, threads);
        Batches.joinAll(threads);
        assertThat(failed.get()).isEqualTo(3);
    }

    @Test
    void anErrorInTheWorkFailsTheOthersOfTheBatchInsteadOfLeavingThemWaiting() throws Exception {
        GroupCommit<Job> group = new GroupCommit<>(64, batch -> {
            throw new AssertionError("an Error, not an Exception");
        });
        List<Throwable> outcomes = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            threads.add(new Thread(() -> {
                try {
                    group.submit(new Job(n));
                } catch (Throwable t) {
                    outcomes.add(t);
                }
            }));
        }
        Batches.startTogether(group, threads);
        Batches.joinAll(threads);
        assertThat(threads).noneMatch(Thread::isAlive);
        assertThat(outcomes).hasSize(4);
    }
}
