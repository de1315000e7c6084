package org.govbus.core.pipeline;

import org.govbus.core.error.FaultCode;

/** How a request ended: answered, or the fault its client got (its reason, and the detail for the operator's log only). */
public record Outcome(FaultCode fault, String reason, String detail) {
    public static final Outcome ANSWERED = new Outcome(null, null, null);

    public boolean answered() { return fault == null; }

    /** {@code OK} or the taxonomy code. */
    public String code() { return fault == null ? "OK" : fault.code(); }
}
