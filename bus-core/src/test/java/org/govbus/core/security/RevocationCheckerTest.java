package org.govbus.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.SystemId;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.pki.DemoRevocation;
import org.govbus.core.pki.Pki;
import org.govbus.core.security.RevocationChecker.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revocation through OCSP and CRL against the demo CA's real responder over HTTP, signatures and all. */
class RevocationCheckerTest {
    static final char[] PASSWORD = "changeit".toCharArray();
    static final SystemId PORTAL = SystemId.parse("KZ/GOV/EGOV/portal");
    static final Instant NOW = Instant.now();

    @TempDir
    static Path dir;
    static Pki.Authority ca;
    static Pki.Authority otherCa;
    static DemoRevocation responder;
    static DemoRevocation otherResponder;
    static int closedPort;

    final RevocationChecker checker = new RevocationChecker(Duration.ofSeconds(2), Clock.systemUTC());

    @BeforeAll
    static void start() throws Exception {
        ca = authority(dir.resolve("ca"), "Test Root CA");
        otherCa = authority(dir.resolve("other"), "Other CA");
        responder = DemoRevocation.start(dir.resolve("ca"), PASSWORD, "127.0.0.1", 0);
        otherResponder = DemoRevocation.start(dir.resolve("other"), PASSWORD, "127.0.0.1", 0);
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        responder.close();
        otherResponder.close();
    }

    static Pki.Authority authority(Path pkiDir, String name) {
        Pki.Authority a = Pki.rootAuthority(name, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        Pki.writeAuthority(a, pkiDir.resolve(DemoPki.AUTHORITY), PASSWORD);
        return a;
    }

    static KeyMaterial issue(Pki.Revocation where) {
        return Pki.issue(ca, PORTAL, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), PASSWORD, where);
    }

    static String url(DemoRevocation r, String path) { return "http://127.0.0.1:" + r.port() + path; }

    Status status(KeyMaterial key) { return checker.status(key.certificate(), ca.certificate(), why -> { }); }

    @Test
    void aCertificateTheResponderKnowsIsGoodAndOneItWasToldOfIsRevoked() throws Exception {
        KeyMaterial good = issue(new Pki.Revocation(url(responder, "/ocsp"), null));
        KeyMaterial revoked = issue(new Pki.Revocation(url(responder, "/ocsp"), null));
        DemoRevocation.revoke(dir.resolve("ca"), revoked.certificate());
        assertThat(status(good)).isEqualTo(Status.GOOD);
        assertThat(status(revoked)).isEqualTo(Status.REVOKED);
    }

    @Test
    void aCertificateNamingOnlyACrlIsLookedUpInIt() throws Exception {
        KeyMaterial good = issue(new Pki.Revocation(null, url(responder, "/crl")));
        KeyMaterial revoked = issue(new Pki.Revocation(null, url(responder, "/crl")));
        DemoRevocation.revoke(dir.resolve("ca"), revoked.certificate());
        assertThat(status(good)).isEqualTo(Status.GOOD);
        assertThat(status(revoked)).isEqualTo(Status.REVOKED);
    }

    @Test
    void whenTheResponderCannotBeReachedTheCrlDecides() throws Exception {
        KeyMaterial revoked = issue(new Pki.Revocation("http://127.0.0.1:" + closedPort + "/ocsp", url(responder, "/crl")));
        DemoRevocation.revoke(dir.resolve("ca"), revoked.certificate());
        assertThat(status(revoked)).isEqualTo(Status.REVOKED);
    }

    @Test
    void nothingReachableIsUnknownAndSaysWhy() {
        KeyMaterial key = issue(new Pki.Revocation("http://127.0.0.1:" + closedPort + "/ocsp", null));
        String[] why = new String[1];
        assertThat(checker.status(key.certificate(), ca.certificate(), w -> why[0] = w)).isEqualTo(Status.UNKNOWN);
        assertThat(why[0]).contains("cannot be reached");
    }

    @Test
    void anAnswerSignedByAnotherAuthorityDoesNotCount() {
        KeyMaterial key = issue(new Pki.Revocation(url(otherResponder, "/ocsp"), url(otherResponder, "/crl")));
        String[] why = new String[1];
        assertThat(checker.status(key.certificate(), ca.certificate(), w -> why[0] = w)).isEqualTo(Status.UNKNOWN);
        assertThat(why[0]).contains("not signed for the issuing CA").contains("is not the issuing CA's");
    }

    @Test
    void aPointerTheBusCannotFetchIsUnknownNotGood() {
        String[] why = new String[1];
        KeyMaterial ldap = issue(new Pki.Revocation(null, "ldap://directory.example.kz/cn=CA?certificateRevocationList"));
        assertThat(checker.status(ldap.certificate(), ca.certificate(), w -> why[0] = w)).isEqualTo(Status.UNKNOWN);
        assertThat(why[0]).contains("not at an http URL");
    }

    @Test
    void aCertificateNamingNoRevocationServiceIsGood() {
        assertThat(status(issue(Pki.Revocation.NONE))).isEqualTo(Status.GOOD);
    }

    @Test
    void theTrustAnchorsRefuseARevokedSignerAndOneOfUnknownStatusUnlessItsAnchorAcceptsThat() throws Exception {
        KeyMaterial revoked = issue(new Pki.Revocation(url(responder, "/ocsp"), null));
        DemoRevocation.revoke(dir.resolve("ca"), revoked.certificate());
        KeyMaterial unreachable = issue(new Pki.Revocation("http://127.0.0.1:" + closedPort + "/ocsp", null));
        TrustAnchors failClosed = TrustAnchors.of(List.of(ca.certificate()))
                .withRevocation(checker, new TrustAnchors.RevocationPolicy(true, Map.of()));
        TrustAnchors openForThisCa = TrustAnchors.of(List.of(ca.certificate()))
                .withRevocation(checker, new TrustAnchors.RevocationPolicy(true, Map.of("Test Root CA", false)));

        assertThatThrownBy(() -> failClosed.verify(List.of(revoked.certificate()), Date.from(Instant.now())))
                .isInstanceOfSatisfying(BusException.class, e -> {
                    assertThat(e.code()).isEqualTo(FaultCode.UNTRUSTED_CERTIFICATE);
                    assertThat(e.reason()).isEqualTo("the signing certificate has been revoked by its authority");
                });
        assertThatThrownBy(() -> failClosed.verify(List.of(unreachable.certificate()), Date.from(Instant.now())))
                .isInstanceOfSatisfying(BusException.class, e ->
                        assertThat(e.reason()).isEqualTo("the revocation status of the signing certificate cannot be obtained"));
        openForThisCa.verify(List.of(unreachable.certificate()), Date.from(Instant.now()));
        assertThatThrownBy(() -> openForThisCa.verify(List.of(revoked.certificate()), Date.from(Instant.now())))
                .as("accepting an unknown status never accepts a revoked one").isInstanceOf(BusException.class);
    }
}
