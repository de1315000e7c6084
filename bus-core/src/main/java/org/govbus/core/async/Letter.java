package org.govbus.core.async;

import java.time.Instant;
import java.util.UUID;
import org.govbus.core.pipeline.WireReply;

/**
 * One asynchronous request in the {@link Mailbox}: whose it is, in which format its client wants the answer, how far
 * its delivery got, and, once it ended, the sealed answer or the fault (null before).
 */
public record Letter(UUID messageId, String client, String service, String format, DeliveryState state, int attempts,
                     Instant acceptedAt, Instant expiresAt, Instant updatedAt, String reason, WireReply reply, Instant fetchedAt) {

    /** A request just accepted. */
    public static Letter accepted(UUID messageId, String client, String service, String format, Instant at, Instant expiresAt) {
        return new Letter(messageId, client, service, format, DeliveryState.ACCEPTED, 0, at, expiresAt, at, null, null, null);
    }
}
