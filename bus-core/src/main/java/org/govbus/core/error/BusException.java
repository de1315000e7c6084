package org.govbus.core.error;

/** A failure that reaches the client as a typed fault. The reason is shown to the client: no secrets, no personal data. */
public class BusException extends RuntimeException {
    private final FaultCode code;

    public BusException(FaultCode code, String reason) {
        super(reason);
        this.code = code;
    }

    public BusException(FaultCode code, String reason, Throwable cause) {
        super(reason, cause);
        this.code = code;
    }

    public FaultCode code() { return code; }

    public String reason() { return getMessage(); }

    @Override
    public String toString() { return code.code() + ": " + getMessage(); }
}
