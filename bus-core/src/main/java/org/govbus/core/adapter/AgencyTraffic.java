package org.govbus.core.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What went over the wire between an adapter and its agency during one call, for the message log: each request
 * exactly as sent (its method and URL, its body) and each answer exactly as received. {@link AgencyHttp} records
 * into the call that the provider's consumer thread is running (an adapter calls its agency on that thread and
 * waits), so adapters record without doing anything.
 */
public final class AgencyTraffic {
    /** One request to the agency and its answer; {@code received} is null when none came (refused, timed out). */
    public record Exchange(String request, byte[] sent, int status, byte[] received) {}

    /** The value a call returned, or the failure it threw, with what it exchanged meanwhile. */
    public record Recorded<T>(T value, RuntimeException failure, List<Exchange> exchanges) {}

    private static final ThreadLocal<List<Exchange>> CURRENT = new ThreadLocal<>();

    private AgencyTraffic() {}

    /** Runs {@code call} on this thread and returns what it returned or threw, and what it exchanged. */
    public static <T> Recorded<T> record(Supplier<T> call) {
        List<Exchange> mine = new ArrayList<>(2);
        List<Exchange> outer = CURRENT.get();
        CURRENT.set(mine);
        try {
            return new Recorded<>(call.get(), null, List.copyOf(mine));
        } catch (RuntimeException e) {
            return new Recorded<>(null, e, List.copyOf(mine));
        } finally {
            CURRENT.set(outer);
        }
    }

    /**
     * Records, into the call running on this thread, something the agency's call came to without a request of its own:
     * a confirmation the agency pushed to the bus ({@link AgencyCallbacks}), or an answer the bus kept and gave again.
     */
    public static void noted(String what, byte[] received) { exchanged(what, null, 200, received); }

    static void exchanged(String request, byte[] sent, int status, byte[] received) {
        List<Exchange> current = CURRENT.get();
        if (current != null) current.add(new Exchange(request, sent, status, received));
    }
}
