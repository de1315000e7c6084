package org.govbus.core.async;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.govbus.core.pipeline.WireReply;

/**
 * Where asynchronous requests wait for their answers and the answers for their clients. Every change is one
 * conditional update, so that of several nodes (or a retry racing the expiry sweep) exactly one moves a request out
 * of a state, and an ended request never changes again.
 */
public interface Mailbox {
    /** Records a request just accepted; a messageId already there is refused (the replay guard has let it through once). */
    void accept(Letter letter);

    Optional<Letter> find(UUID messageId);

    /** Marks try number {@code attempt} as begun; false when the request has already ended (do not deliver it). */
    boolean tried(UUID messageId, int attempt, Instant at);

    /** Ends the request with its answer or fault; false when it had ended already (this reply is not the client's). */
    boolean end(UUID messageId, DeliveryState state, String reason, WireReply reply, Instant at);

    /** Sends a dead-lettered request back to {@code ACCEPTED}, its reply and tries cleared; false when it was not dead-lettered. */
    boolean reopen(UUID messageId, Instant at);

    /** The client fetched the answer (the first time counts). */
    void fetched(UUID messageId, Instant at);

    /** Requests not ended whose time to live passed before {@code now}, oldest first, at most {@code max}. */
    List<Letter> overdue(Instant now, int max);

    /**
     * Removes ended requests fetched before {@code fetchedBefore}, or never fetched and ended before {@code endedBefore};
     * never a dead letter, which an operator may still redrive.
     */
    int purge(Instant fetchedBefore, Instant endedBefore);
}
