package org.govbus.core.routing;

import java.time.Duration;
import java.util.Set;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;

/** One service in the routing table: who provides it, how long to wait, and who may ask (nobody else). */
public record ServiceRoute(ServiceId service, ProviderRoute provider, Duration timeout, Set<SystemId> allowedClients) {
    public boolean allows(SystemId client) { return allowedClients.contains(client); }
}
