package org.govbus.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.govbus.core.config.BusConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Start a bus node and serve until stopped (Ctrl-C).")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "node configuration (default: config/govbus.yaml)")
    Path config;

    @Option(names = "--port", description = "HTTP port, overriding the configuration")
    Integer port;

    @Override
    public Integer call() throws Exception {
        BusConfig cfg = BusConfig.load(config != null ? config : GovBusCli.home().resolve("config/govbus.yaml"), System.getenv());
        if (port != null) cfg = cfg.withPort(port);
        serve(GovBusNode.start(cfg));
        return 0;
    }

    /** Blocks until the process is told to stop, then closes the node (and whatever else) in order. */
    static void serve(AutoCloseable... running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable c : running) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("govbus: while stopping: " + GovBusCli.oneLine(e));
                }
            }
            stopped.countDown();
        }, "govbus-shutdown"));
        stopped.await();
    }
}
