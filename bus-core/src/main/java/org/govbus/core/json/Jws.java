package org.govbus.core.json;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import java.io.ByteArrayInputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;

/** The bus's JWS profile, on nimbus-jose-jwt: which algorithms, which keys, certificates from {@code x5c}. */
public final class Jws {
    /** The only algorithms accepted; {@code none}, HMAC and RSA1_5 never. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);
    private static final int MIN_RSA_BITS = 2048;

    private Jws() {}

    /** The algorithm the bus and its clients sign with for a key: RS256 for RSA, ES256 for EC P-256. */
    public static JWSAlgorithm algorithmFor(PrivateKey key) {
        return "EC".equals(key.getAlgorithm()) ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
    }

    public static JWSSigner signer(PrivateKey key) {
        try {
            return key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Signs a signing input (as RFC 7515 builds it) and returns the signature. */
    public static Base64URL sign(JWSSigner signer, JWSHeader header, byte[] signingInput) {
        try {
            return signer.sign(header, signingInput);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code signature} over {@code signingInput} verifies with the certificate's key under the header's
     * algorithm, which must be one of {@link #ALGORITHMS} and fit the key. {@code b64} is the one critical header
     * parameter understood.
     */
    public static boolean verifies(JWSHeader header, byte[] signingInput, Base64URL signature, X509Certificate certificate) {
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the algorithm " + header.getAlgorithm() + " is not accepted (RS256, PS256, ES256)");
        }
        PublicKey key = certificate.getPublicKey();
        JWSVerifier verifier;
        try {
            if (key instanceof RSAPublicKey rsa && !JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                    throw new BusException(FaultCode.BAD_SIGNATURE, "RSA keys shorter than " + MIN_RSA_BITS + " bits are not accepted");
                }
                verifier = new RSASSAVerifier(rsa, Set.of("b64"));
            } else if (key instanceof ECPublicKey ec && JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                verifier = new ECDSAVerifier(ec, Set.of("b64"));
            } else {
                throw new BusException(FaultCode.BAD_SIGNATURE, "the algorithm " + header.getAlgorithm() + " does not fit the certificate's key");
            }
            return verifier.verify(header, signingInput, signature);
        } catch (JOSEException e) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the certificate's key cannot verify " + header.getAlgorithm());
        }
    }

    /** The certificates of an {@code x5c} chain, signer first. */
    public static List<X509Certificate> certificates(List<Base64> x5c) {
        if (x5c == null || x5c.isEmpty()) throw new BusException(FaultCode.BAD_SIGNATURE, "the protected header carries no x5c certificate chain");
        List<X509Certificate> out = new ArrayList<>(x5c.size());
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (Base64 b : x5c) out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(b.decode())));
        } catch (CertificateException | ClassCastException e) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the x5c chain holds something that is not an X.509 certificate");
        }
        return out;
    }

    /** One {@code x5c} entry: standard (not URL) base64 of the DER certificate, as RFC 7515 4.1.6 says. */
    public static Base64 x5c(X509Certificate certificate) {
        try {
            return Base64.encode(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
