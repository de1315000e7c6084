package org.govbus.app;

import java.nio.file.Path;
import org.govbus.core.config.BusConfig;
import picocli.CommandLine.Option;

/** The options every command that starts a node shares. */
public final class NodeOptions {
    @Option(names = {"-c", "--config"}, description = "node configuration (default: config/govbus.yaml, or config/demo/govbus.yaml for demo, under GOVBUS_HOME)")
    Path config;

    @Option(names = "--port", description = "HTTP port, overriding the configuration")
    Integer port;

    public BusConfig load(String defaultConfig) {
        BusConfig cfg = BusConfig.load(config != null ? config : GovBusCli.home().resolve(defaultConfig), System.getenv());
        return port != null ? cfg.withPort(port) : cfg;
    }
}
