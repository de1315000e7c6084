package org.govbus.core.log;

import java.time.Instant;

/**
 * The seqs of a node's chain logged inside a time window, found by binary search over seq: entries are chained in the
 * order they are logged and a commit's entries share its time, so time does not go down along seq (a wall clock set
 * back could bend that; the window is then approximate at that spot, never the chain's verification).
 */
final class SeqByTime {
    /** The first entry at or after {@code seq} and its time; null when there is none. */
    interface Probe {
        Entry atOrAfter(long seq);
    }

    record Entry(long seq, Instant at) {}

    private SeqByTime() {}

    /** [first, last] logged inside [from, to] among entries {@code min..max}; null when none is. */
    static long[] range(Probe probe, long min, long max, Instant from, Instant to) {
        long first = firstAtOrAfter(probe, min, max, from);
        if (first < 0) return null;
        long afterLast = firstAtOrAfter(probe, first, max, to.plusNanos(1));
        long last = afterLast < 0 ? max : afterLast - 1;
        // the entry at or before `last` that exists (seqs may be missing: verify reports that)
        Entry e = probe.atOrAfter(first);
        if (e == null || e.at().isAfter(to) || last < first) return null;
        return new long[] {first, last};
    }

    /** The least seq in {@code lo..hi} whose entry was logged at or after {@code t}; -1 when none. */
    private static long firstAtOrAfter(Probe probe, long lo, long hi, Instant t) {
        long answer = -1;
        while (lo <= hi) {
            long mid = lo + (hi - lo) / 2;
            Entry e = probe.atOrAfter(mid);
            if (e == null || e.seq() > hi) {
                hi = mid - 1;
            } else if (!e.at().isBefore(t)) {
                answer = e.seq();
                hi = mid - 1;
            } else {
                lo = e.seq() + 1;
            }
        }
        return answer;
    }
}
