package org.govbus.app;

import org.apache.cxf.Bus;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.govbus.core.config.BusConfig;

/**
 * The one Jetty engine that /soap and /api/v1 share, made before any endpoint is published on the node's CXF bus:
 * no server name or version in any response, and a connection that sends nothing for the idle timeout is closed.
 */
final class HttpEdge {
    private HttpEdge() {}

    static void prepare(Bus cxfBus, BusConfig config) throws Exception {
        JettyHTTPServerEngine engine = cxfBus.getExtension(JettyHTTPServerEngineFactory.class)
                .createJettyHTTPServerEngine(config.host(), config.port(), "http");
        engine.setSendServerVersion(false);
        engine.setMaxIdleTime((int) config.connections().idleTimeout().toMillis());
    }
}
