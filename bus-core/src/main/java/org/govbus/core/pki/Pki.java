package org.govbus.core.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.govbus.core.id.SystemId;
import org.govbus.core.security.KeyMaterial;

/**
 * Certificate authorities and system certificates made with BouncyCastle. A system's certificate names the
 * system id in its CN (see {@link org.govbus.core.security.SystemCertificates}).
 */
public final class Pki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pki() {}

    /** A certificate authority: its certificate and the key that issues with it. */
    public record Authority(KeyPair keys, X509Certificate certificate) {}

    public static Authority rootAuthority(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair keys = rsaKeys();
        X500Name name = name(commonName);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                    Date.from(notAfter), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new Authority(keys, sign(b, keys));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make a CA certificate", e);
        }
    }

    /**
     * Where a certificate says its revocation status is published: an OCSP responder (authority information access)
     * and a CRL (distribution point); either may be null.
     */
    public record Revocation(String ocspUrl, String crlUrl) {
        public static final Revocation NONE = new Revocation(null, null);
    }

    /** Issues a signing certificate for a system, valid in [notBefore, notAfter]. */
    public static KeyMaterial issue(Authority ca, SystemId system, Instant notBefore, Instant notAfter, char[] password) {
        return issue(ca, system, notBefore, notAfter, password, rsaKeys(), Revocation.NONE);
    }

    /** The same, naming where its revocation status is published. */
    public static KeyMaterial issue(Authority ca, SystemId system, Instant notBefore, Instant notAfter, char[] password,
                                    Revocation revocation) {
        return issue(ca, system, notBefore, notAfter, password, rsaKeys(), revocation);
    }

    /** The same with an EC P-256 key, for clients that sign with ECDSA (ES256, ECDSA-SHA256). */
    public static KeyMaterial issueEc(Authority ca, SystemId system, Instant notBefore, Instant notAfter, char[] password) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), RANDOM);
            return issue(ca, system, notBefore, notAfter, password, g.generateKeyPair(), Revocation.NONE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyMaterial issue(Authority ca, SystemId system, Instant notBefore, Instant notAfter, char[] password, KeyPair keys,
                                     Revocation revocation) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(notBefore), Date.from(notAfter), name(system.toString()), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca.certificate()));
            if (revocation.ocspUrl() != null) {
                b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, revocation.ocspUrl())));
            }
            if (revocation.crlUrl() != null) {
                GeneralNames crl = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, revocation.crlUrl()));
                b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(crl), null, null)}));
            }
            return keyMaterial(system.subsystem(), keys, sign(b, ca.keys()), ca, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + system, e);
        }
    }

    /**
     * Issues a time-stamping authority's certificate. RFC 3161 §2.3 wants the timeStamping key purpose as the only one
     * and the extension critical; {@code openssl ts -verify} and BouncyCastle refuse the TSA otherwise.
     */
    public static KeyMaterial issueTimeStamping(Authority ca, String commonName, Instant notBefore, Instant notAfter, char[] password) {
        KeyPair keys = rsaKeys();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(notBefore), Date.from(notAfter), name(commonName), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                    .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
            return keyMaterial("tsa", keys, sign(b, ca.keys()), ca, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a time-stamping certificate for " + commonName, e);
        }
    }

    private static KeyMaterial keyMaterial(String alias, KeyPair keys, X509Certificate cert, Authority ca, char[] password)
            throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(alias, keys.getPrivate(), password, new Certificate[] {cert, ca.certificate()});
        return new KeyMaterial(ks, alias, password, keys.getPrivate(), cert);
    }

    public static void writeKeyStore(KeyMaterial key, Path file) {
        write(key.keyStore(), key.password(), file);
    }

    /** Writes the CA's own key, so that more systems can be issued later. */
    public static void writeAuthority(Authority ca, Path file, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("ca", ca.keys().getPrivate(), password, new Certificate[] {ca.certificate()});
            write(ks, password, file);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void writeTrustStore(List<X509Certificate> anchors, Path file, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : anchors) ks.setCertificateEntry("anchor-" + i++, c);
            write(ks, password, file);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(KeyStore ks, char[] password, Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "KZ").addRDN(BCStyle.O, "GovBus").addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() { return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE); }
}
