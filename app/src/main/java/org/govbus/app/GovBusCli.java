package org.govbus.app;

import java.nio.file.Path;
import org.govbus.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code govbus}: run, send, pki init|revoke, routes check|list, and {@code demo} when the demo module is on the classpath. */
@Command(name = "govbus", mixinStandardHelpOptions = true, version = "GovBus 0.1.0",
        description = "GovBus, the interagency integration bus.",
        subcommands = {RunCommand.class, SendCommand.class, FetchCommand.class, PkiCommand.class, RoutesCommand.class, LogCommand.class, DlqCommand.class, PaymentsCommand.class})
public final class GovBusCli implements Runnable {
    /** Where the checkout (or installation) is: config/ and data/ are found from here. */
    public static Path home() {
        String home = System.getenv("GOVBUS_HOME");
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code: 0 done, 1 failed, 2 bad usage. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new GovBusCli());
        // commands of other modules on the classpath, e.g. `demo` from the demo module
        for (CliExtension extension : java.util.ServiceLoader.load(CliExtension.class, GovBusCli.class.getClassLoader())) {
            cli.addSubcommand(extension.command());
        }
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("govbus: " + oneLine(e));
            return 1;
        });
        return cli.execute(args);
    }

    public static String oneLine(Throwable e) {
        if (e instanceof ConfigException c) return c.getMessage();
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
