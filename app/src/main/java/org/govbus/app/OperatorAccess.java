package org.govbus.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;

/**
 * How {@code govbus dlq} reaches the embedded broker while the node runs: the broker also listens on the loopback
 * address (its port in {@code broker/operator.port}), and lets in over it only the {@code operator} user, whose password
 * the node draws at each start into {@code broker/operator.secret} (readable by the file's owner only). The node itself
 * connects in-VM and needs no password. The queues hold requests with personal data: no one else may browse them.
 */
final class OperatorAccess implements ActiveMQSecurityManager5 {
    static final String USER = "operator";
    private static final String PORT_FILE = "operator.port";
    private static final String SECRET_FILE = "operator.secret";

    private final byte[] password;
    final int port;

    private OperatorAccess(String password, int port) {
        this.password = password.getBytes(StandardCharsets.US_ASCII);
        this.port = port;
    }

    /** Draws the password and a free loopback port, and writes both where the commands look. */
    static OperatorAccess create(Path brokerDir) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Files.createDirectories(brokerDir);
            Files.setPosixFilePermissions(brokerDir, PosixFilePermissions.fromString("rwx------"));
            Path secret = brokerDir.resolve(SECRET_FILE);
            Files.deleteIfExists(secret);
            Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(secret, password, StandardCharsets.US_ASCII);
            Files.writeString(brokerDir.resolve(PORT_FILE), String.valueOf(s.getLocalPort()), StandardCharsets.US_ASCII);
            return new OperatorAccess(password, s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + brokerDir + ": " + e.getMessage(), e);
        }
    }

    /** The loopback URL and password of a running node's embedded broker, as its files say. */
    static Login read(Path brokerDir) {
        try {
            String port = Files.readString(brokerDir.resolve(PORT_FILE), StandardCharsets.US_ASCII).trim();
            String password = Files.readString(brokerDir.resolve(SECRET_FILE), StandardCharsets.US_ASCII).trim();
            return new Login("tcp://127.0.0.1:" + port, USER, password);
        } catch (IOException e) {
            throw new IllegalStateException("the node's broker is not reachable: cannot read " + brokerDir.resolve(SECRET_FILE)
                    + " (the node writes it at start; is it running, and are you its user?)");
        }
    }

    record Login(String url, String user, String password) {}

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (connection != null && (connection.getTransportConnection() instanceof InVMConnection
                || String.valueOf(connection.getRemoteAddress()).startsWith("invm:"))) return subject("node");
        return validateUser(user, password) ? subject(USER) : null;
    }

    /** Artemis takes a login only with a user principal in it. */
    private static Subject subject(String name) {
        Subject s = new Subject();
        s.getPrincipals().add(new org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal(name));
        return s;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) { return true; }

    @Override
    public boolean validateUser(String user, String password) {
        return USER.equals(user) && password != null
                && MessageDigest.isEqual(this.password, password.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return validateUser(user, password);
    }
}
