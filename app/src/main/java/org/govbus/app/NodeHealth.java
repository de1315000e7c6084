package org.govbus.app;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.govbus.core.config.BusConfig;
import org.govbus.core.log.Checkpointer;
import org.govbus.core.log.LogStore;
import org.govbus.core.health.Health;
import org.govbus.core.security.Digests;
import org.govbus.core.security.KeyMaterial;
import org.springframework.jms.connection.CachingConnectionFactory;

/** What /health checks on a node: each check reaches the part itself, so a down broker or database shows. */
final class NodeHealth {
    private NodeHealth() {}

    /** What /health reports: the database and the broker answer, the signing key is valid, the routing table's version. */
    static Health of(BusConfig config, LogStore store, Checkpointer checkpoints, CachingConnectionFactory connections, KeyMaterial busKey) {
        String routingVersion = routingVersion(config);
        return new Health(List.of(
                new Health.Check("database", () -> {
                    try {
                        // the head of this node's chain, read as the log itself reads it
                        return Health.Status.up("reachable; chain " + config.log().node() + " at entry " + store.head(config.log().node()).seq()
                                + ", " + checkpoints.uncovered() + " not yet under a checkpoint");
                    } catch (RuntimeException e) {
                        return Health.Status.down("unreachable");
                    }
                }),
                new Health.Check("broker", () -> {
                    // a connection of its own, not the cached one, which would look alive until its first failure
                    try (jakarta.jms.Connection c = connections.getTargetConnectionFactory().createConnection();
                         jakarta.jms.Session session = c.createSession()) {
                        return Health.Status.up(config.embeddedBroker() ? "embedded" : "remote");
                    } catch (jakarta.jms.JMSException e) {
                        return Health.Status.down("unreachable");
                    }
                }),
                new Health.Check("signingKey", () -> {
                    long days = Duration.between(java.time.Instant.now(), busKey.certificate().getNotAfter().toInstant()).toDays();
                    return days >= 0 ? Health.Status.up(days + " days to expiry") : Health.Status.down("expired");
                }),
                new Health.Check("routingTable", () -> Health.Status.up("version " + routingVersion))));
    }

    /** The first 12 hex digits of the SHA-256 of the routing table file: which table this node runs. */
    private static String routingVersion(BusConfig config) {
        try {
            return Digests.hex(Digests.sha256().digest(Files.readAllBytes(config.routingFile()))).substring(0, 12);
        } catch (java.io.IOException e) {
            return "unreadable";
        }
    }
}
