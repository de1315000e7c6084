package org.govbus.core.error;

/**
 * The one fault taxonomy of the bus. Codes follow SOAP 1.1's dotted convention ({@code Client.*} is the
 * sender's fault and must not be retried unchanged; {@code Server.*} is ours or the provider's), so the
 * same code is the SOAP faultcode and the {@code code} member of a problem+json.
 */
public enum FaultCode {
    INVALID_MESSAGE("Client.InvalidMessage", 400, "The message is malformed, too large or does not match its schema"),
    BAD_SIGNATURE("Client.BadSignature", 401, "The message is unsigned, its signature does not verify or does not cover what the bus reads"),
    UNTRUSTED_CERTIFICATE("Client.UntrustedCertificate", 401, "The signing certificate is not valid now or does not chain to a trust anchor"),
    REPLAY("Client.Replay", 409, "This messageId was already received"),
    STALE_TIMESTAMP("Client.StaleTimestamp", 401, "The message timestamp is outside the allowed clock skew"),
    UNKNOWN_SERVICE("Client.UnknownService", 404, "No such service in the routing table"),
    UNKNOWN_MESSAGE("Client.UnknownMessage", 404, "No answer for this messageId is kept for this client"),
    IDEMPOTENCY_CONFLICT("Client.IdempotencyConflict", 409, "This idempotency key (a payment reference, an end-to-end id) was used for a request with other content"),
    EXPIRED("Client.Expired", 410, "The request's time to live passed before it was answered; it is not tried again"),
    METHOD_NOT_ALLOWED("Client.MethodNotAllowed", 405, "This path does not serve this HTTP method"),
    UNSUPPORTED_MEDIA_TYPE("Client.UnsupportedMediaType", 415, "This path does not take this content type"),
    THROTTLED("Client.Throttled", 429, "The client system is over its request quota; retry after the time given"),
    ACCESS_DENIED("Client.AccessDenied", 403, "The client system may not call this service, or signed as another system"),
    PROVIDER_UNAVAILABLE("Server.ProviderUnavailable", 502, "The providing agency could not be reached or reported a failure of its own"),
    PROVIDER_ERROR("Server.ProviderError", 502, "The providing agency answered something the bus cannot read or map"),
    PROVIDER_TIMEOUT("Server.ProviderTimeout", 504, "The providing agency did not answer in time"),
    INTERNAL("Server.Internal", 500, "An internal error of the bus");

    private final String code;
    private final int httpStatus;
    private final String title;

    FaultCode(String code, int httpStatus, String title) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public String code() { return code; }

    public int httpStatus() { return httpStatus; }

    public String title() { return title; }

    public boolean isClientFault() { return code.startsWith("Client."); }

    /**
     * Whether the same request, sent again later, could succeed: the agency down, slow or failing, or the client over
     * its quota. Everything else (a bad message, a refusal, an answer the bus cannot map) would fail the same way again.
     * Faults carry it to clients ({@code retryable}) and redelivery will go by it.
     */
    public boolean retryable() {
        return this == PROVIDER_UNAVAILABLE || this == PROVIDER_TIMEOUT || this == THROTTLED;
    }

    /**
     * Refused for how it was sent (method, content type, rate) rather than for what it says: the HTTP status tells
     * why even on SOAP, whose faults are otherwise all 500.
     */
    public boolean httpLevel() { return this == METHOD_NOT_ALLOWED || this == UNSUPPORTED_MEDIA_TYPE || this == THROTTLED; }

    public static FaultCode fromCode(String code) {
        for (FaultCode f : values()) {
            if (f.code.equals(code)) return f;
        }
        throw new IllegalArgumentException("unknown fault code " + code);
    }
}
