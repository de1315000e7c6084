package org.govbus.core.log;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** The bus's key signing checkpoints, and the matching check: SHA-256 with RSA or ECDSA, by the key's type. */
public record CheckpointSigner(PrivateKey key, X509Certificate certificate) {

    public byte[] sign(byte[] text) {
        try {
            Signature s = Signature.getInstance(algorithm(certificate.getPublicKey()));
            s.initSign(key);
            s.update(text);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint: " + e.getMessage(), e);
        }
    }

    public static boolean verify(X509Certificate signer, byte[] text, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm(signer.getPublicKey()));
            s.initVerify(signer.getPublicKey());
            s.update(text);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The JCA name, which is also what {@code openssl dgst -sha256 -verify} checks. */
    static String algorithm(PublicKey key) {
        return "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
    }
}
