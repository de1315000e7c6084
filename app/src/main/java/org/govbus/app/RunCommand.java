package org.govbus.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Start a bus node and serve until stopped (Ctrl-C).")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    NodeOptions node;

    @Override
    public Integer call() throws Exception {
        serve(GovBusNode.start(node.load("config/govbus.yaml")));
        return 0;
    }

    /** Blocks until the process is told to stop, then closes the node (and whatever else) in order. */
    public static void serve(AutoCloseable... running) throws InterruptedException {
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
