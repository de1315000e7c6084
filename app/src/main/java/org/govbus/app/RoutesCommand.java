package org.govbus.app;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.routing.ServiceRoute;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "routes", mixinStandardHelpOptions = true, description = "Check and list the routing table.",
        subcommands = {RoutesCommand.Check.class, RoutesCommand.List.class})
final class RoutesCommand implements Runnable {
    @Override
    public void run() { new picocli.CommandLine(this).usage(System.out); }

    static RoutingTable load(Path file) {
        Path f = file != null ? file : GovBusCli.home().resolve("config/routing.yaml");
        return GovBusNode.routingTableLoader().load(f);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a routing table as start-up would; print file:line: reason and exit 1 if it is bad.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "routing table (default: config/routing.yaml)")
        Path file;

        @Override
        public Integer call() {
            RoutingTable t = load(file);
            System.out.println("ok: " + t.services().size() + " services, " + t.providers().size() + " providers");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One service a line: service id, provider system, adapter, timeout, allowed clients.")
    static final class List implements Callable<Integer> {
        @Option(names = "--routing", description = "routing table (default: config/routing.yaml)")
        Path file;

        @Override
        public Integer call() {
            load(file).services().stream().sorted(Comparator.comparing(s -> s.service().toString()))
                    .forEach(s -> System.out.println(line(s)));
            return 0;
        }

        private static String line(ServiceRoute s) {
            return s.service() + "  provider=" + s.provider().system() + "  adapter=" + s.provider().adapter()
                    + "  timeout=" + s.timeout().toMillis() + "ms  clients="
                    + (s.allowedClients().isEmpty() ? "(none)" : s.allowedClients().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(",")));
        }
    }
}
