package org.govbus.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.h2.tools.Server;

/**
 * How {@code govbus log} reads the embedded H2 log while the node holds its file: the node serves the database to
 * the loopback address only (an H2 TCP server, its port in {@code db/govbus.tcp}), and the commands log in as
 * {@code auditor}, a user the database lets SELECT and nothing else, whose password the node draws at each start
 * into {@code db/auditor.secret} (readable by the file's owner only). When the node is not running the commands
 * open the file itself as the same user. Either way the database, not the command's good manners, keeps the log
 * unchanged.
 */
final class AuditorAccess implements AutoCloseable {
    static final String USER = "AUDITOR";
    private static final String PORT_FILE = "govbus.tcp";
    private static final String SECRET_FILE = "auditor.secret";
    private static final String OWNER_SECRET_FILE = "owner.secret";
    static final String OWNER = "GOVBUS";

    private final Server server;
    private final Path dir;

    private AuditorAccess(Server server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /**
     * The password of the database's owner: drawn once and kept in {@code db/owner.secret} (owner-readable only), so
     * that the loopback server lets no one in as the owner without the file. A database made before there was one
     * (owner password empty) gets one now.
     */
    static String ownerPassword(String jdbcUrl, Path dir) {
        Path file = dir.resolve(OWNER_SECRET_FILE);
        try {
            if (Files.isRegularFile(file)) return Files.readString(file, StandardCharsets.US_ASCII).trim();
            return rotateOwnerPassword(jdbcUrl, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Draws a new owner password, at every start of the node: one a stale port file may have let someone overhear is
     * worth nothing after the next start. The data directory's {@code db/} is made the owner's alone (0700).
     */
    static String rotateOwnerPassword(String jdbcUrl, Path dir) {
        Path file = dir.resolve(OWNER_SECRET_FILE);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            String current = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.US_ASCII).trim() : "";
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            Path next = dir.resolve(OWNER_SECRET_FILE + ".new");
            Files.deleteIfExists(next);
            Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(next, password, StandardCharsets.US_ASCII);
            try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl, OWNER, current);
                 PreparedStatement p = c.prepareStatement("ALTER USER " + OWNER + " SET PASSWORD ?")) {
                p.setString(1, password);
                p.execute();
            }
            Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the database owner's password in " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the database owner's password (is " + file + " missing?): " + e.getMessage(), e);
        }
    }

    /** Grants the auditor user read access with a fresh password, then serves the database on the loopback address. */
    static AuditorAccess open(DataSource database, Path dir) {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS " + USER + " PASSWORD ''");
            try (PreparedStatement p = c.prepareStatement("ALTER USER " + USER + " SET PASSWORD ?")) {
                p.setString(1, password);
                p.execute();
            }
            s.execute("GRANT SELECT ON SCHEMA PUBLIC TO " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot give auditors read access to the message log: " + e.getMessage(), e);
        }
        try {
            Path secret = dir.resolve(SECRET_FILE);
            Files.deleteIfExists(secret);
            Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(secret, password, StandardCharsets.US_ASCII);
            // without -tcpAllowOthers H2 accepts loopback connections only
            Server server = Server.createTcpServer("-tcpPort", String.valueOf(freePort()), "-baseDir", dir.toAbsolutePath().toString(), "-ifExists").start();
            Path portFile = dir.resolve(PORT_FILE + ".new");
            Files.writeString(portFile, String.valueOf(server.getPort()), StandardCharsets.US_ASCII);
            Files.move(portFile, dir.resolve(PORT_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new AuditorAccess(server, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot serve the message log to auditors: " + e.getMessage(), e);
        }
    }

    /** The URL a log command reads through: the running node's server if there is one, else the file itself. */
    static String readerUrl(Path dir) {
        Path portFile = dir.resolve(PORT_FILE);
        // a node that runs holds its file's lock; a port file without one is left by a node that died, and whoever
        // listens on that port now is not the node
        if (Files.isRegularFile(portFile) && nodeHolds(dir.resolve("govbus.mv.db"))) {
            try {
                int port = Integer.parseInt(Files.readString(portFile).trim());
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                    return "jdbc:h2:tcp://127.0.0.1:" + port + "/govbus;IFEXISTS=TRUE";
                }
            } catch (IOException | NumberFormatException e) {
                // a port file left by a node that did not stop cleanly: nobody serves it, so the file is free
            }
        }
        return "jdbc:h2:file:" + dir.resolve("govbus").toAbsolutePath() + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
    }

    /** Whether a process holds the database file's lock (H2 locks it while open); shared-locking it here would fail. */
    private static boolean nodeHolds(Path database) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(database, java.nio.file.StandardOpenOption.READ);
             java.nio.channels.FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true)) {
            return lock == null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String password(Path dir) {
        try {
            return Files.readString(dir.resolve(SECRET_FILE), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(SECRET_FILE) + " (the node writes it at start; run as its user): "
                    + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        server.stop();
        Files.deleteIfExists(dir.resolve(PORT_FILE));
    }
}
