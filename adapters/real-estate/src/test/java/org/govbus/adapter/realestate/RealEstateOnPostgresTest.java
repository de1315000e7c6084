package org.govbus.adapter.realestate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.govbus.adapter.realestate.simulator.RegistryDatabase;
import org.govbus.fixtures.AgencySimulator;

/**
 * The registry contract against a real PostgreSQL (embedded, on 127.0.0.1) loaded from the same gbd-rn/*.sql as
 * the H2 simulator, so the adapter's SQL is shown to run unchanged on both. As root, the embedded server runs in a
 * user namespace (util-linux {@code unshare -U}), as PostgreSQL refuses to run as root.
 */
class RealEstateOnPostgresTest extends RegistryContract {
    @Override
    AgencySimulator registry() { return new PostgresRegistry(); }

    /** The registry on PostgreSQL: down stops the server, normal starts a fresh one on the same port. */
    static final class PostgresRegistry implements AgencySimulator {
        private EmbeddedPostgres server;
        private int port;

        @Override
        public String adapter() { return "real-estate"; }

        @Override
        public String system() { return "KZ/GOV/MJ/gbd-rn"; }

        @Override
        public synchronized void start(int port) throws IOException {
            this.port = port == 0 ? freePort() : port;
            boot();
        }

        @Override
        public synchronized Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("jdbcUrl", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
            options.put("user", RegistryDatabase.INTEGRATION_USER);
            return options;
        }

        @Override
        public synchronized void normal() {
            if (server == null) {
                boot();
            } else {
                owner(RegistryDatabase::reset);
            }
        }

        @Override
        public synchronized void down() {
            close();
        }

        @Override
        public synchronized void slow(Duration delay) {
            // an InitPlan: once per query, and pg_sleep gives way to a cancel at once
            owner(c -> RegistryDatabase.redefineObjectView(c, "(SELECT COUNT(*) FROM pg_sleep(" + delay.toMillis() / 1000.0 + ")) = 1"));
        }

        @Override
        public synchronized void failing() { owner(RegistryDatabase::breakObjectView); }

        @Override
        public synchronized void malformed() { owner(RegistryDatabase::corrupt); }

        @Override
        public synchronized void close() {
            if (server == null) return;
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }

        private void boot() {
            try {
                server = EmbeddedPostgres.builder().setPort(port).setServerConfig("listen_addresses", "127.0.0.1").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
            }
            owner(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + RegistryDatabase.INTEGRATION_USER + " LOGIN");
                }
                RegistryDatabase.reset(c);
            });
        }

        private interface Work {
            void on(Connection owner) throws SQLException;
        }

        private void owner(Work work) {
            try (Connection c = server.getPostgresDatabase().getConnection()) {
                work.on(c);
            } catch (SQLException e) {
                throw new IllegalStateException("the PostgreSQL registry cannot change", e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
