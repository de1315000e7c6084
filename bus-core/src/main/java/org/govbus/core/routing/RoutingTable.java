package org.govbus.core.routing;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;

/** Which system answers which service, and whether a client may ask. Immutable; deny by default. */
public final class RoutingTable {
    private final Map<ServiceId, ServiceRoute> services;
    private final Map<SystemId, ProviderRoute> providers;

    public RoutingTable(Map<SystemId, ProviderRoute> providers, Map<ServiceId, ServiceRoute> services) {
        this.providers = Map.copyOf(providers);
        this.services = Map.copyOf(services);
    }

    public Optional<ServiceRoute> find(ServiceId service) { return Optional.ofNullable(services.get(service)); }

    /** The route of a service the client may call; otherwise the fault the client gets. */
    public ServiceRoute authorize(SystemId client, ServiceId service) {
        ServiceRoute route = services.get(service);
        if (route == null) throw new BusException(FaultCode.UNKNOWN_SERVICE, "no service " + service + " in the routing table");
        if (!route.allows(client)) {
            throw new BusException(FaultCode.ACCESS_DENIED, client + " may not call " + service);
        }
        return route;
    }

    public Collection<ServiceRoute> services() { return services.values(); }

    public Collection<ProviderRoute> providers() { return providers.values(); }
}
