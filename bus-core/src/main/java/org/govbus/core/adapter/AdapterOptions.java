package org.govbus.core.adapter;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.govbus.core.config.ConfigException;
import org.govbus.core.config.YamlNode;

/**
 * A provider's {@code options:} block, checked against what its adapter declares: every value has the kind its
 * option says, required ones are there, unknown ones are refused, and secrets are references only.
 */
public final class AdapterOptions {
    /**
     * {@code ${env:NAME}}, {@code ${keystore:ALIAS}} or {@code ${file:PATH}} (a file readable by the bus alone, as a
     * mounted secret): where a credential is, never the credential itself.
     */
    public static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{(env|keystore|file):([A-Za-z0-9_./-]+)}");
    /** headers the HTTP client sets (the JDK refuses them) or the adapter does (its content type) */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "content-type", "te", "trailer");
    /** header names that carry credentials: their values must be references too */
    private static final Pattern CREDENTIAL_HEADER = Pattern.compile("(?i).*(authorization|key|token|secret|password).*");

    /** The agency's trust store (null: the JDK's) and whether the bus shows its own key (mutual TLS). */
    public record Tls(Path truststore, boolean mutual) {}

    private final Map<String, Object> values;
    private final Path file;
    private final int line;

    private AdapterOptions(Map<String, Object> values, Path file, int line) {
        this.values = Map.copyOf(values);
        this.file = file;
        this.line = line;
    }

    /** Options given in code, e.g. by a test: the same checks do not run, so give only what {@code spec} allows. */
    public static AdapterOptions of(Map<String, Object> values) { return new AdapterOptions(values, null, 0); }

    /** Reads and checks an {@code options:} block; {@code node} null when the provider gave none. */
    public static AdapterOptions read(YamlNode node, YamlNode provider, List<AdapterOption> spec) {
        Map<String, AdapterOption> byName = spec.stream().collect(Collectors.toMap(AdapterOption::name, o -> o, (a, b) -> a, LinkedHashMap::new));
        Map<String, YamlNode> given = node == null ? Map.of() : node.mapping(byName.keySet());
        Map<String, Object> values = new LinkedHashMap<>();
        for (AdapterOption o : spec) {
            YamlNode v = given.get(o.name());
            if (v == null) {
                if (o.required()) throw (node == null ? provider : node).error("option '" + o.name() + "' is missing: " + o.description());
                continue;
            }
            try {
                values.put(o.name(), value(o, v));
            } catch (ConfigException e) {
                throw e.reason().startsWith(o.name()) || o.kind() == AdapterOption.Kind.HEADERS || o.kind() == AdapterOption.Kind.TLS
                        ? e : new ConfigException(e.file(), e.line(), o.name() + ": " + e.reason());
            }
        }
        if (values.get("tls") != null && values.get("endpoint") instanceof URI u && !"https".equals(u.getScheme())) {
            throw given.get("tls").error("tls is given but the endpoint is not https");
        }
        YamlNode at = node == null ? provider : node;
        return new AdapterOptions(values, at.file(), at.line());
    }

    private static Object value(AdapterOption o, YamlNode v) {
        return switch (o.kind()) {
            case URL -> v.as(AdapterOptions::httpUrl);
            case JDBC_URL -> v.as(AdapterOptions::jdbcUrl);
            case TEXT -> o.check() == null ? v.string() : v.as(o.check());
            case SECRET -> secretReference(v, o.name());
            case COUNT -> v.integer(1, 1000);
            case HEADERS -> headers(v);
            case TLS -> tls(v);
        };
    }

    private static String secretReference(YamlNode v, String what) {
        String s = v.string();
        if (!SECRET_REFERENCE.matcher(s).matches()) {
            throw v.error(what + " must be a reference, ${env:NAME}, ${keystore:ALIAS} or ${file:PATH}: credentials are never written in the routing table");
        }
        return s;
    }

    private static Map<String, String> headers(YamlNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<YamlNode, YamlNode> e : node.entries()) {
            String name = e.getKey().string();
            if (!name.matches("[A-Za-z0-9-]+")) throw e.getKey().error("'" + name + "' is not an HTTP header name");
            if (TRANSPORT_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw e.getKey().error("header " + name + " is the HTTP client's or the adapter's to set, not the table's");
            }
            String value = e.getValue().string();
            if (CREDENTIAL_HEADER.matcher(name).matches() || value.startsWith("${")) value = secretReference(e.getValue(), "header " + name);
            out.put(name, value);
        }
        return out;
    }

    private static Tls tls(YamlNode node) {
        Map<String, YamlNode> m = node.mapping(Set.of("truststore", "mutual"));
        Path store = null;
        if (m.containsKey("truststore")) {
            store = node.file().toAbsolutePath().getParent().resolve(m.get("truststore").string());
            if (!java.nio.file.Files.isRegularFile(store)) throw m.get("truststore").error(store + " does not exist");
        }
        boolean mutual = m.containsKey("mutual") && m.get("mutual").as(AdapterOptions::bool);
        return new Tls(store, mutual);
    }

    private static boolean bool(String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is not true or false");
        };
    }

    /** An http or https URL with a host; anything else is refused with the reason. */
    public static URI httpUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not an http(s) URL");
        }
        return uri;
    }

    private static String jdbcUrl(String text) {
        if (!text.matches("jdbc:[a-z0-9]+:.+")) throw new IllegalArgumentException("'" + text + "' is not a JDBC URL (jdbc:DRIVER:...)");
        // a password in the URL would be a credential written in the table, and printed wherever the URL is
        if (text.matches("(?i).*([?&;]password=|//[^/@]*:[^/@]*@).*")) {
            throw new IllegalArgumentException("the JDBC URL holds a password: give it as the password option, by reference");
        }
        return text;
    }

    public boolean has(String name) { return values.containsKey(name); }

    /** Every credential reference these options hold: secret options and header values. */
    public List<String> secretReferences() {
        List<String> out = new java.util.ArrayList<>();
        for (Object v : values.values()) {
            if (v instanceof String s && SECRET_REFERENCE.matcher(s).matches()) out.add(s);
            if (v instanceof Map<?, ?> headers) {
                headers.values().forEach(h -> {
                    if (SECRET_REFERENCE.matcher((String) h).matches()) out.add((String) h);
                });
            }
        }
        return out;
    }

    public String text(String name) { return (String) require(name); }

    public Optional<String> optionalText(String name) { return Optional.ofNullable((String) values.get(name)); }

    public URI url(String name) { return (URI) require(name); }

    public int count(String name, int otherwise) { return values.get(name) == null ? otherwise : (Integer) values.get(name); }

    @SuppressWarnings("unchecked")
    public Map<String, String> headers(String name) { return (Map<String, String>) values.getOrDefault(name, Map.of()); }

    public Optional<Tls> tls(String name) { return Optional.ofNullable((Tls) values.get(name)); }

    /** An error about these options at start-up (a reference that does not resolve, a database that refuses), with file:line. */
    public ConfigException error(String reason) { return new ConfigException(file, line, reason); }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) throw error("option '" + name + "' is not given");
        return v;
    }

    @Override
    public String toString() {
        // references only, never resolved secrets: safe to print
        return values.toString();
    }
}
