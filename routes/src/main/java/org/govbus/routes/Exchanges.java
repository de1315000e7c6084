package org.govbus.routes;

/** Names of the one exchange property and of the JMS headers a request carries along the routes. */
final class Exchanges {
    /** the request's {@link org.govbus.core.pipeline.Transit}: all the state the pipeline's steps share */
    static final String TRANSIT = "govbusTransit";
    /** the provider's queue, for the dynamic JMS endpoint */
    static final String QUEUE = "govbusQueue";
    /** the service's timeout in ms: how long the request waits for its reply, and how long it may live on the queue */
    static final String TIMEOUT = "govbusTimeoutMs";

    static final String H_MESSAGE_ID = "GovBusMessageId";
    static final String H_SERVICE = "GovBusService";
    static final String H_CLIENT = "GovBusClient";
    static final String H_USER_ID = "GovBusUserId";
    static final String H_PURPOSE = "GovBusPurpose";
    static final String H_TIMEOUT_MS = "GovBusTimeoutMs";
    /** epoch milliseconds after which nobody waits for the answer any more */
    static final String H_DEADLINE = "GovBusDeadline";
    /** set on a reply from a provider queue when the adapter failed: the taxonomy code; the body is the reason */
    static final String H_FAULT = "GovBusFault";
    /** how many agency exchanges are framed ahead of a reply's body (see ProviderMessages) */
    static final String H_TRAFFIC = "GovBusAgencyTraffic";

    // an asynchronous request's own headers (see AsyncMessages)
    static final String H_CORRELATION_ID = "GovBusCorrelationId";
    static final String H_FORMAT = "GovBusFormat";
    static final String H_REQUEST_HASH = "GovBusRequestHash";
    static final String H_SUBJECT = "GovBusSubject";
    static final String H_ROUTING_VERSION = "GovBusRoutingVersion";
    /** epoch milliseconds at which the request's time to live ends */
    static final String H_EXPIRES = "GovBusExpires";
    /** the number of the try this message is for, 1 for the first */
    static final String H_ATTEMPT = "GovBusAttempt";
    /** after a try: retry, dead (to the dead-letter queue) or done */
    static final String H_NEXT = "GovBusNext";
    /** after a try that asks for another: the wait before it, in ms (the JMS delivery delay) */
    static final String H_DELAY = "GovBusDelayMs";
    /** after a try: whether it ended the request, so that its reply is new (and pushed to a callback URL) */
    static final String H_ENDED_NOW = "GovBusEndedNow";
    /** the queue of replies to push to clients' callback URLs */
    static final String CALLBACK_QUEUE = "govbus.callbacks";
    /** on a dead letter: why every try failed */
    static final String H_DEAD_REASON = "GovBusDeadReason";
    /** on a request sent back from the dead-letter queue: by whom and when (`govbus dlq redrive`) */
    static final String H_REDRIVEN = "GovBusRedriven";
    /** the queue every dead letter goes to; `govbus dlq` reads and redrives it */
    static final String DEAD_LETTER_QUEUE = "govbus.dlq";

    private Exchanges() {}
}
