package org.govbus.core.health;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Supplier;
import org.govbus.core.json.StrictJson;

/** Readiness of a node: each part checked when asked, ready only when every part is. */
public final class Health {
    /** One part's state and a short detail (never a secret, never personal data). */
    public record Status(boolean up, String detail) {
        public static Status up(String detail) { return new Status(true, detail); }

        public static Status down(String detail) { return new Status(false, detail); }
    }

    public record Check(String name, Supplier<Status> probe) {}

    /** The report: {@code ready} and one member per check, and whether all are up. */
    public record Report(boolean ready, byte[] json) {}

    private final List<Check> checks;

    public Health(List<Check> checks) { this.checks = List.copyOf(checks); }

    public Report report() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode parts = JsonNodeFactory.instance.objectNode();
        boolean ready = true;
        for (Check c : checks) {
            Status s;
            try {
                s = c.probe().get();
            } catch (RuntimeException e) {
                s = Status.down(e.getClass().getSimpleName());
            }
            ready &= s.up();
            parts.putObject(c.name()).put("status", s.up() ? "UP" : "DOWN").put("detail", s.detail());
        }
        root.put("status", ready ? "READY" : "NOT_READY");
        root.set("checks", parts);
        return new Report(ready, StrictJson.bytes(root));
    }
}
