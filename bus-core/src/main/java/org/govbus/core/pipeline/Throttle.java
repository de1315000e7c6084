package org.govbus.core.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.govbus.core.error.ThrottledException;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.routing.Quota;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.routing.ServiceRoute;

/**
 * Holds each client system to its quotas from the routing table: its own over all services and, where one is set, its
 * quota on a service. Charged once the signature has named the client (a forged name must not use up another
 * system's quota) and before anything is logged or queued; while a client is over its quota, its requests are refused
 * before their signature is even checked ({@link #refuseEarly}). A client over its quota so costs the bus a parse per
 * request and takes nothing from the others' share of the log, the broker or the agencies.
 */
final class Throttle {
    private final RoutingTable routing;
    private final Map<SystemId, Bucket> clients = new ConcurrentHashMap<>();
    private final Map<ServiceClient, Bucket> onServices = new ConcurrentHashMap<>();

    private record ServiceClient(ServiceId service, SystemId client) {}

    Throttle(RoutingTable routing) {
        this.routing = routing;
    }

    /**
     * Before the signature is checked: refuses a request whose claimed client has no request left in a quota now,
     * without taking anything. Verifying a signature is the costliest step a throttled request would otherwise still
     * cost. A forged name gains nothing: it is refused only when the named client is over its quota already, and it
     * takes nothing from it when the client is not.
     */
    void refuseEarly(SystemId claimedClient, ServiceId claimedService) {
        long now = System.nanoTime();
        refuseIfEmpty(clients.get(claimedClient), now, claimedClient, null);
        refuseIfEmpty(onServices.get(new ServiceClient(claimedService, claimedClient)), now, claimedClient, claimedService);
    }

    /**
     * Takes one request from {@code client}'s quotas, or refuses it with {@code Client.Throttled}; a refused request
     * takes from neither quota.
     */
    void admit(SystemId client, ServiceRoute route) {
        long now = System.nanoTime();
        Quota serviceQuota = route.quotas().get(client);
        Quota overallQuota = routing.quotaOf(client).orElse(null);
        Bucket onService = serviceQuota == null ? null
                : onServices.computeIfAbsent(new ServiceClient(route.service(), client), k -> new Bucket(serviceQuota, now));
        Bucket overall = overallQuota == null ? null : clients.computeIfAbsent(client, k -> new Bucket(overallQuota, now));
        refuseIfEmpty(onService, now, client, route.service());
        refuseIfEmpty(overall, now, client, null);
        take(onService, now, client, route.service());
        take(overall, now, client, null);
    }

    /** @param service the service the bucket is for; null for the client's quota over all services */
    private static void refuseIfEmpty(Bucket bucket, long now, SystemId client, ServiceId service) {
        if (bucket == null) return;
        long wait = bucket.waitNanos(now);
        if (wait > 0) throw throttled(bucket, client, service, wait);
    }

    private static void take(Bucket bucket, long now, SystemId client, ServiceId service) {
        if (bucket == null) return;
        long wait = bucket.take(now);
        if (wait > 0) throw throttled(bucket, client, service, wait);
    }

    /** The refusal, its text made only when a request is refused. */
    private static ThrottledException throttled(Bucket bucket, SystemId client, ServiceId service, long waitNanos) {
        return throttled(client + " is over its quota of " + rate(bucket.quota) + " requests a second"
                + (service == null ? "" : " on " + service), waitNanos);
    }

    private static ThrottledException throttled(String reason, long waitNanos) {
        return new ThrottledException(reason, Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1)));
    }

    private static String rate(Quota q) {
        return q.perSecond() == Math.rint(q.perSecond()) ? String.valueOf((long) q.perSecond()) : String.valueOf(q.perSecond());
    }

    /** A token bucket: refilled at the quota's rate up to its burst; a request takes one token. */
    private static final class Bucket {
        final Quota quota;
        private final double tokensPerNano;
        private final double burst;
        private double tokens;
        private long refilledAt;

        Bucket(Quota quota, long now) {
            this.quota = quota;
            this.tokensPerNano = quota.perSecond() / TimeUnit.SECONDS.toNanos(1);
            this.burst = quota.burst();
            this.tokens = burst;
            this.refilledAt = now;
        }

        /** 0 when a token was taken; otherwise the nanoseconds until one will be there. */
        synchronized long take(long now) {
            long wait = waitNanos(now);
            if (wait == 0) tokens -= 1;
            return wait;
        }

        /** 0 when a token is there now; otherwise the nanoseconds until one will be. */
        synchronized long waitNanos(long now) {
            // a thread may bring a 'now' older than the last refill: time never runs back for the bucket
            if (now > refilledAt) {
                tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
                refilledAt = now;
            }
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
        }
    }
}
