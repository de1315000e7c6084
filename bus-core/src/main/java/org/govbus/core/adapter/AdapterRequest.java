package org.govbus.core.adapter;

import java.time.Duration;
import java.util.UUID;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;

/**
 * A verified, authorized request in canonical form, with the time the adapter has to answer it. {@code resumed} is
 * true for a service with an idempotency key (a payment's reference) when an earlier try under the same key ended
 * without an outcome (failed, timed out, or its node died): it may have reached the agency, so the adapter asks the
 * agency what became of it before acting again.
 */
public record AdapterRequest(UUID messageId, ServiceId service, SystemId client, String userId, String purpose,
                             byte[] payload, Duration timeout, boolean resumed) {
    public AdapterRequest(UUID messageId, ServiceId service, SystemId client, String userId, String purpose, byte[] payload,
                          Duration timeout) {
        this(messageId, service, client, userId, purpose, payload, timeout, false);
    }

    /** The same request, marked as the resumption of an earlier try under its key. */
    public AdapterRequest resuming() {
        return new AdapterRequest(messageId, service, client, userId, purpose, payload, timeout, true);
    }
}
