package org.govbus.core.pipeline;

import java.util.List;
import org.govbus.core.adapter.AgencyTraffic;
import org.govbus.core.error.FaultCode;

/**
 * What comes back from the provider's queue: the canonical answer, or the fault the adapter reported, and what went
 * over the wire to the agency meanwhile, which the requester logs with the client's answer.
 */
public record ProviderReply(byte[] answer, FaultCode fault, String reason, List<AgencyTraffic.Exchange> traffic) {
    public static ProviderReply answer(byte[] canonical) { return new ProviderReply(canonical, null, null, List.of()); }

    public static ProviderReply fault(FaultCode code, String reason) { return new ProviderReply(null, code, reason, List.of()); }

    public ProviderReply withTraffic(List<AgencyTraffic.Exchange> exchanges) {
        return new ProviderReply(answer, fault, reason, List.copyOf(exchanges));
    }
}
