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

/**
 * The certificate authorities the bus trusts, and the PKIX check of a signer's certificate against them.
 * Revocation (OCSP/CRL) is not checked yet; the parameters are where it will plug in.
 */
public final class TrustAnchors {
    private final KeyStore store;
    private final Set<TrustAnchor> anchors;

    private TrustAnchors(KeyStore store) throws GeneralSecurityException {
        this.store = store;
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
            params.setRevocationEnabled(false);
            params.setDate(at);
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE,
                    "the signing certificate does not chain to a trusted authority");
        } catch (InvalidAlgorithmParameterException | java.security.cert.CertificateException
                 | java.security.NoSuchAlgorithmException e) {
            throw new BusException(FaultCode.UNTRUSTED_CERTIFICATE, "the signing certificate cannot be checked", e.getMessage(), null);
        }
    }
}
