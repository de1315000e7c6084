package org.govbus.core.pipeline;

import java.util.List;

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

    private org.govbus.core.log.LogRecord logRecord;
    private List<org.govbus.core.adapter.AgencyTraffic.Exchange> agencyTraffic = List.of();
    private boolean replay;

    void markReplay() { this.replay = true; }

    private boolean retried;
    private boolean letterAccepted;
    private boolean acknowledged;

    void letterAccepted() { this.letterAccepted = true; }

    void acknowledged() { this.acknowledged = true; }

    /** An asynchronous request in the mailbox whose client has not been sent its receipt (yet, or ever: a fault came first). */
    boolean letterOpen() { return letterAccepted && !acknowledged; }

    void markRetried() { this.retried = true; }

    /** The one retry of a request whose node died before answering it, logged as {@code RETRIED_REQUEST}. */
    public boolean retried() { return retried; }

    /** A request re-sent by {@code govbus log replay} to a replay sandbox: neither the replay guard nor the skew applies. */
    public boolean replay() { return replay; }

    void agencyTraffic(List<org.govbus.core.adapter.AgencyTraffic.Exchange> traffic) { this.agencyTraffic = traffic; }

    /** What went to and came from the agency for this request, once its reply is back. */
    List<org.govbus.core.adapter.AgencyTraffic.Exchange> agencyTraffic() { return agencyTraffic; }

    /** The answer or fault for the client, once there is one. */
    public WireReply reply() { return reply; }

    void claimedMessageId(String id) { this.claimedMessageId = id; }

    void request(InboundRequest r) { this.request = r; }

    void route(ServiceRoute r) { this.route = r; }

    void markLogged(org.govbus.core.log.LogRecord record) {
        this.logged = true;
        this.logRecord = record;
    }

    /** What the log knows of this request since it was logged: its later hops are logged as the same message. */
    org.govbus.core.log.LogRecord logRecord() { return logRecord; }

    void dispatched() { this.dispatchedNanos = System.nanoTime(); }

    long dispatchedNanos() { return dispatchedNanos; }

    void reply(WireReply r) { this.reply = r; }
}
