package org.govbus.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.govbus.fixtures.AgencySimulator;

/** The bus configuration a bench run uses: persistent embedded broker, H2 file log, real keys, the simulator as agency. */
final class BenchConfig {
    private BenchConfig() {}

    static Path write(Path dir, int port, URI register) throws IOException { return write(dir, port, register, (AgencySimulator) null); }

    /** With the real-estate registry's certificate too, from {@code estate} when it is not null (the scaling curves). */
    static Path write(Path dir, int port, URI register, AgencySimulator estate) throws IOException {
        return write(dir, port, register, "allowedClients: [KZ/GOV/EGOV/portal]", estate);
    }

    /** @param access the service's allowedClients line, and quotas if any, at its indentation */
    static Path write(Path dir, int port, URI register, String access) throws IOException { return write(dir, port, register, access, null); }

    private static Path write(Path dir, int port, URI register, String access, AgencySimulator estate) throws IOException {
        String estateProvider = estate == null ? "" : """
                  %s:
                    adapter: %s
                    options: {%s}
                """.formatted(estate.system(), estate.adapter(), estate.options().entrySet().stream()
                        .map(o -> o.getKey() + ": '" + o.getValue() + "'").collect(java.util.stream.Collectors.joining(", ")));
        String estateService = estate == null ? "" : """
                  %s/real-estate-by-iin/v1:
                    timeout: 5s
                    allowedClients: [KZ/GOV/EGOV/portal]
                """.formatted(estate.system());
        Files.writeString(dir.resolve("routing.yaml"), """
                providers:
                  KZ/GOV/MJ/gbd-fl:
                    adapter: population-register
                    options: {endpoint: %s}
                %sservices:
                  KZ/GOV/MJ/gbd-fl/person-by-iin/v1:
                    timeout: 5s
                    %s
                %s""".formatted(register, estateProvider, access, estateService));
        return Files.writeString(dir.resolve("govbus.yaml"), """
                system: KZ/GOV/GOVBUS/bus
                http: {host: 127.0.0.1, port: %d}
                dataDir: data
                routing: routing.yaml
                broker: {url: embedded}
                database: {url: embedded}
                security:
                  keystore: pki/bus.p12
                  truststore: pki/trust.p12
                  password: changeit
                  timestampSkew: 300s
                """.formatted(port));
    }
}
