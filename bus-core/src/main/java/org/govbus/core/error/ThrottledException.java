package org.govbus.core.error;

/** {@link FaultCode#THROTTLED}, with the whole seconds after which the request could be admitted (the Retry-After). */
public final class ThrottledException extends BusException {
    private final long retryAfterSeconds;

    public ThrottledException(String reason, long retryAfterSeconds) {
        super(FaultCode.THROTTLED, reason);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() { return retryAfterSeconds; }
}
