package org.govbus.core.log;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL for one test class (embedded; as root it runs as nobody in a user namespace), handing out a
 * fresh database per test.
 */
public final class TestPostgres implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedPostgres server;

    private TestPostgres(EmbeddedPostgres server) { this.server = server; }

    public static TestPostgres start() {
        try {
            return new TestPostgres(EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
        }
    }

    /** A new, empty database; each {@link DataSource#getConnection()} is a connection of its own, as a process would open. */
    public Database newDatabase() {
        String name = "govbus_log_" + DATABASES.incrementAndGet();
        LogFixture.execute(server.getPostgresDatabase(), "CREATE DATABASE " + name);
        return new Database(name, server.getDatabase("postgres", name));
    }

    public final class Database {
        final String name;
        public final DataSource dataSource;

        Database(String name, DataSource dataSource) {
            this.name = name;
            this.dataSource = dataSource;
        }

        /** Another DataSource on the same database, as a second process would have. */
        DataSource another() { return server.getDatabase("postgres", name); }

        void drop() { LogFixture.execute(server.getPostgresDatabase(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
