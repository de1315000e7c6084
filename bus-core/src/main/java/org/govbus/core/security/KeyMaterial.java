package org.govbus.core.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;

/** A signing identity: one private key and its certificate, loaded from a PKCS#12 keystore. */
public record KeyMaterial(KeyStore keyStore, String alias, char[] password, PrivateKey privateKey,
                          X509Certificate certificate) {

    public static KeyMaterial load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    return new KeyMaterial(ks, alias, password, (PrivateKey) ks.getKey(alias, password),
                            (X509Certificate) ks.getCertificate(alias));
                }
            }
            throw new IllegalArgumentException(file + " holds no private key");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read keystore " + file + ": " + e.getMessage(), e);
        }
    }
}
