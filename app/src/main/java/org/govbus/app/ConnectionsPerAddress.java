package org.govbus.app;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most so many open connections from one address: without it, one host could hold every slot of the node's
 * connection cap alone. A connection over the limit is closed as soon as it is opened, before it is read.
 */
final class ConnectionsPerAddress implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);

    private final int max;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    /** the address of each connection counted: a closed channel no longer tells its remote address */
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = address(connection);
        if (address == null) return;
        int now = open.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        counted.put(connection, address);
        if (now > max) {
            uncount(connection);
            LOG.warn("closing a connection from {}: it has {} open, at most {} are allowed from one address", address.getHostAddress(), now - 1, max);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        uncount(connection);
    }

    /** Once per connection, whether Jetty reports the close of one refused while opening or not. */
    private void uncount(Connection connection) {
        InetAddress address = counted.remove(connection);
        if (address != null) open.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    private static InetAddress address(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
