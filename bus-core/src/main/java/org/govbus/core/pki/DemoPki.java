package org.govbus.core.pki;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.govbus.core.id.SystemId;

/**
 * The demo PKI that {@code govbus pki init} writes: a root CA, the bus's signing certificate, two client
 * systems (the e-gov portal and a Public Service Center), the population register and a time-stamping authority.
 */
public final class DemoPki {
    public static final SystemId BUS = SystemId.parse("KZ/GOV/GOVBUS/bus");
    public static final SystemId PORTAL = SystemId.parse("KZ/GOV/EGOV/portal");
    public static final SystemId PSC = SystemId.parse("KZ/GOV/CSC/psc");
    public static final SystemId POPULATION_REGISTER = SystemId.parse("KZ/GOV/MJ/gbd-fl");
    public static final List<SystemId> SYSTEMS = List.of(BUS, PORTAL, PSC, POPULATION_REGISTER);
    public static final String TRUST_STORE = "trust.p12";
    public static final String AUTHORITY = "ca.p12";
    /** the CA's certificate alone, for auditors' tools: {@code govbus log check-evidence --ca}, {@code openssl verify -CAfile} */
    public static final String AUTHORITY_PEM = "ca.pem";
    /** The demo's time-stamping authority, which stamps the evidence log's checkpoints. */
    public static final String TIME_STAMPING = "tsa.p12";
    public static final String TIME_STAMPING_NAME = "GovBus Demo Time-Stamp Authority";

    private DemoPki() {}

    /** The keystore file of a system in a PKI directory: its subsystem code, e.g. {@code portal.p12}. */
    public static Path keyStoreOf(Path dir, SystemId system) { return dir.resolve(system.subsystem() + ".p12"); }

    /**
     * Writes the CA, the trust store, one keystore per demo system and the time-stamping authority's keystore into
     * {@code dir}; returns the files written.
     */
    public static List<Path> init(Path dir, char[] password) {
        return init(dir, password, Pki.Revocation.NONE);
    }

    /** The same, the systems' certificates naming {@code revocation} as where their status is published. */
    public static List<Path> init(Path dir, char[] password, Pki.Revocation revocation) {
        Instant now = Instant.now();
        Pki.Authority ca = Pki.rootAuthority("GovBus Demo Root CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
        Pki.writeAuthority(ca, dir.resolve(AUTHORITY), password);
        Pki.writeTrustStore(List.of(ca.certificate()), dir.resolve(TRUST_STORE), password);
        writePem(ca.certificate(), dir.resolve(AUTHORITY_PEM));
        for (SystemId system : SYSTEMS) {
            Pki.writeKeyStore(Pki.issue(ca, system, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(825)), password, revocation),
                    keyStoreOf(dir, system));
        }
        Pki.writeKeyStore(Pki.issueTimeStamping(ca, TIME_STAMPING_NAME, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(825)),
                password), dir.resolve(TIME_STAMPING));
        return List.of(dir.resolve(AUTHORITY), dir.resolve(AUTHORITY_PEM), dir.resolve(TRUST_STORE), keyStoreOf(dir, BUS), keyStoreOf(dir, PORTAL),
                keyStoreOf(dir, PSC), keyStoreOf(dir, POPULATION_REGISTER), dir.resolve(TIME_STAMPING));
    }

    /**
     * Adds the time-stamp authority to a demo PKI made before there was one, issued by its CA; returns whether it
     * wrote one. A demo data directory from an earlier version keeps working.
     */
    public static boolean ensureTimeStamping(Path dir, char[] password) {
        Path tsa = dir.resolve(TIME_STAMPING);
        if (java.nio.file.Files.exists(tsa) || !java.nio.file.Files.exists(dir.resolve(AUTHORITY))) return false;
        org.govbus.core.security.KeyMaterial caKey = org.govbus.core.security.KeyMaterial.load(dir.resolve(AUTHORITY), password);
        Pki.Authority ca = new Pki.Authority(new java.security.KeyPair(caKey.certificate().getPublicKey(), caKey.privateKey()), caKey.certificate());
        Instant now = Instant.now();
        Pki.writeKeyStore(Pki.issueTimeStamping(ca, TIME_STAMPING_NAME, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(825)), password), tsa);
        writePem(ca.certificate(), dir.resolve(AUTHORITY_PEM));
        return true;
    }

    private static void writePem(java.security.cert.X509Certificate cert, Path file) {
        try {
            java.nio.file.Files.write(file, Pem.encode(cert));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
