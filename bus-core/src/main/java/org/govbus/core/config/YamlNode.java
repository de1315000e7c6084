package org.govbus.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that remembers its file and line, so every configuration error can say where it is.
 * Only what configuration needs: mappings with known keys, lists, and scalars read as typed values.
 */
public final class YamlNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Path file;
    private final Node node;

    private YamlNode(Path file, Node node) {
        this.file = file;
        this.node = node;
    }

    public static YamlNode load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            Node root = new Yaml(options).compose(r);
            if (root == null) throw new ConfigException(file, 1, "the file is empty");
            return new YamlNode(file, root);
        } catch (MarkedYAMLException e) {
            throw new ConfigException(file, e.getProblemMark().getLine() + 1, "not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    public Path file() { return file; }

    public int line() { return node.getStartMark().getLine() + 1; }

    public ConfigException error(String reason) { return new ConfigException(file, line(), reason); }

    /** The entries of a mapping in file order; fails on a duplicate key or a key outside {@code allowed} (null: any). */
    public Map<String, YamlNode> mapping(Set<String> allowed) {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (Map.Entry<YamlNode, YamlNode> e : entries()) {
            String name = e.getKey().string();
            if (allowed != null && !allowed.contains(name)) {
                throw e.getKey().error("unknown key '" + name + "' (expected one of " + String.join(", ", allowed) + ")");
            }
            out.put(name, e.getValue());
        }
        return out;
    }

    /** Key and value nodes of a mapping in file order, so errors about a key can point at the key's own line. */
    public List<Map.Entry<YamlNode, YamlNode>> entries() {
        if (!(node instanceof MappingNode m)) throw error("expected a mapping");
        List<Map.Entry<YamlNode, YamlNode>> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (NodeTuple t : m.getValue()) {
            YamlNode key = new YamlNode(file, t.getKeyNode());
            if (!seen.add(key.string())) throw key.error("duplicate key '" + key.string() + "'");
            out.add(Map.entry(key, new YamlNode(file, t.getValueNode())));
        }
        return out;
    }

    public List<YamlNode> list() {
        if (!(node instanceof SequenceNode s)) throw error("expected a list");
        List<YamlNode> out = new ArrayList<>();
        for (Node n : s.getValue()) out.add(new YamlNode(file, n));
        return out;
    }

    public String string() {
        if (!(node instanceof ScalarNode s)) throw error("expected a single value");
        return s.getValue();
    }

    /** Reads the scalar with {@code parser}; its IllegalArgumentException becomes a located error. */
    public <T> T as(Function<String, T> parser) {
        try {
            return parser.apply(string());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public int integer(int min, int max) {
        return as(s -> {
            int v;
            try {
                v = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a whole number");
            }
            if (v < min || v > max) throw new IllegalArgumentException(v + " is outside " + min + ".." + max);
            return v;
        });
    }

    /** A duration written as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or {@code 7d}. */
    public Duration duration(Duration min, Duration max) {
        return as(s -> {
            Matcher m = DURATION.matcher(s.trim());
            if (!m.matches()) throw new IllegalArgumentException("'" + s + "' is not a duration such as 500ms, 5s, 2m, 1h or 7d");
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(s + " is outside " + min + ".." + max);
            }
            return d;
        });
    }

    public static YamlNode required(Map<String, YamlNode> mapping, String key, YamlNode parent) {
        YamlNode n = mapping.get(key);
        if (n == null) throw parent.error("missing key '" + key + "'");
        return n;
    }
}
