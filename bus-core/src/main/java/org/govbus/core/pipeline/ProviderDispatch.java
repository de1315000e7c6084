package org.govbus.core.pipeline;

import java.time.Duration;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.adapter.AgencyTraffic;
import java.util.List;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's side of a request: calls the adapter within the request's deadline and turns whatever happens
 * into a {@link ProviderReply}. The adapter gets a little less time than the requester waits, so a slow agency ends
 * in a clean {@code Server.ProviderTimeout} from the adapter rather than a reply nobody waits for.
 */
public final class ProviderDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderDispatch.class);
    /** the least an adapter is given, however little is left */
    private static final long MIN_BUDGET_MS = 50;
    /** kept back for the reply's way back to the requester: a tenth of the timeout, at most this */
    private static final long MAX_MARGIN_MS = 250;

    private ProviderDispatch() {}

    public static ProviderReply call(Adapter adapter, ProviderRequest request, long nowEpochMillis) {
        long left = request.deadlineEpochMillis() - nowEpochMillis;
        if (left <= 0) {
            // waited on the queue past its deadline: the requester has given up, so the agency is not called
            LOG.warn("message {} expired on the queue; not sent to the provider", request.messageId());
            return ProviderReply.fault(FaultCode.PROVIDER_TIMEOUT, "the request waited on the provider queue past its deadline");
        }
        AdapterRequest call = new AdapterRequest(request.messageId(), request.service(), request.client(),
                request.userId(), request.purpose(), request.payload(), Duration.ofMillis(budget(left, request.timeoutMillis())));
        AgencyTraffic.Recorded<byte[]> done = AgencyTraffic.record(() -> adapter.call(call));
        List<AgencyTraffic.Exchange> traffic = done.exchanges().isEmpty() && done.failure() == null
                ? withoutHttp(adapter, request, done.value()) : done.exchanges();
        if (done.failure() == null) return ProviderReply.answer(done.value()).withTraffic(traffic);
        if (done.failure() instanceof BusException e) return ProviderReply.fault(e.code(), e.reason()).withTraffic(traffic);
        if (done.failure() instanceof org.govbus.core.adapter.NotDecidedYet u) return ProviderReply.undecided(u.answer()).withTraffic(traffic);
        LOG.error("adapter failed on message {}", request.messageId(), done.failure());
        return ProviderReply.fault(FaultCode.INTERNAL, "the adapter failed").withTraffic(traffic);
    }

    /**
     * An adapter that answered without HTTP (its agency is a database) has no bytes on a wire to show: the log then
     * holds what the adapter was given and what it gave back, named as such. One that failed without HTTP refused
     * the request itself or could not reach its database: its fault says which.
     */
    private static List<AgencyTraffic.Exchange> withoutHttp(Adapter adapter, ProviderRequest request, byte[] answer) {
        return List.of(new AgencyTraffic.Exchange("canonical request handed to adapter " + adapter.getClass().getSimpleName()
                + " (no HTTP exchange: its agency is reached otherwise)", request.payload(), 200, answer));
    }

    /** The adapter's time: what is left of the deadline, less a margin for the way back. */
    static long budget(long leftMillis, long timeoutMillis) {
        return Math.max(MIN_BUDGET_MS, Math.min(leftMillis, timeoutMillis) - Math.min(MAX_MARGIN_MS, timeoutMillis / 10));
    }
}
