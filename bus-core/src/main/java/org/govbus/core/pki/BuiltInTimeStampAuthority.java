package org.govbus.core.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.govbus.core.security.KeyMaterial;

/**
 * The bus's own time-stamping authority, signing with a {@link KeyMaterial} whose certificate carries the critical
 * timeStamping key purpose (see {@link Pki#issueTimeStamping}). Good for the demo and tests; a production bus points
 * {@link HttpTimeStampAuthority} at a qualified TSA instead. {@link #respond} answers raw RFC 3161 requests, so the same
 * authority can be served over HTTP. Thread-safe: each token gets its own generator, since a BouncyCastle content
 * signer keeps state while it signs.
 */
public final class BuiltInTimeStampAuthority implements TimeStampAuthority {
    /**
     * The policy under which the built-in authority stamps: an OID under {@code 2.25} (ITU-T X.667, derived from the
     * UUID 5b0cc581-5345-4e25-9189-2fa4c2b06527), which needs no registration yet cannot clash with a real TSA's policy.
     */
    public static final String POLICY_OID = "2.25.121026061059625686819289085885922960679";
    private static final Set<ASN1ObjectIdentifier> ACCEPTED = Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyMaterial key;
    private final List<X509Certificate> chain;
    private final Clock clock;

    public BuiltInTimeStampAuthority(KeyMaterial key) { this(key, Clock.systemUTC()); }

    /** The same, stamping the time {@code clock} tells. */
    public BuiltInTimeStampAuthority(KeyMaterial key, Clock clock) {
        this.key = key;
        this.chain = chainOf(key);
        this.clock = clock;
        generator(); // refuses a certificate without the critical timeStamping purpose now, not at the first stamp
    }

    @Override
    public byte[] stamp(byte[] sha256Imprint) {
        TimeStampRequest request = TimeStamps.request(sha256Imprint);
        try {
            return generator().generate(request, serial(), Date.from(clock.instant())).getEncoded();
        } catch (TSPException | IOException e) {
            throw new Failed("the built-in time-stamp authority cannot stamp: " + e.getMessage(), e);
        }
    }

    /** The DER TimeStampResp to an RFC 3161 request body: granted, or rejected with the reason when the request is bad. */
    public byte[] respond(byte[] timeStampRequestDer) {
        TimeStampResponseGenerator responder = new TimeStampResponseGenerator(generator(), ACCEPTED);
        try {
            TimeStampRequest request;
            try {
                request = new TimeStampRequest(timeStampRequestDer);
            } catch (IOException | RuntimeException e) {
                return responder.generateFailResponse(PKIStatus.REJECTION, PKIFailureInfo.badDataFormat, "not a time-stamp request")
                        .getEncoded();
            }
            // generate, unlike generateGrantedResponse, turns an unacceptable request into a rejection rather than throwing
            return responder.generate(request, serial(), Date.from(clock.instant())).getEncoded();
        } catch (TSPException | IOException e) {
            throw new Failed("the built-in time-stamp authority cannot respond: " + e.getMessage(), e);
        }
    }

    /** The authority's certificate, as tokens name it. */
    public X509Certificate certificate() { return key.certificate(); }

    private TimeStampTokenGenerator generator() {
        try {
            String algorithm = "EC".equals(key.privateKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            DigestCalculator sha256 = new JcaDigestCalculatorProviderBuilder().build().get(TimeStamps.SHA256);
            TimeStampTokenGenerator g = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build(algorithm, key.privateKey(), key.certificate()),
                    sha256, new ASN1ObjectIdentifier(POLICY_OID));
            g.setAccuracySeconds(1);
            g.addCertificates(new JcaCertStore(chain));
            return g;
        } catch (OperatorCreationException | GeneralSecurityException | TSPException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot time-stamp with " + key.certificate().getSubjectX500Principal()
                    + ": " + e.getMessage(), e);
        }
    }

    // the whole chain, so that a verifier holding only the root can still build the path
    private static List<X509Certificate> chainOf(KeyMaterial key) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            KeyStore ks = key.keyStore();
            Certificate[] chain = ks == null ? null : ks.getCertificateChain(key.alias());
            if (chain != null) for (Certificate c : chain) out.add((X509Certificate) c);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the time-stamp authority's chain: " + e.getMessage(), e);
        }
        if (out.isEmpty() || !out.get(0).equals(key.certificate())) out.add(0, key.certificate());
        return List.copyOf(out);
    }

    // RFC 3161 allows up to 160 bits; 127 random bits make a repeat across the authority's life negligible
    private static BigInteger serial() { return new BigInteger(127, RANDOM).add(BigInteger.ONE); }
}
