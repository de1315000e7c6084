package org.govbus.adapter.realestate.simulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.govbus.fixtures.AgencySimulator;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

/**
 * The real estate registry (GBD RN) as its database: an in-memory H2 database served by H2's TCP server on
 * 127.0.0.1, made from the same portable {@code gbd-rn/*.sql} the PostgreSQL tests load. The bus connects as the
 * integration user {@value RegistryDatabase#INTEGRATION_USER}, who may read the registry's views and nothing else;
 * the tables belong to an owner whose password nobody outside this class knows.
 * <ul>
 *   <li>down: the TCP server stops (its connections break, new ones are refused); normal() starts it on the same port;</li>
 *   <li>slow: the object view is redefined through a Java function that naps row by row, so H2's own query timeout
 *       still cancels it, as it would a slow view at the agency;</li>
 *   <li>failing: the object view is dropped, and every request meets a database error;</li>
 *   <li>malformed: records the adapter cannot map (see {@code gbd-rn/malformed.sql}).</li>
 * </ul>
 */
public final class RealEstateSimulator implements AgencySimulator {
    /** the in-memory database's name, which the demo routing table's jdbcUrl names */
    public static final String DATABASE = "gbd-rn";
    private static final long NAP_MS = 2;
    /** names of the databases of the simulators running in this JVM: each its own, the first the demo's */
    private static final Set<String> RUNNING = new HashSet<>();

    private String database;
    private int port;
    private Connection owner;
    private Server tcp;

    /** Not started: for {@link java.util.ServiceLoader}, then {@link #start(int)}. */
    public RealEstateSimulator() {}

    @Override
    public String adapter() { return "real-estate"; }

    @Override
    public String system() { return "KZ/GOV/MJ/gbd-rn"; }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    @Override
    public synchronized void start(int port) throws Exception {
        if (owner != null) throw new IllegalStateException("the registry's simulator runs already");
        // H2 takes its listening address from this property only, and reads it once, when it first opens a server
        // socket: without it the TCP server listens on every interface (and, lacking -tcpAllowOthers, refuses others)
        if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", "127.0.0.1");
        this.port = port == 0 ? freePort() : port;
        database = claimName();
        JdbcDataSource ds = new JdbcDataSource();
        // kept open, and DB_CLOSE_DELAY=-1, so the database outlives the TCP server when the registry is "down"
        ds.setURL("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
        ds.setUser("gbd_rn_owner");
        ds.setPassword(UUID.randomUUID().toString());
        try {
            owner = ds.getConnection();
            try (Statement s = owner.createStatement()) {
                s.execute("CREATE USER " + RegistryDatabase.INTEGRATION_USER + " PASSWORD ''");
                s.execute("CREATE ALIAS gbd_rn_nap FOR '" + RealEstateSimulator.class.getName() + ".nap'");
            }
            normal();
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public synchronized Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("jdbcUrl", "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + database);
        options.put("user", RegistryDatabase.INTEGRATION_USER);
        return options;
    }

    /** Every record as loaded, the views as defined, the TCP server up. */
    @Override
    public synchronized void normal() {
        try {
            RegistryDatabase.reset(owner);
            // -baseDir, an empty directory: the server opens only the registry's in-memory database, never a file
            // database of the same process (the bus's own message log, in the demo) that -ifExists would find
            if (tcp == null) {
                tcp = Server.createTcpServer("-tcpPort", Integer.toString(port), "-tcpDaemon", "-ifExists",
                        "-baseDir", emptyBaseDir().toString()).start();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the registry's simulator cannot return to normal", e);
        }
    }

    /**
     * Gives a new person {@code objects} flats of one new Astana building, each held outright since its own day: a
     * certificate that grows with the count (about 400 bytes of canonical XML a flat), for answers of a chosen size
     * (the bench's payload-size curve). Gone at the next {@link #normal()}.
     */
    public synchronized void holdings(String iin, String fullName, int objects) {
        change(() -> RegistryDatabase.addHoldings(owner, iin, fullName, objects));
    }

    @Override
    public synchronized void down() {
        if (tcp != null) {
            tcp.stop();
            tcp = null;
        }
    }

    @Override
    public synchronized void slow(Duration delay) {
        long naps = Math.max(1, delay.toMillis() / NAP_MS);
        change(() -> RegistryDatabase.redefineObjectView(owner,
                "(SELECT COUNT(*) FROM SYSTEM_RANGE(1, " + naps + ") WHERE gbd_rn_nap(X) = 0) >= 0"));
    }

    @Override
    public synchronized void failing() { change(() -> RegistryDatabase.breakObjectView(owner)); }

    @Override
    public synchronized void malformed() { change(() -> RegistryDatabase.corrupt(owner)); }

    @Override
    public synchronized void close() {
        down();
        if (owner != null) {
            try (Statement s = owner.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                // closing anyway: the database goes with the owner's connection
            }
            try {
                owner.close();
            } catch (SQLException e) {
                // nothing left to release
            }
            owner = null;
        }
        synchronized (RUNNING) {
            RUNNING.remove(database);
        }
    }

    /**
     * Called by H2 once per row of the slow view's range: a short nap each, because H2 looks for a cancelled or
     * timed-out statement between rows and never interrupts a function that is running.
     */
    public static int nap(long row) {
        try {
            Thread.sleep(NAP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private interface Change {
        void apply() throws SQLException;
    }

    private void change(Change change) {
        try {
            change.apply();
        } catch (SQLException e) {
            throw new IllegalStateException("the registry's simulator cannot change its database", e);
        }
    }

    private static String claimName() {
        synchronized (RUNNING) {
            String name = DATABASE;
            for (int n = 2; RUNNING.contains(name); n++) name = DATABASE + "-" + n;
            RUNNING.add(name);
            return name;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static java.nio.file.Path emptyBaseDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("gbd-rn-simulator");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot make the simulator's empty base directory", e);
        }
    }
}
