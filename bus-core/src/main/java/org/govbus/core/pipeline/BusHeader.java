package org.govbus.core.pipeline;

import java.time.Instant;
import java.util.UUID;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;

/**
 * The identifiers every message carries, whatever its wire format: the SOAP {@code gb:busHeader} and the
 * {@code govbus} member of a JWS protected header are two encodings of this one record.
 */
public record BusHeader(UUID messageId, String correlationId, SystemId client, ServiceId service,
                        String userId, String purpose, Instant timestamp) {

    /** The header of the answer to this request: the same identifiers, the answer's own time. */
    public BusHeader answeredAt(Instant at) {
        return new BusHeader(messageId, correlationId, client, service, userId, purpose, at);
    }
}
