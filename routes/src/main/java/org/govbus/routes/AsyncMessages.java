package org.govbus.routes;

import java.time.Instant;
import org.apache.camel.Message;
import org.govbus.core.pipeline.AsyncDelivery;
import org.govbus.core.pipeline.AsyncRequest;
import org.govbus.core.routing.Delivery;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.security.Digests;

/**
 * How an {@link AsyncRequest} travels as a persistent JMS message: the provider request's headers and body as for a
 * synchronous one, plus what sealing and logging its answer needs and the number of the try it is for. Its delivery
 * policy is read from the routing table at each try, so a changed table applies to requests already queued.
 */
final class AsyncMessages {
    private AsyncMessages() {}

    static void write(AsyncRequest r, Message m) {
        ProviderMessages.write(r.request(), m);
        m.removeHeader("CamelJmsRequestTimeout");
        m.setHeader(Exchanges.H_CORRELATION_ID, r.correlationId());
        m.setHeader(Exchanges.H_FORMAT, r.format());
        m.setHeader(Exchanges.H_REQUEST_HASH, Digests.hex(r.requestHash()));
        m.setHeader(Exchanges.H_SUBJECT, r.subject());
        m.setHeader(Exchanges.H_ROUTING_VERSION, r.routingVersion());
        m.setHeader(Exchanges.H_EXPIRES, r.expiresAt().toEpochMilli());
        m.setHeader(Exchanges.H_ATTEMPT, 1);
    }

    static AsyncRequest read(Message m, RoutingTable routing) {
        var request = ProviderMessages.readRequest(m);
        Delivery delivery = routing.find(request.service()).map(s -> s.delivery()).filter(Delivery::async)
                .orElse(new Delivery(Delivery.Mode.ASYNC, Delivery.DEFAULT_TTL, 1, Delivery.Backoff.DEFAULT));
        return new AsyncRequest(request, m.getHeader(Exchanges.H_CORRELATION_ID, String.class), m.getHeader(Exchanges.H_FORMAT, String.class),
                Digests.unhex(m.getHeader(Exchanges.H_REQUEST_HASH, String.class)), m.getHeader(Exchanges.H_SUBJECT, String.class),
                m.getHeader(Exchanges.H_ROUTING_VERSION, String.class), Instant.ofEpochMilli(m.getHeader(Exchanges.H_EXPIRES, Long.class)), delivery);
    }

    static int attempt(Message m) {
        Integer attempt = m.getHeader(Exchanges.H_ATTEMPT, Integer.class);
        return attempt == null ? 1 : attempt;
    }

    /** Marks the message with what follows the try: the route queues it again, dead-letters it, or lets it go. */
    static void next(AsyncDelivery.Next next, Message m) {
        if (next instanceof AsyncDelivery.Next.Retry retry) {
            m.setHeader(Exchanges.H_NEXT, "retry");
            m.setHeader(Exchanges.H_ATTEMPT, retry.nextAttempt());
            m.setHeader(Exchanges.H_DELAY, retry.delay().toMillis());
            m.setHeader(Exchanges.H_ENDED_NOW, false);
        } else if (next instanceof AsyncDelivery.Next.DeadLetter dead) {
            m.setHeader(Exchanges.H_NEXT, "dead");
            m.setHeader(Exchanges.H_DEAD_REASON, dead.reason());
            m.setHeader(Exchanges.H_ENDED_NOW, true);
        } else {
            m.setHeader(Exchanges.H_NEXT, "done");
            m.setHeader(Exchanges.H_ENDED_NOW, ((AsyncDelivery.Next.Done) next).endedNow());
        }
    }
}
