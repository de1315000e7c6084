package org.govbus.core.pipeline;

import java.time.Instant;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogRecord;
import org.govbus.core.routing.Delivery;

/**
 * An asynchronous request on its provider's queue: the provider request, and what the bus needs to seal and log its
 * answer long after the client's connection closed (the format the client wants, the hash its answer must name, the
 * log's view of the request), with its time to live and its delivery policy.
 */
public record AsyncRequest(ProviderRequest request, String correlationId, String format, byte[] requestHash,
                           String subject, String routingVersion, Instant expiresAt, Delivery delivery) {

    /** The header of its answer. */
    BusHeader answerHeader(Instant at) {
        return new BusHeader(request.messageId(), correlationId, request.client(), request.service(), request.userId(), request.purpose(), at);
    }

    /** The log's record of the request, for the hops that follow it (its payload and signer stay with the request's entry). */
    LogRecord logRecord() {
        return new LogRecord(request.messageId(), Hop.CLIENT_REQUEST, request.service().toString(), request.client().toString(),
                request.userId(), request.purpose(), subject, routingVersion, null, null, new byte[0]);
    }

    /** The same request for try number {@code attempt}, starting {@code now}: it gets the service's timeout again. */
    ProviderRequest attempt(long nowEpochMillis) {
        ProviderRequest r = request;
        return new ProviderRequest(r.messageId(), r.service(), r.client(), r.userId(), r.purpose(), r.payload(), r.timeoutMillis(),
                nowEpochMillis + r.timeoutMillis());
    }
}
