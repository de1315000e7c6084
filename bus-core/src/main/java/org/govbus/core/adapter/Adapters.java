package org.govbus.core.adapter;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The adapter factories on the classpath, by name. */
public final class Adapters {
    private final Map<String, AdapterFactory> byName;

    private Adapters(Map<String, AdapterFactory> byName) { this.byName = Map.copyOf(byName); }

    public static Adapters discover(ClassLoader loader) {
        Map<String, AdapterFactory> map = new TreeMap<>();
        for (AdapterFactory f : ServiceLoader.load(AdapterFactory.class, loader)) {
            AdapterFactory clash = map.put(f.name(), f);
            if (clash != null) {
                throw new IllegalStateException("two adapters are named '" + f.name() + "': "
                        + clash.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return new Adapters(map);
    }

    /** These factories and no others, e.g. for a test or an embedding application. */
    public static Adapters of(java.util.List<AdapterFactory> factories) {
        Map<String, AdapterFactory> map = new TreeMap<>();
        for (AdapterFactory f : factories) {
            if (map.put(f.name(), f) != null) throw new IllegalStateException("two adapters are named '" + f.name() + "'");
        }
        return new Adapters(map);
    }

    public java.util.Set<String> names() { return byName.keySet(); }

    /** Each adapter's options by its name, as the routing-table loader checks providers against them. */
    public Map<String, java.util.List<AdapterOption>> options() {
        Map<String, java.util.List<AdapterOption>> out = new TreeMap<>();
        byName.forEach((name, f) -> out.put(name, f.options()));
        return out;
    }

    public AdapterFactory get(String name) {
        AdapterFactory f = byName.get(name);
        if (f == null) throw new IllegalArgumentException("no adapter named '" + name + "'");
        return f;
    }
}
