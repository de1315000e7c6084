package org.govbus.core.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Checks RFC 3161 time-stamp tokens over the evidence log's checkpoints, with nothing but the token, the imprint and
 * the trust anchors: the token carries the authority's certificate. The authority's chain is checked as of the
 * stamp's own time, without revocation, since a stamp must stay verifiable after its authority's certificate expires.
 */
public final class TimeStamps {
    static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
    private static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeStamps() {}

    /** A token that does not prove what it is asked to; the message says what is wrong. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) { super(message); }

        public Invalid(String message, Throwable cause) { super(message, cause); }
    }

    /**
     * The time at which a trusted authority saw {@code expectedSha256Imprint}, as {@code tokenDer} (a DER
     * TimeStampToken) proves.
     *
     * @throws Invalid if the token does not prove it
     */
    public static Instant verify(byte[] tokenDer, byte[] expectedSha256Imprint, List<X509Certificate> trustAnchors) {
        TimeStampToken token = parse(tokenDer);
        var info = token.getTimeStampInfo();
        if (!SHA256.getAlgorithm().equals(info.getMessageImprintAlgOID())) {
            throw new Invalid("the time-stamp is over a " + info.getMessageImprintAlgOID() + " hash, not SHA-256");
        }
        if (!MessageDigest.isEqual(info.getMessageImprintDigest(), expectedSha256Imprint)) {
            throw new Invalid("the time-stamp does not cover this checkpoint");
        }
        X509Certificate signer = signerOf(token);
        var verifier = verifier(signer);
        if (!signatureValid(token, verifier)) throw new Invalid("the time-stamp's signature is invalid");
        if (!isTimeStamping(signer)) {
            throw new Invalid("the time-stamp's signer " + signer.getSubjectX500Principal()
                    + " is not a time-stamp authority (no critical extended key usage timeStamping)");
        }
        Date genTime = info.getGenTime();
        if (genTime.before(signer.getNotBefore()) || genTime.after(signer.getNotAfter())) {
            throw new Invalid("the time-stamp was made at " + genTime.toInstant() + ", outside its authority's certificate validity");
        }
        try {
            token.validate(verifier); // binds the certificate to the signature through the ESS signing-certificate hash
        } catch (Exception e) {
            throw new Invalid("the time-stamp's signature is invalid: " + e.getMessage(), e);
        }
        checkTrusted(signer, token, trustAnchors, genTime);
        return genTime.toInstant();
    }

    /** The certificate of the authority that signed {@code tokenDer}, from the token itself. */
    public static X509Certificate signerOf(byte[] tokenDer) { return signerOf(parse(tokenDer)); }

    /** A request for a token over a SHA-256 imprint, with a fresh nonce and the authority's certificate asked for. */
    static TimeStampRequest request(byte[] sha256Imprint) {
        if (sha256Imprint == null || sha256Imprint.length != 32) {
            throw new IllegalArgumentException("a SHA-256 imprint is 32 bytes, not " + (sha256Imprint == null ? "null" : sha256Imprint.length));
        }
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        return g.generate(TSPAlgorithms.SHA256, sha256Imprint, new BigInteger(64, RANDOM));
    }

    private static TimeStampToken parse(byte[] tokenDer) {
        try {
            return new TimeStampToken(new CMSSignedData(tokenDer));
        } catch (Exception e) { // malformed DER surfaces as any of CMSException, TSPException, IOException or runtime ones
            throw new Invalid("not a time-stamp token: " + e.getMessage(), e);
        }
    }

    private static X509Certificate signerOf(TimeStampToken token) {
        @SuppressWarnings("unchecked") // SignerId is a raw Selector
        Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
        for (X509CertificateHolder holder : matches) {
            try {
                return new JcaX509CertificateConverter().getCertificate(holder);
            } catch (GeneralSecurityException e) {
                throw new Invalid("the time-stamp authority's certificate is unreadable: " + e.getMessage(), e);
            }
        }
        throw new Invalid("the time-stamp does not carry its authority's certificate");
    }

    private static SignerInformationVerifier verifier(X509Certificate signer) {
        try {
            return new JcaSimpleSignerInfoVerifierBuilder().build(signer);
        } catch (Exception e) {
            throw new Invalid("the time-stamp authority's key is unusable: " + e.getMessage(), e);
        }
    }

    private static boolean signatureValid(TimeStampToken token, SignerInformationVerifier verifier) {
        try {
            return token.isSignatureValid(verifier);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean isTimeStamping(X509Certificate cert) {
        try {
            List<String> purposes = cert.getExtendedKeyUsage();
            Set<String> critical = cert.getCriticalExtensionOIDs();
            return purposes != null && purposes.contains(TIME_STAMPING) && critical != null && critical.contains(EXTENDED_KEY_USAGE);
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    private static void checkTrusted(X509Certificate signer, TimeStampToken token, List<X509Certificate> anchors, Date at) {
        if (anchors == null || anchors.isEmpty()) throw new Invalid("the time-stamp authority is not trusted: no trust anchors given");
        if (anchors.contains(signer)) return; // the authority's own certificate pinned as an anchor
        try {
            Set<TrustAnchor> trust = new HashSet<>();
            for (X509Certificate a : anchors) trust.add(new TrustAnchor(a, null));
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters params = new PKIXBuilderParameters(trust, target);
            params.setRevocationEnabled(false);
            params.setDate(at);
            List<X509Certificate> carried = new ArrayList<>();
            var converter = new JcaX509CertificateConverter();
            for (X509CertificateHolder holder : token.getCertificates().getMatches(null)) carried.add(converter.getCertificate(holder));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(carried)));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException e) {
            throw new Invalid("the time-stamp authority is not trusted: " + signer.getSubjectX500Principal()
                    + " does not chain to a trust anchor (" + e.getMessage() + ")", e);
        }
    }
}
