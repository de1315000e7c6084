package org.govbus.core.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate authorities the bus trusts, and the PKIX check of a signer's certificate against them; with
 * {@link #withRevocation}, also whether any certificate of the chain has been revoked (OCSP, else the CRL).
 */
public final class TrustAnchors {
    private static final Logger LOG = LoggerFactory.getLogger(TrustAnchors.class);

    private final KeyStore store;
    private final Set<TrustAnchor> anchors;
    private final RevocationChecker revocation;
    private final RevocationPolicy policy;

    /**
     * What to do when a certificate's revocation status cannot be obtained (its responder and CRL unreachable or
     * unusable): refuse the message (fail closed), unless the chain's trust anchor, named by its common name, is listed
     * with {@code false}; {@code refuseByDefault} for the others.
     */
    public record RevocationPolicy(boolean refuseByDefault, java.util.Map<String, Boolean> refuseByAnchor) {
        public RevocationPolicy {
            refuseByAnchor = java.util.Map.copyOf(refuseByAnchor);
        }

        boolean refuses(X509Certificate anchor) {
            return refuseByAnchor.getOrDefault(SystemCertificates.commonName(anchor), refuseByDefault);
        }
    }

    private TrustAnchors(KeyStore store, Set<TrustAnchor> anchors, RevocationChecker revocation, RevocationPolicy policy) {
        this.store = store;
        this.anchors = anchors;
        this.revocation = revocation;
        this.policy = policy;
    }

    /** These anchors, checking revocation too. */
    public TrustAnchors withRevocation(RevocationChecker checker, RevocationPolicy policy) {
        return new TrustAnchors(store, anchors, checker, policy);
    }

    private TrustAnchors(KeyStore store) throws GeneralSecurityException {
        this.store = store;
        this.revocation = null;
        this.policy = null;
        Set<TrustAnchor> set = new HashSet<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.getCertificate(alias) instanceof X509Certificate c) {
                set.add(new TrustAnchor(c, null));
            }
        }
        if (set.isEmpty()) throw new IllegalArgumentException("the trust store holds no certificate");
        this.anchors = Set.copyOf(set);
    }

    public static TrustAnchors load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return new TrustAnchors(ks);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read trust store " + file + ": " + e.getMessage(), e);
        }
    }

    public static TrustAnchors of(List<X509Certificate> certificates) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates) ks.setCertificateEntry("anchor-" + i++, c);
            return new TrustAnchors(ks);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public KeyStore keyStore() { return store; }

    /** Checks that the chain (signer first) leads to an anchor and that every certificate is valid at {@code at}. */
    public void verify(List<X509Certificate> chain, Date at) {
        X509Certificate signer = chain.get(0);
        if (signer.getBasicConstraints() != -1) {
            throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE, "a CA certificate cannot sign messages");
        }
        boolean[] usage = signer.getKeyUsage();
        if (usage == null || !(usage[0] || usage[1])) {
            throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE, "the certificate is not for digital signatures");
        }
        if (anchors.stream().anyMatch(a -> a.getTrustedCert().equals(signer))) {
            throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE, "a trust anchor cannot sign messages");
        }
        for (X509Certificate c : chain) {
            try {
                c.checkValidity(at);
            } catch (CertificateExpiredException e) {
                throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE, "the signing certificate has expired");
            } catch (CertificateNotYetValidException e) {
                throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE, "the signing certificate is not yet valid");
            }
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        path.removeIf(c -> anchors.stream().anyMatch(a -> a.getTrustedCert().equals(c)));
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false); // checked below, with the bus's own cache and policy
            params.setDate(at);
            PKIXCertPathValidatorResult valid = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, params);
            if (revocation != null) checkRevocation(path, valid.getTrustAnchor().getTrustedCert());
        } catch (CertPathValidatorException e) {
            throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE,
                    "the signing certificate does not chain to a trusted authority");
        } catch (InvalidAlgorithmParameterException | java.security.cert.CertificateException
                 | java.security.NoSuchAlgorithmException e) {
            throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE, "the signing certificate cannot be checked", e.getMessage(), null);
        }
    }

    /** Each certificate of the path (signer first), asked of its issuer: the next one, the anchor for the last. */
    private void checkRevocation(List<X509Certificate> path, X509Certificate anchor) {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate cert = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
            String[] why = new String[1];
            RevocationChecker.Status status = revocation.status(cert, issuer, reason -> why[0] = reason);
            String which = i == 0 ? "the signing certificate" : "a certificate in the signer's chain";
            if (status == RevocationChecker.Status.REVOKED) {
                throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE, which + " has been revoked by its authority");
            }
            if (status == RevocationChecker.Status.UNKNOWN) {
                if (policy.refuses(anchor)) {
                    throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE, "the revocation status of " + which + " cannot be obtained",
                            why[0], null);
                }
                LOG.warn("accepting {} serial {} of unknown revocation status, as set for {}: {}", which, cert.getSerialNumber().toString(16),
                        SystemCertificates.commonName(anchor), why[0]);
            }
        }
    }
}
