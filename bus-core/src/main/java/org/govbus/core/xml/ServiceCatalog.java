package org.govbus.core.xml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import javax.xml.namespace.QName;
import org.govbus.core.id.ServiceId;

/**
 * Which payload each canonical service takes and gives, read from every
 * {@code META-INF/govbus/services.properties} on the classpath, so a module can bring new services
 * without touching the core. Keyed by service code and version: the same canonical service may be
 * provided by more than one system.
 */
public final class ServiceCatalog {
    static final String RESOURCE = "META-INF/govbus/services.properties";

    /**
     * The request and response elements of one service, the XSD that declares them, and the JSON Schema of their
     * JSON form (null when the service has none and is reachable over SOAP only), and {@code subject}: the local name of
     * the request element holding the IIN or BIN the request is about (null when it is about no one), which the
     * message log records so that {@code govbus log who} can answer a citizen; {@code idempotencyKey}: the local name of
     * the request element whose value makes the call happen once however often it is sent (a payment's reference), or
     * null when the service is not called that way.
     */
    public record Entry(String key, QName request, QName response, String schema, String jsonSchema, String subject,
                        String idempotencyKey) {}

    private final Map<String, Entry> entries;

    private ServiceCatalog(Map<String, Entry> entries) { this.entries = Map.copyOf(entries); }

    public static ServiceCatalog discover(ClassLoader loader) {
        Map<String, Entry> out = new TreeMap<>();
        try {
            for (URL url : Collections.list(loader.getResources(RESOURCE))) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                for (String name : p.stringPropertyNames()) {
                    if (!name.endsWith(".schema")) continue;
                    String key = name.substring(0, name.length() - ".schema".length());
                    Entry e = new Entry(key, QName.valueOf(required(p, key + ".request", url)),
                            QName.valueOf(required(p, key + ".response", url)), p.getProperty(name).trim(),
                            optional(p, key + ".jsonSchema"), optional(p, key + ".subject"),
                            optional(p, key + ".idempotencyKey"));
                    if (out.put(key, e) != null) throw new IllegalStateException("service " + key + " is declared twice (again in " + url + ")");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        return new ServiceCatalog(out);
    }

    private static String optional(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? null : v.trim();
    }

    private static String required(Properties p, String key, URL from) {
        String v = p.getProperty(key);
        if (v == null) throw new IllegalStateException(from + " lacks " + key);
        return v.trim();
    }

    public static String keyOf(ServiceId service) { return service.code() + "/" + service.version(); }

    public Optional<Entry> find(ServiceId service) { return Optional.ofNullable(entries.get(keyOf(service))); }

    public java.util.Set<String> keys() { return entries.keySet(); }

    public java.util.Collection<Entry> entries() { return entries.values(); }
}
