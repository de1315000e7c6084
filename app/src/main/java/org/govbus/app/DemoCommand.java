package org.govbus.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.govbus.core.config.BusConfig;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.pki.DemoRevocation;
import org.govbus.core.routing.ProviderRoute;
import org.govbus.core.routing.RoutingTable;
import org.govbus.fixtures.PopulationRegisterSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the bus with embedded Artemis and H2, the demo PKI and the agency simulators.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    NodeOptions node;

    @Override
    public Integer call() throws Exception {
        Path home = GovBusCli.home();
        BusConfig cfg = node.load("config/demo/govbus.yaml");
        Path pki = cfg.security().keystore().getParent();
        if (!Files.exists(cfg.security().keystore())) {
            DemoPki.init(pki, cfg.security().password(), DemoRevocation.urls(cfg.host(), DemoRevocation.DEMO_PORT));
            System.out.println("Made a demo PKI in " + pki);
        }
        // the demo CA's OCSP responder and CRL, which the demo certificates name
        DemoRevocation revocation = DemoRevocation.start(pki, cfg.security().password(), cfg.host(), DemoRevocation.DEMO_PORT);
        PopulationRegisterSimulator register = new PopulationRegisterSimulator(simulatorPort(cfg));
        GovBusNode node;
        try {
            node = GovBusNode.start(cfg);
        } catch (Exception e) {
            register.close();
            revocation.close();
            throw e;
        }
        printNextSteps(node, register, home, pki);
        RunCommand.serve(node, register, revocation);
        return 0;
    }

    /** The demo starts the register's simulator where the demo routing table expects the register. */
    private static int simulatorPort(BusConfig cfg) {
        RoutingTable table = GovBusNode.routingTableLoader().load(cfg.routingFile());
        return table.providers().stream().filter(p -> p.adapter().equals("population-register"))
                .map(ProviderRoute::endpoint).findFirst().orElseThrow().getPort();
    }

    private static void printNextSteps(GovBusNode node, PopulationRegisterSimulator register, Path home, Path pki) {
        String launcher = home.equals(Path.of("").toAbsolutePath()) ? "./govbus" : home.resolve("govbus").toString();
        System.out.println();
        System.out.println("GovBus demo is ready.");
        System.out.println("  SOAP endpoint       " + node.soapUrl() + "   (WSDL: " + node.soapUrl() + "?wsdl)");
        System.out.println("  JSON endpoint       " + node.baseUrl() + "/api/v1/services/{service id}   (OpenAPI: " + node.baseUrl() + "/api/v1/openapi.json)");
        System.out.println("  health, metrics     " + node.baseUrl() + "/health   " + node.baseUrl() + "/metrics");
        System.out.println("  population register " + register.endpoint() + "   (simulator)");
        System.out.println("  demo CA revocation  http://127.0.0.1:" + DemoRevocation.DEMO_PORT + "/ocsp   /crl   (revoke: "
                + "govbus pki revoke KZ/GOV/CSC/psc)");
        System.out.println("  data and demo PKI   " + node.config().dataDir() + "   (PKI in " + pki + ")");
        System.out.println();
        System.out.println("Try, in another terminal:");
        System.out.println("  " + launcher + " send --service KZ/GOV/MJ/gbd-fl/person-by-iin/v1 config/demo/requests/person-by-iin.xml");
        System.out.println("  " + launcher + " send --service KZ/GOV/MJ/gbd-fl/person-by-iin/v1 --out signed.xml config/demo/requests/person-by-iin.xml");
        System.out.println("  curl -s -H 'Content-Type: text/xml' --data-binary @signed.xml " + node.soapUrl());
        System.out.println("  " + launcher + " send --json --service KZ/GOV/MJ/gbd-fl/person-by-iin/v1 config/demo/requests/person-by-iin.json");
        System.out.println("  config/demo/clients/send-json.sh KZ/GOV/MJ/gbd-fl/person-by-iin/v1 config/demo/requests/person-by-iin.json");
        System.out.println("  " + launcher + " routes list --routing config/demo/routing.yaml");
        System.out.println();
        System.out.println("Stop with Ctrl-C.");
    }
}
