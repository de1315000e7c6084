package org.govbus.core.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest of the bus: message hashes, the log's chain, hash trees, certificate references. */
public final class Digests {
    private Digests() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] bytes) { return sha256().digest(bytes); }

    public static String hex(byte[] bytes) { return HexFormat.of().formatHex(bytes); }

    public static byte[] unhex(String text) { return HexFormat.of().parseHex(text); }
}
