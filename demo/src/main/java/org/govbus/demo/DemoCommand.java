package org.govbus.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.govbus.app.CliExtension;
import org.govbus.app.GovBusCli;
import org.govbus.app.GovBusNode;
import org.govbus.app.NodeOptions;
import org.govbus.app.RunCommand;
import org.govbus.core.adapter.AdapterOptions;
import org.govbus.core.config.BusConfig;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.pki.DemoRevocation;
import org.govbus.core.routing.ProviderRoute;
import org.govbus.core.routing.RoutingTable;
import org.govbus.fixtures.AgencySimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the bus with embedded Artemis and H2, the demo PKI, and a simulator for every provider "
                + "in the demo routing table whose adapter has one.")
public final class DemoCommand implements Callable<Integer>, CliExtension {
    private static final Pattern PORT = Pattern.compile("//[^/:]+:(\\d+)");

    @Mixin
    NodeOptions node;

    @Spec
    CommandSpec spec;

    @Override
    public Object command() { return this; }

    @Override
    public Integer call() throws Exception {
        Path home = GovBusCli.home();
        BusConfig cfg = node.load("config/demo/govbus.yaml");
        Path pki = cfg.security().keystore().getParent();
        if (!Files.exists(cfg.security().keystore())) {
            DemoPki.init(pki, cfg.security().password(), DemoRevocation.urls(cfg.host(), DemoRevocation.DEMO_PORT));
            spec.commandLine().getOut().println("Made a demo PKI in " + pki);
        } else if (DemoPki.ensureTimeStamping(pki, cfg.security().password())) {
            spec.commandLine().getOut().println("Added the demo time-stamp authority to " + pki);
        }
        List<AutoCloseable> running = new ArrayList<>();
        // the demo CA's OCSP responder and CRL, which the demo certificates name
        running.add(DemoRevocation.start(pki, cfg.security().password(), cfg.host(), DemoRevocation.DEMO_PORT));
        Map<String, AgencySimulator> agencies;
        GovBusNode bus;
        try {
            agencies = startSimulators(GovBusNode.routingTableLoader().load(cfg.routingFile()), running);
            bus = GovBusNode.start(cfg);
        } catch (Exception e) {
            for (AutoCloseable c : running) c.close();
            throw e;
        }
        running.add(0, bus);
        printNextSteps(spec.commandLine().getOut(), bus, agencies, home, pki);
        RunCommand.serve(running.toArray(AutoCloseable[]::new));
        return 0;
    }

    /** One simulator per provider whose adapter has one, where the routing table expects that agency. */
    private static Map<String, AgencySimulator> startSimulators(RoutingTable table, List<AutoCloseable> running) throws Exception {
        Map<String, Class<? extends AgencySimulator>> byAdapter = new TreeMap<>();
        for (ServiceLoader.Provider<AgencySimulator> p : ServiceLoader.load(AgencySimulator.class, DemoCommand.class.getClassLoader())
                .stream().toList()) {
            byAdapter.put(p.get().adapter(), p.type());
        }
        Map<String, AgencySimulator> started = new TreeMap<>();
        for (ProviderRoute provider : table.providers()) {
            Class<? extends AgencySimulator> type = byAdapter.get(provider.adapter());
            if (type == null) continue;
            AgencySimulator agency = type.getDeclaredConstructor().newInstance();
            agency.configure(option -> provider.options().has(option) ? provider.options().text(option) : null);
            agency.start(portOf(provider.options()));
            running.add(agency);
            started.put(provider.system().toString(), agency);
        }
        return started;
    }

    /** The port the provider's endpoint or JDBC URL names. */
    private static int portOf(AdapterOptions options) {
        String where = options.has("endpoint") ? options.url("endpoint").toString() : options.optionalText("jdbcUrl").orElse("");
        Matcher m = PORT.matcher(where);
        if (!m.find()) throw options.error("the demo cannot tell on which port to start this agency's simulator: " + where);
        return Integer.parseInt(m.group(1));
    }

    /** {@code --config FILE} of the running demo, relative to the working directory when it is under it. */
    private static String configOption(GovBusNode node) {
        Path file = node.config().file().toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return " --config " + (file.startsWith(here) ? here.relativize(file) : file);
    }

    private static void printNextSteps(PrintWriter out, GovBusNode node, Map<String, AgencySimulator> agencies, Path home, Path pki) {
        String launcher = home.equals(Path.of("").toAbsolutePath()) ? "./govbus" : home.resolve("govbus").toString();
        out.println();
        out.println("GovBus demo is ready.");
        out.println("  SOAP endpoint       " + node.soapUrl() + "   (WSDL of a service: " + node.baseUrl() + "/wsdl/{service id})");
        out.println("  JSON endpoint       " + node.baseUrl() + "/api/v1/services/{service id}   (OpenAPI: " + node.baseUrl() + "/api/v1/openapi.json)");
        out.println("  health, metrics     " + node.baseUrl() + "/health   " + node.baseUrl() + "/metrics");
        agencies.forEach((system, agency) -> out.printf("  %-19s %s   (simulator of %s)%n", system, agency.options().values(), agency.adapter()));
        out.println("  demo CA revocation  http://127.0.0.1:" + DemoRevocation.DEMO_PORT + "/ocsp   /crl   (revoke: "
                + "govbus pki revoke KZ/GOV/CSC/psc)");
        out.println("  data and demo PKI   " + node.config().dataDir() + "   (PKI in " + pki + ")");
        out.println();
        out.println("Try, in another terminal (every sample in config/demo/requests/ is named after its service):");
        out.println("  " + launcher + " send --service KZ/GOV/MJ/gbd-fl/person-by-iin/v1 config/demo/requests/person-by-iin.xml");
        out.println("  " + launcher + " send --service KZ/GOV/MJ/gbd-fl/person-by-iin/v1 --out signed.xml config/demo/requests/person-by-iin.xml");
        out.println("  curl -s -H 'Content-Type: text/xml' --data-binary @signed.xml " + node.soapUrl());
        out.println("  " + launcher + " send --json --service KZ/GOV/MJ/gbd-fl/person-by-iin/v1 config/demo/requests/person-by-iin.json");
        out.println("  config/demo/clients/send-json.sh KZ/GOV/MJ/gbd-fl/person-by-iin/v1 config/demo/requests/person-by-iin.json");
        out.println("  " + launcher + " routes list --routing config/demo/routing.yaml");
        out.println("Pay a state fee twice with the same reference, then see one charge in the gateway's ledger, and reconcile the day:");
        out.println("  " + launcher + " send --service KZ/GOV/NIT/paygate/pay-state-fee/v1 config/demo/requests/pay-state-fee.xml");
        out.println("  " + launcher + " send --json --service KZ/GOV/NIT/paygate/pay-state-fee/v1 config/demo/requests/pay-state-fee.json");
        out.println("  curl -s http://127.0.0.1:18094/paygate/ledger");
        out.println("  " + launcher + " payments reconcile --date $(date -u -d '+5 hours' +%F)" + configOption(node));
        out.println("Pay out a benefit (ISO 20022 pain.001 to the bank), then read the bank's pain.002 status report and its ledger:");
        out.println("  " + launcher + " send --service KZ/COM/HSBK/payouts/benefit-payout/v1 config/demo/requests/benefit-payout.xml");
        out.println("  curl -s http://127.0.0.1:18095/bank/h2h/pain.002/DEMO-BEN-2026-0001");
        out.println("  curl -s http://127.0.0.1:18095/bank/h2h/ledger");
        out.println();
        out.println("Stop with Ctrl-C.");
        out.flush();
    }
}
