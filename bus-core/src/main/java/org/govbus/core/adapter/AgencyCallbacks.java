package org.govbus.core.adapter;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Messages an agency pushes to the bus later, after it took a call (a payment gateway's confirmation), handed to the
 * adapter call that waits for them. The bus receives them at {@code POST /api/v1/agencies/<provider>/callback}; the
 * provider's {@link Adapter#callback} checks each one and names the key it settles. One per providing system.
 * Nothing is kept for a key nobody waits for: an adapter that missed one asks its agency instead.
 */
public final class AgencyCallbacks {
    private final ConcurrentMap<String, CompletableFuture<byte[]>> waiting = new ConcurrentHashMap<>();

    /** Starts waiting for the message that settles {@code key}: call before the request that causes it, so none is missed. */
    public Expected expect(String key) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        waiting.put(key, f);
        return new Expected(key, f);
    }

    /** A message that settles {@code key}, checked by the adapter; false when no call waits for it. */
    public boolean deliver(String key, byte[] message) {
        CompletableFuture<byte[]> f = waiting.get(key);
        return f != null && f.complete(message);
    }

    /** One call's wait; closing it stops waiting. */
    public final class Expected implements AutoCloseable {
        private final String key;
        private final CompletableFuture<byte[]> message;

        private Expected(String key, CompletableFuture<byte[]> message) {
            this.key = key;
            this.message = message;
        }

        /**
         * The message, once it came within {@code timeout}; recorded into the running call's agency traffic (so the
         * message log holds it as the agency's answer, in {@code what}'s words).
         */
        public Optional<byte[]> await(Duration timeout, String what) {
            try {
                byte[] body = message.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
                AgencyTraffic.noted(what, body);
                return Optional.of(body);
            } catch (TimeoutException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() { waiting.remove(key, message); }
    }
}
