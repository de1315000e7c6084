package org.govbus.app;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import java.util.List;
import org.apache.cxf.Bus;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.govbus.core.config.BusConfig;

/**
 * The one Jetty server that /soap and /api/v1 share, made by the bus before any endpoint is published on the node's
 * CXF bus, because what it must enforce belongs to the connector, which CXF would otherwise build and start on its
 * own: no server name or version in any response, at most {@code http.maxConnections} open connections and
 * {@code http.maxConnectionsPerAddress} from one address, idle ones closed, and slow ones evicted ({@link SlowClients}).
 */
final class HttpEdge {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final Server server;

    private HttpEdge(Server server) {
        this.server = server;
    }

    static HttpEdge prepare(Bus cxfBus, BusConfig config) throws Exception {
        BusConfig.Connections limits = config.connections();
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setReuseAddress(true);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        connector.addBean(new ConnectionsPerAddress(limits.maxConnectionsPerAddress()));
        server.addBean(new SlowClients(connector, limits.headerTimeout(), limits.minDataRate()));

        JettyHTTPServerEngine engine = cxfBus.getExtension(JettyHTTPServerEngineFactory.class)
                .createJettyHTTPServerEngine(config.host(), config.port(), "http");
        engine.setSendServerVersion(false);
        engine.setMaxIdleTime((int) limits.idleTimeout().toMillis());
        // CXF adds this connector to its server (the connector's own) and starts it when the first endpoint is published
        engine.setConnector(connector);
        return new HttpEdge(server);
    }

    /**
     * Puts {@code filter} in front of every context CXF made (/soap and /), so each request passes it before CXF reads
     * its body. Called once every endpoint is published: CXF makes a context per endpoint as it publishes it.
     */
    void guard(Filter filter) {
        List<ServletContextHandler> contexts = server.getDescendants(ServletContextHandler.class);
        if (contexts.isEmpty()) throw new IllegalStateException("no endpoint is published on the HTTP edge");
        for (ServletContextHandler context : contexts) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
    }
}
