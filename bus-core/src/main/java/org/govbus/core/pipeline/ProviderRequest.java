package org.govbus.core.pipeline;

import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;

/**
 * A verified, authorized request on its way to the provider's queue: the identifiers, the canonical payload as
 * the exclusive-c14n bytes the client signed (not a re-serialisation), how long its requester waits and the
 * moment after which nobody waits any more (epoch milliseconds).
 */
public record ProviderRequest(java.util.UUID messageId, ServiceId service, SystemId client, String userId, String purpose,
                              byte[] payload, long timeoutMillis, long deadlineEpochMillis) {}
