package org.govbus.core.routing;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;

/**
 * Which system answers which service, whether a client may ask, and how often (its quota: its own entry under
 * {@code clients}, else the {@code default} one there, else none). Immutable; deny by default.
 */
public final class RoutingTable {
    private final Map<ServiceId, ServiceRoute> services;
    private final Map<SystemId, ProviderRoute> providers;
    private final Map<SystemId, Quota> clientQuotas;
    private final Quota defaultQuota;
    private final Map<SystemId, java.net.URI> callbacks;
    private String version = "unversioned";

    public RoutingTable(Map<SystemId, ProviderRoute> providers, Map<ServiceId, ServiceRoute> services) {
        this(providers, services, Map.of(), null);
    }

    /**
     * The SHA-256 (hex) of the file this table was read from: the message log records it with every entry, so an
     * auditor can tell which table decided a request ({@code sha256sum routing.yaml}).
     */
    public String version() { return version; }

    RoutingTable versioned(String fileSha256) {
        this.version = fileSha256;
        return this;
    }

    /** @param defaultQuota the quota of a client without its own; null: such clients are not limited */
    public RoutingTable(Map<SystemId, ProviderRoute> providers, Map<ServiceId, ServiceRoute> services,
                        Map<SystemId, Quota> clientQuotas, Quota defaultQuota) {
        this(providers, services, clientQuotas, defaultQuota, Map.of());
    }

    /** @param callbacks where each client system that registered one wants its asynchronous answers pushed */
    public RoutingTable(Map<SystemId, ProviderRoute> providers, Map<ServiceId, ServiceRoute> services,
                        Map<SystemId, Quota> clientQuotas, Quota defaultQuota, Map<SystemId, java.net.URI> callbacks) {
        this.callbacks = Map.copyOf(callbacks);
        this.providers = Map.copyOf(providers);
        this.services = Map.copyOf(services);
        this.clientQuotas = Map.copyOf(clientQuotas);
        this.defaultQuota = defaultQuota;
    }

    /** The quota of a client system over all services, if it has one. */
    public Optional<Quota> quotaOf(SystemId client) {
        return Optional.ofNullable(clientQuotas.getOrDefault(client, defaultQuota));
    }

    /** Where {@code client} wants its asynchronous answers pushed, if it registered a callback URL. */
    public Optional<java.net.URI> callbackOf(SystemId client) { return Optional.ofNullable(callbacks.get(client)); }

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
