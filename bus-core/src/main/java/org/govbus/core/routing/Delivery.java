package org.govbus.core.routing;

import java.time.Duration;

/**
 * How a service's requests are delivered. {@code sync}: the client waits on its connection for the answer (the
 * service's timeout). {@code async}: the request is queued persistently and acknowledged at once; the bus tries the
 * agency up to {@code maxAttempts} times, waiting {@code backoff} between tries that failed in a way a later try could
 * mend, and keeps the answer in the mailbox for the client to fetch; after {@code ttl} the request is never delivered.
 */
public record Delivery(Mode mode, Duration ttl, int maxAttempts, Backoff backoff) {
    public enum Mode { SYNC, ASYNC }

    public static final Delivery SYNC = new Delivery(Mode.SYNC, null, 1, null);
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public boolean async() { return mode == Mode.ASYNC; }

    /** The wait after a failed try: {@code initial}, times {@code multiplier} for each try after the first, at most {@code max}. */
    public record Backoff(Duration initial, double multiplier, Duration max) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(5));

        /** The wait after try number {@code attempt} (1 for the first) failed. */
        public Duration after(int attempt) {
            double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
            return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
        }
    }
}
