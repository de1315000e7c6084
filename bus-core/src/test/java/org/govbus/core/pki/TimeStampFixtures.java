package org.govbus.core.pki;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.tsp.MessageImprint;
import org.bouncycastle.asn1.tsp.TSTInfo;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.govbus.core.id.SystemId;
import org.govbus.core.security.KeyMaterial;

/** A root CA with its time-stamping authority, a stranger CA with its own, and tokens made by hand. */
final class TimeStampFixtures {
    static final char[] PASSWORD = "changeit".toCharArray();
    static final Instant NOW = Instant.now();
    static final Pki.Authority CA = Pki.rootAuthority("Test Root CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    static final KeyMaterial TSA = Pki.issueTimeStamping(CA, "Test TSA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), PASSWORD);
    static final Pki.Authority OTHER_CA = Pki.rootAuthority("Other CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    static final KeyMaterial STRANGER_TSA = Pki.issueTimeStamping(OTHER_CA, "Stranger TSA", NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(30)), PASSWORD);
    /** A system's signing certificate from the trusted CA: no timeStamping purpose. */
    static final KeyMaterial NOT_A_TSA = Pki.issue(CA, SystemId.parse("KZ/GOV/EGOV/portal"), NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(30)), PASSWORD);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeStampFixtures() {}

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A well-formed token signed by {@code signer} whatever its certificate says: BouncyCastle's generator refuses a
     * signer without the timeStamping purpose, so a rogue token has to be assembled by hand.
     */
    static byte[] handMadeToken(KeyMaterial signer, byte[] imprint) throws Exception {
        TSTInfo info = new TSTInfo(new ASN1ObjectIdentifier(BuiltInTimeStampAuthority.POLICY_OID),
                new MessageImprint(TimeStamps.SHA256, imprint), new ASN1Integer(RANDOM.nextInt(Integer.MAX_VALUE)),
                new ASN1GeneralizedTime(Date.from(Instant.now())), null, ASN1Boolean.FALSE, null, null, null);
        SigningCertificateV2 signingCertificate = new SigningCertificateV2(new ESSCertIDv2(sha256(signer.certificate().getEncoded())));
        AttributeTable attributes = new AttributeTable(
                new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(signingCertificate)));
        CMSSignedDataGenerator g = new CMSSignedDataGenerator();
        g.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes))
                .build("SHA256withRSA", signer.privateKey(), signer.certificate()));
        g.addCertificates(new JcaCertStore(List.of(signer.certificate())));
        CMSSignedData signed = g.generate(new CMSProcessableByteArray(PKCSObjectIdentifiers.id_ct_TSTInfo,
                info.getEncoded(ASN1Encoding.DER)), true);
        return signed.getEncoded(ASN1Encoding.DER);
    }

    /** {@code token} with one bit of its signature value flipped, the DER structure intact. */
    static byte[] withSignatureFlipped(byte[] token) throws Exception {
        byte[] signature = new CMSSignedData(token).getSignerInfos().getSigners().iterator().next().getSignature();
        byte[] out = token.clone();
        for (int i = 0; i + signature.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + signature.length, signature, 0, signature.length)) {
                out[i + signature.length / 2] ^= 0x01;
                return out;
            }
        }
        throw new IllegalStateException("signature value not found in the token");
    }
}
