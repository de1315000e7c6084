package org.govbus.core.pipeline;

import org.govbus.core.routing.ServiceRoute;

/** One request's way through the {@link Pipeline}: what each step found, for the steps after it. */
public final class Transit {
    private final Codec codec;
    private final long startedNanos = System.nanoTime();
    private String claimedMessageId;
    private InboundRequest request;
    private ServiceRoute route;
    private boolean logged;
    private long dispatchedNanos;
    private WireReply reply;

    Transit(Codec codec) { this.codec = codec; }

    public Codec codec() { return codec; }

    public long startedNanos() { return startedNanos; }

    /** The messageId the client claimed, readable before anything is verified: faults name it. Null until known. */
    public String claimedMessageId() { return claimedMessageId; }

    /** The request once read; null before. */
    public InboundRequest request() { return request; }

    /** The routing-table entry once authorized; null before. */
    public ServiceRoute route() { return route; }

    /** True once the request is in the message log: from then on its answer, fault or not, is logged too. */
    public boolean logged() { return logged; }

    /** The answer or fault for the client, once there is one. */
    public WireReply reply() { return reply; }

    void claimedMessageId(String id) { this.claimedMessageId = id; }

    void request(InboundRequest r) { this.request = r; }

    void route(ServiceRoute r) { this.route = r; }

    void markLogged() { this.logged = true; }

    void dispatched() { this.dispatchedNanos = System.nanoTime(); }

    long dispatchedNanos() { return dispatchedNanos; }

    void reply(WireReply r) { this.reply = r; }
}
