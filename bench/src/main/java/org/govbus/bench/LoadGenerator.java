package org.govbus.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Drives a call with pre-made inputs: closed loop (C clients, each sends when it has its answer) or open loop (a fixed rate). */
final class LoadGenerator {
    /** One round trip; throws when it failed. */
    interface Call<T> {
        void run(T input) throws Exception;
    }

    record Result(String name, long count, long errors, long elapsedNanos, Histogram latencyNanos, boolean ranOutOfInputs) {
        double rps() { return count * 1e9 / elapsedNanos; }

        double ms(double percentile) { return latencyNanos.getValueAtPercentile(percentile) / 1e6; }

        double maxMs() { return latencyNanos.getMaxValue() / 1e6; }
    }

    private LoadGenerator() {}

    /** {@code concurrency} clients send back to back for {@code duration}; latency is send to verified answer. */
    static <T> Result closedLoop(String name, List<T> inputs, int concurrency, Duration duration, Call<T> call,
                                 Consumer<String> progress) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Recorder recorder = new Recorder(3);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    int i = next.getAndIncrement();
                    if (i >= inputs.size()) return;
                    long t0 = System.nanoTime();
                    try {
                        call.run(inputs.get(i));
                        recorder.recordValue(System.nanoTime() - t0);
                        done.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError(name, e);
                    }
                }
            }, name + "-client-" + c);
            t.start();
            clients.add(t);
        }
        watch(name, clients, start, duration, done, errors, progress);
        long elapsed = Math.min(System.nanoTime(), end) - start;
        return new Result(name, done.get(), errors.get(), elapsed, recorder.getIntervalHistogram(), next.get() >= inputs.size());
    }

    /**
     * Sends at a fixed rate whatever the answers do; latency counts from when each request was due, so a
     * stall is charged to every request it delayed (no coordinated omission).
     */
    static <T> Result openLoop(String name, List<T> inputs, int ratePerSecond, Duration duration, Call<T> call,
                               Consumer<String> progress) throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(128, r -> {
            Thread t = new Thread(r, name + "-sender");
            t.setDaemon(true);
            return t;
        });
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Recorder recorder = new Recorder(3);
        long interval = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime() + 10_000_000L;
        long end = start + duration.toNanos();
        Thread pacer = new Thread(() -> {
            for (int i = 0; i < inputs.size(); i++) {
                long due = start + i * interval;
                if (due >= end) return;
                long wait = due - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                T input = inputs.get(i);
                senders.execute(() -> {
                    try {
                        call.run(input);
                        recorder.recordValue(System.nanoTime() - due);
                        done.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError(name, e);
                    }
                });
            }
        }, name + "-pacer");
        pacer.start();
        watch(name, List.of(pacer), start, duration, done, errors, progress);
        senders.shutdown();
        if (!senders.awaitTermination(60, TimeUnit.SECONDS)) senders.shutdownNow();
        long elapsed = System.nanoTime() - start;
        return new Result(name, done.get(), errors.get(), elapsed, recorder.getIntervalHistogram(), false);
    }

    private static void watch(String name, List<Thread> workers, long start, Duration duration, AtomicLong done,
                              AtomicLong errors, Consumer<String> progress) throws InterruptedException {
        long last = 0;
        long lastAt = start;
        while (workers.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(1000);
            long now = System.nanoTime();
            long d = done.get();
            progress.accept(String.format("%-18s %5.1f/%d s  %8d done  %7.0f/s now  %d errors", name,
                    Math.min((now - start) / 1e9, duration.toSeconds()), duration.toSeconds(), d,
                    (d - last) * 1e9 / Math.max(1, now - lastAt), errors.get()));
            last = d;
            lastAt = now;
        }
    }

    private static final java.util.Set<String> REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void firstError(String name, Exception e) {
        if (REPORTED.add(name)) System.err.println("  first error in " + name + ": " + e);
    }
}
