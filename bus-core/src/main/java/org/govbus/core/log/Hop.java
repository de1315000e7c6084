package org.govbus.core.log;

/** Where on its way through the bus a message was when it was logged. */
public enum Hop {
    /** the client's request as it arrived */
    CLIENT_REQUEST,
    /** a logged client request re-sent by {@code govbus log replay} to a node that is a replay sandbox */
    REPLAYED_REQUEST,
    /**
     * a client's request re-sent byte for byte after the node that logged it first died before answering it: taken
     * once more, once (see ReplayGuard)
     */
    RETRIED_REQUEST,
    /** what the bus sent the agency, in the agency's own protocol */
    AGENCY_REQUEST,
    /** what the agency answered, as it arrived */
    AGENCY_ANSWER,
    /** the sealed answer as the client was sent it */
    CLIENT_ANSWER,
    /** the fault the client was sent instead of an answer */
    FAULT,
    /** an asynchronous request's acknowledgement as the client was sent it: queued, the answer to be fetched later */
    ACCEPTED,
    /** an asynchronous request's delivery state changed (tried, answered, expired, dead-lettered, fetched): what and why */
    STATE;

    /**
     * Only a client's request is refused when its messageId was seen before; every other hop belongs to one, and a
     * replayed request is one seen before by definition (a sandbox takes it on purpose).
     */
    public boolean guardsReplay() { return this == CLIENT_REQUEST; }

    /** A client's request as the bus took it: the first time, retried after a node's death, or replayed in a sandbox. */
    public boolean isClientRequest() { return this == CLIENT_REQUEST || this == RETRIED_REQUEST || this == REPLAYED_REQUEST; }
}
