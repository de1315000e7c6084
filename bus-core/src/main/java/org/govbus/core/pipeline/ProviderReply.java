package org.govbus.core.pipeline;

import org.govbus.core.error.FaultCode;

/** What comes back from the provider's queue: the canonical answer, or the fault the adapter reported. */
public record ProviderReply(byte[] answer, FaultCode fault, String reason) {
    public static ProviderReply answer(byte[] canonical) { return new ProviderReply(canonical, null, null); }

    public static ProviderReply fault(FaultCode code, String reason) { return new ProviderReply(null, code, reason); }
}
