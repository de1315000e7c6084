package org.govbus.app;

import java.net.URI;
import java.nio.file.Path;
import org.govbus.core.id.SystemId;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.security.KeyMaterial;
import org.govbus.core.security.SystemCertificates;
import org.govbus.core.security.TrustAnchors;
import picocli.CommandLine.Option;

/** What a command acting as a client system shares: where the bus is, whose key signs, whom to trust for the answer. */
final class ClientOptions {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080/soap",
            description = "bus SOAP endpoint (default: ${DEFAULT-VALUE}); for JSON and fetches only its host and port are used")
    URI url;

    @Option(names = "--keystore", description = "client keystore (default: data/demo/pki/portal.p12)")
    Path keystore;

    @Option(names = "--truststore", description = "trust store to check the bus's answer (default: data/demo/pki/trust.p12)")
    Path truststore;

    @Option(names = "--password", defaultValue = "changeit", description = "keystore password (default: ${DEFAULT-VALUE})")
    String password;

    @Option(names = "--bus", defaultValue = "KZ/GOV/GOVBUS/bus", description = "the system that must have signed the answer")
    String bus;

    @Option(names = "--user-id", defaultValue = "operator-0042", description = "the official acting")
    String userId;

    @Option(names = "--purpose", defaultValue = "Public service delivery: checking the applicant's registration",
            description = "the legal basis of the request")
    String purpose;

    private static Path demoPki() { return GovBusCli.home().resolve("data/demo/pki"); }

    KeyMaterial key() {
        return KeyMaterial.load(keystore != null ? keystore : DemoPki.keyStoreOf(demoPki(), DemoPki.PORTAL), password.toCharArray());
    }

    /** The client system the key's certificate names. */
    static SystemId clientOf(KeyMaterial key) {
        SystemId client = SystemCertificates.systemOf(key.certificate());
        if (client == null) throw new IllegalArgumentException("the keystore's certificate does not name a system in its CN");
        return client;
    }

    /** The trust store to check the bus's answer with; read only when there is an answer to check. */
    TrustAnchors trust() {
        return TrustAnchors.load(truststore != null ? truststore : demoPki().resolve(DemoPki.TRUST_STORE), password.toCharArray());
    }

    SystemId busSystem() { return SystemId.parse(bus); }
}
