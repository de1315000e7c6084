package org.govbus.core.adapter;

import java.time.Duration;
import java.util.UUID;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;

/** A verified, authorized request in canonical form, with the time the adapter has to answer it. */
public record AdapterRequest(UUID messageId, ServiceId service, SystemId client, String userId, String purpose,
                             byte[] payload, Duration timeout) {}
