package org.govbus.core.pki;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.govbus.core.id.SystemId;

/**
 * The demo PKI that {@code govbus pki init} writes: a root CA, the bus's signing certificate, two client
 * systems (the e-gov portal and a Public Service Center) and the population register.
 */
public final class DemoPki {
    public static final SystemId BUS = SystemId.parse("KZ/GOV/GOVBUS/bus");
    public static final SystemId PORTAL = SystemId.parse("KZ/GOV/EGOV/portal");
    public static final SystemId PSC = SystemId.parse("KZ/GOV/CSC/psc");
    public static final SystemId POPULATION_REGISTER = SystemId.parse("KZ/GOV/MJ/gbd-fl");
    public static final List<SystemId> SYSTEMS = List.of(BUS, PORTAL, PSC, POPULATION_REGISTER);
    public static final String TRUST_STORE = "trust.p12";
    public static final String AUTHORITY = "ca.p12";

    private DemoPki() {}

    /** The keystore file of a system in a PKI directory: its subsystem code, e.g. {@code portal.p12}. */
    public static Path keyStoreOf(Path dir, SystemId system) { return dir.resolve(system.subsystem() + ".p12"); }

    /** Writes the CA, the trust store and one keystore per demo system into {@code dir}; returns the files written. */
    public static List<Path> init(Path dir, char[] password) {
        return init(dir, password, Pki.Revocation.NONE);
    }

    /** The same, the systems' certificates naming {@code revocation} as where their status is published. */
    public static List<Path> init(Path dir, char[] password, Pki.Revocation revocation) {
        Instant now = Instant.now();
        Pki.Authority ca = Pki.rootAuthority("GovBus Demo Root CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
        Pki.writeAuthority(ca, dir.resolve(AUTHORITY), password);
        Pki.writeTrustStore(List.of(ca.certificate()), dir.resolve(TRUST_STORE), password);
        for (SystemId system : SYSTEMS) {
            Pki.writeKeyStore(Pki.issue(ca, system, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(825)), password, revocation),
                    keyStoreOf(dir, system));
        }
        return List.of(dir.resolve(AUTHORITY), dir.resolve(TRUST_STORE), keyStoreOf(dir, BUS), keyStoreOf(dir, PORTAL),
                keyStoreOf(dir, PSC), keyStoreOf(dir, POPULATION_REGISTER));
    }
}
