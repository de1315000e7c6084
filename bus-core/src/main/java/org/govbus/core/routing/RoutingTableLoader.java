package org.govbus.core.routing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govbus.core.adapter.AdapterOption;
import org.govbus.core.adapter.AdapterOptions;
import org.govbus.core.config.YamlNode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;

/**
 * Reads {@code routing.yaml}. Every check fails with {@code file:line: reason}; nothing half-valid is returned.
 * <pre>
 * providers:
 *   KZ/GOV/MJ/gbd-fl: {adapter: population-register, options: {endpoint: http://...}}
 * services:
 *   KZ/GOV/MJ/gbd-fl/person-by-iin/v1: {timeout: 5s, allowedClients: [KZ/GOV/EGOV/portal]}
 *   KZ/GOV/MF/epay/pay-state-fee/v1: {mode: async, timeout: 10s, ttl: 1h, maxAttempts: 5,
 *                                      backoff: {initial: 2s, multiplier: 2, max: 5m}, allowedClients: [...]}
 * </pre>
 */
public final class RoutingTableLoader {
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration MAX_TTL = Duration.ofDays(7);

    private final Map<String, List<AdapterOption>> knownAdapters;
    private final Set<String> knownServices;

    /**
     * @param knownAdapters the options of each adapter on the classpath, by name; an entry naming another one is an error
     * @param knownServices the {@code code/version} of every service whose schema is on the classpath
     */
    public RoutingTableLoader(Map<String, List<AdapterOption>> knownAdapters, Set<String> knownServices) {
        this.knownAdapters = Map.copyOf(knownAdapters);
        this.knownServices = Set.copyOf(knownServices);
    }

    public RoutingTable load(Path file) {
        YamlNode root = YamlNode.load(file);
        Map<String, YamlNode> top = root.mapping(Set.of("providers", "services", "clients"));
        Map<SystemId, ProviderRoute> providers = new LinkedHashMap<>();
        for (Map.Entry<YamlNode, YamlNode> e : YamlNode.required(top, "providers", root).entries()) {
            ProviderRoute p = provider(e.getKey(), e.getValue());
            for (ProviderRoute other : providers.values()) {
                if (other.system().queueName().equals(p.system().queueName())) {
                    throw e.getKey().error(p.system() + " and " + other.system() + " would share one queue; rename one");
                }
            }
            providers.put(p.system(), p);
        }
        Map<ServiceId, ServiceRoute> services = new LinkedHashMap<>();
        for (Map.Entry<YamlNode, YamlNode> e : YamlNode.required(top, "services", root).entries()) {
            ServiceRoute s = service(e.getKey(), e.getValue(), providers);
            if (services.containsKey(s.service())) throw e.getKey().error("duplicate service " + s.service());
            services.put(s.service(), s);
        }
        Map<SystemId, Quota> clientQuotas = new LinkedHashMap<>();
        Map<SystemId, java.net.URI> callbacks = new LinkedHashMap<>();
        Quota defaultQuota = null;
        if (top.containsKey("clients")) {
            for (Map.Entry<YamlNode, YamlNode> e : top.get("clients").entries()) {
                if ("default".equals(e.getKey().string())) {
                    defaultQuota = quota(e.getValue());
                    continue;
                }
                SystemId client = e.getKey().as(SystemId::parse);
                Map<String, YamlNode> m = e.getValue().mapping(Set.of("rate", "burst", "callback"));
                if (m.containsKey("rate") || m.containsKey("burst")) clientQuotas.put(client, quota(e.getValue(), m));
                if (m.containsKey("callback")) callbacks.put(client, m.get("callback").as(RoutingTableLoader::callbackUrl));
            }
        }
        return new RoutingTable(providers, services, clientQuotas, defaultQuota, callbacks).versioned(sha256Of(file));
    }

    private static String sha256Of(Path file) {
        try {
            return org.govbus.core.security.Digests.hex(org.govbus.core.security.Digests.sha256(java.nio.file.Files.readAllBytes(file)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code {rate: 200, burst: 400}}: requests a second, and at once (one second's worth when not given). */
    private static Quota quota(YamlNode node) { return quota(node, node.mapping(Set.of("rate", "burst"))); }

    /** Where the bus pushes a client's asynchronous answers: http(s), no credentials written in it. */
    private static java.net.URI callbackUrl(String text) {
        java.net.URI url = AdapterOptions.httpUrl(text);
        if (url.getUserInfo() != null) throw new IllegalArgumentException("a callback URL must not hold credentials");
        return url;
    }

    private static Quota quota(YamlNode node, Map<String, YamlNode> m) {
        int rate = YamlNode.required(m, "rate", node).integer(1, 1_000_000);
        int burst = m.containsKey("burst") ? m.get("burst").integer(1, 10_000_000) : rate;
        return new Quota(rate, burst);
    }

    private ProviderRoute provider(YamlNode key, YamlNode node) {
        SystemId system = key.as(SystemId::parse);
        Map<String, YamlNode> m = node.mapping(Set.of("adapter", "options"));
        YamlNode adapterNode = YamlNode.required(m, "adapter", node);
        String adapter = adapterNode.string();
        List<AdapterOption> spec = knownAdapters.get(adapter);
        if (spec == null) {
            throw adapterNode.error("unknown adapter '" + adapter + "' (known: " + String.join(", ", knownAdapters.keySet().stream().sorted().toList()) + ")");
        }
        return new ProviderRoute(system, adapter, AdapterOptions.read(m.get("options"), node, spec));
    }

    private ServiceRoute service(YamlNode key, YamlNode node, Map<SystemId, ProviderRoute> providers) {
        ServiceId service = key.as(ServiceId::parse);
        String schemaKey = service.code() + "/" + service.version();
        if (!knownServices.contains(schemaKey)) {
            throw key.error("no schema for service " + schemaKey + " on the classpath (known: "
                    + String.join(", ", knownServices.stream().sorted().toList()) + ")");
        }
        ProviderRoute provider = providers.get(service.provider());
        if (provider == null) throw key.error("provider " + service.provider() + " of " + service + " is not under providers");
        Map<String, YamlNode> m = node.mapping(Set.of("timeout", "allowedClients", "quotas", "mode", "ttl", "maxAttempts", "backoff"));
        Duration timeout = YamlNode.required(m, "timeout", node).duration(MIN_TIMEOUT, MAX_TIMEOUT);
        Set<SystemId> clients = new LinkedHashSet<>();
        YamlNode list = m.get("allowedClients");
        if (list != null) {
            for (YamlNode c : list.list()) {
                if (!clients.add(c.as(SystemId::parse))) throw c.error("client " + c.string() + " is listed twice");
            }
        }
        Map<SystemId, Quota> quotas = new LinkedHashMap<>();
        if (m.containsKey("quotas")) {
            for (Map.Entry<YamlNode, YamlNode> e : m.get("quotas").entries()) {
                SystemId client = e.getKey().as(SystemId::parse);
                if (!clients.contains(client)) throw e.getKey().error(client + " has a quota but is not in allowedClients");
                quotas.put(client, quota(e.getValue()));
            }
        }
        return new ServiceRoute(service, provider, timeout, Set.copyOf(clients), quotas, delivery(m, timeout));
    }

    /** {@code mode: sync} (the default) or {@code async} with its {@code ttl}, {@code maxAttempts} and {@code backoff}. */
    private static Delivery delivery(Map<String, YamlNode> m, Duration timeout) {
        YamlNode mode = m.get("mode");
        boolean async = mode != null && switch (mode.string()) {
            case "sync" -> false;
            case "async" -> true;
            default -> throw mode.error("mode is sync or async, not '" + mode.string() + "'");
        };
        if (!async) {
            for (String only : List.of("ttl", "maxAttempts", "backoff")) {
                if (m.containsKey(only)) throw m.get(only).error(only + " applies to mode: async only");
            }
            return Delivery.SYNC;
        }
        Duration ttl = m.containsKey("ttl") ? m.get("ttl").duration(Duration.ofSeconds(1), MAX_TTL) : Delivery.DEFAULT_TTL;
        if (ttl.compareTo(timeout) < 0) throw m.get("ttl").error("ttl " + ttl.toSeconds() + " s is shorter than one try (timeout)");
        int attempts = m.containsKey("maxAttempts") ? m.get("maxAttempts").integer(1, 100) : Delivery.DEFAULT_MAX_ATTEMPTS;
        return new Delivery(Delivery.Mode.ASYNC, ttl, attempts, m.containsKey("backoff") ? backoff(m.get("backoff")) : Delivery.Backoff.DEFAULT);
    }

    /** {@code {initial: 2s, multiplier: 2, max: 5m}}: each given or its default. */
    private static Delivery.Backoff backoff(YamlNode node) {
        Map<String, YamlNode> m = node.mapping(Set.of("initial", "multiplier", "max"));
        Delivery.Backoff d = Delivery.Backoff.DEFAULT;
        Duration initial = m.containsKey("initial") ? m.get("initial").duration(Duration.ofMillis(10), Duration.ofHours(1)) : d.initial();
        int multiplier = m.containsKey("multiplier") ? m.get("multiplier").integer(1, 10) : (int) d.multiplier();
        Duration max = m.containsKey("max") ? m.get("max").duration(Duration.ofMillis(10), Duration.ofDays(1)) : d.max();
        if (max.compareTo(initial) < 0) throw (m.containsKey("max") ? m.get("max") : node).error("backoff max is shorter than its initial wait");
        return new Delivery.Backoff(initial, multiplier, max);
    }
}
