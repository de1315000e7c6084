package org.govbus.core.pipeline;

import java.util.List;
import org.govbus.core.adapter.AgencyTraffic;
import org.govbus.core.error.FaultCode;

/**
 * What comes back from the provider's queue: the canonical answer, or the fault the adapter reported, and what went
 * over the wire to the agency meanwhile, which the requester logs with the client's answer. {@code undecided} marks an
 * answer saying the agency has the request but has not decided it ({@link org.govbus.core.adapter.NotDecidedYet}): a
 * synchronous client gets it as it is, an asynchronous delivery tries again later while it has tries and time left.
 */
public record ProviderReply(byte[] answer, FaultCode fault, String reason, List<AgencyTraffic.Exchange> traffic, boolean undecided) {
    public static ProviderReply answer(byte[] canonical) { return new ProviderReply(canonical, null, null, List.of(), false); }

    public static ProviderReply undecided(byte[] canonical) { return new ProviderReply(canonical, null, null, List.of(), true); }

    public static ProviderReply fault(FaultCode code, String reason) { return new ProviderReply(null, code, reason, List.of(), false); }

    public ProviderReply withTraffic(List<AgencyTraffic.Exchange> exchanges) {
        return new ProviderReply(answer, fault, reason, List.copyOf(exchanges), undecided);
    }
}
