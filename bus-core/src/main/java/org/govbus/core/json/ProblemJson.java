package org.govbus.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;

/**
 * Faults for JSON clients: RFC 9457 {@code application/problem+json} with {@code type}, {@code title},
 * {@code status}, {@code detail}, and the extension members {@code code} (the taxonomy code, as in SOAP faults)
 * and {@code messageId}. The HTTP status is the code's.
 */
public final class ProblemJson {
    public static final String CONTENT_TYPE = "application/problem+json";
    /** {@code type} is this prefix and the code: one URI per taxonomy code. */
    public static final String TYPE_PREFIX = "urn:govbus:fault:";

    private ProblemJson() {}

    public static byte[] of(FaultCode code, String reason, String messageId) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", TYPE_PREFIX + code.code());
        o.put("title", code.title());
        o.put("status", code.httpStatus());
        o.put("detail", reason);
        o.put("code", code.code());
        o.put("retryable", code.retryable());
        if (messageId != null) o.put("messageId", messageId);
        return StrictJson.bytes(o);
    }

    /** The fault a problem document states, for clients; an unknown code is not passed off as one of the taxonomy. */
    public static BusException read(byte[] body) {
        JsonNode o = StrictJson.parse(body, "the problem document");
        FaultCode code;
        try {
            code = FaultCode.fromCode(o.path("code").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the bus answered with an unknown fault code " + o.path("code").asText());
        }
        return new BusException(code, o.path("detail").asText());
    }
}
