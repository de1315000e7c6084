package org.govbus.core.error;

/**
 * A failure that reaches the client as a typed fault. The reason is shown to the client, in the bus's own words: one
 * short sentence naming what was wrong, no library text, no secrets, no personal data. What a library said, when it
 * helps the operator, is the detail: it goes to the text log only.
 */
public class BusException extends RuntimeException {
    private final FaultCode code;
    private final String detail;

    public BusException(FaultCode code, String reason) {
        this(code, reason, null, null);
    }

    public BusException(FaultCode code, String reason, Throwable cause) {
        this(code, reason, null, cause);
    }

    /** @param detail for the operator's text log only, never sent; no payload values */
    public BusException(FaultCode code, String reason, String detail, Throwable cause) {
        super(reason, cause);
        this.code = code;
        this.detail = detail;
    }

    /** What the operator's log gets besides the reason; null when the reason says it all. */
    public String detail() { return detail; }

    public FaultCode code() { return code; }

    public String reason() { return getMessage(); }

    @Override
    public String toString() { return code.code() + ": " + getMessage(); }
}
