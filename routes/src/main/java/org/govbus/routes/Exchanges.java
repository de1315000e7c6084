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

    private Exchanges() {}
}
