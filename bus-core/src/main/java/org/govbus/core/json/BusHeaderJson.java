package org.govbus.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.pipeline.BusHeader;

/**
 * The bus header as JSON: the {@code govbus} member of a request's JWS protected header, and (with
 * {@code requestHash}) the {@code X-GovBus-Header} of an answer. The same fields and rules as the SOAP busHeader.
 */
public final class BusHeaderJson {
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> MEMBERS = Set.of("messageId", "correlationId", "client", "service", "userId", "purpose", "timestamp");

    private BusHeaderJson() {}

    /** Reads a request's header; anything missing, extra or malformed is {@link FaultCode#INVALID_MESSAGE}. */
    public static BusHeader read(JsonNode govbus) {
        if (govbus == null || !govbus.isObject()) throw invalid("the protected header has no govbus object");
        for (Iterator<String> it = govbus.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!MEMBERS.contains(name)) throw invalid("govbus." + name + " is not a bus header field");
        }
        try {
            String correlation = optional(govbus, "correlationId");
            if (correlation != null && !UUID_TEXT.matcher(correlation).matches()) throw invalid("govbus.correlationId is not a UUID");
            return new BusHeader(UUID.fromString(uuid(govbus, "messageId")), correlation,
                    SystemId.parse(bounded(govbus, "client", 255)), ServiceId.parse(bounded(govbus, "service", 255)),
                    bounded(govbus, "userId", 64), bounded(govbus, "purpose", 512),
                    OffsetDateTime.parse(required(govbus, "timestamp")).toInstant());
        } catch (DateTimeParseException e) {
            throw invalid("govbus.timestamp is not an RFC 3339 date-time with an offset");
        } catch (IllegalArgumentException e) {
            throw invalid("bad govbus header: " + e.getMessage());
        }
    }

    /** The messageId a protected header claims, trusting nothing else; null when it has none. */
    /** The service the protected header's {@code govbus} member names, unverified; null when it names none. */
    static String claimedService(JsonNode protectedHeader) {
        JsonNode s = protectedHeader.path("govbus").path("service");
        return s.isTextual() && s.asText().length() <= 512 ? s.asText() : null;
    }

    static String claimedMessageId(JsonNode protectedHeader) {
        JsonNode id = protectedHeader.path("govbus").path("messageId");
        return id.isTextual() && id.asText().length() <= 64 ? id.asText() : null;
    }

    /** A header as JSON; {@code requestHash} (raw SHA-256) is set on answers only. */
    public static ObjectNode write(BusHeader h, byte[] requestHash) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("messageId", h.messageId().toString());
        if (h.correlationId() != null) o.put("correlationId", h.correlationId());
        o.put("client", h.client().toString());
        o.put("service", h.service().toString());
        o.put("userId", h.userId());
        o.put("purpose", h.purpose());
        o.put("timestamp", h.timestamp().toString());
        if (requestHash != null) o.put("requestHash", Base64.getUrlEncoder().withoutPadding().encodeToString(requestHash));
        return o;
    }

    private static String uuid(JsonNode o, String name) {
        String v = required(o, name);
        if (!UUID_TEXT.matcher(v).matches()) throw invalid("govbus." + name + " is not a UUID");
        return v;
    }

    private static String bounded(JsonNode o, String name, int max) {
        String v = required(o, name);
        if (v.isEmpty() || v.length() > max) throw invalid("govbus." + name + " must be 1 to " + max + " characters");
        return v;
    }

    private static String required(JsonNode o, String name) {
        String v = optional(o, name);
        if (v == null) throw invalid("govbus." + name + " is missing");
        return v;
    }

    private static String optional(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null) return null;
        if (!v.isTextual()) throw invalid("govbus." + name + " must be a string");
        return v.asText();
    }

    /** When the answer was sealed, for clients reading an answer header. */
    public static Instant timestampOf(JsonNode header) { return Instant.parse(header.path("timestamp").asText()); }

    private static BusException invalid(String reason) { return new BusException(FaultCode.INVALID_MESSAGE, reason); }
}
