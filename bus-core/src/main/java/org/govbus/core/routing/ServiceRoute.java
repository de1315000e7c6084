package org.govbus.core.routing;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;

/**
 * One service in the routing table: who provides it, how long to wait, who may ask (nobody else), and, where a client
 * must ask this service less often than its own quota allows, that client's quota on this service; and whether the
 * client waits for the answer or fetches it later ({@link Delivery}).
 */
public record ServiceRoute(ServiceId service, ProviderRoute provider, Duration timeout, Set<SystemId> allowedClients,
                           Map<SystemId, Quota> quotas, Delivery delivery) {
    public ServiceRoute {
        quotas = Map.copyOf(quotas);
    }

    public ServiceRoute(ServiceId service, ProviderRoute provider, Duration timeout, Set<SystemId> allowedClients,
                        Map<SystemId, Quota> quotas) {
        this(service, provider, timeout, allowedClients, quotas, Delivery.SYNC);
    }

    public ServiceRoute(ServiceId service, ProviderRoute provider, Duration timeout, Set<SystemId> allowedClients) {
        this(service, provider, timeout, allowedClients, Map.of());
    }

    public boolean allows(SystemId client) { return allowedClients.contains(client); }
}
