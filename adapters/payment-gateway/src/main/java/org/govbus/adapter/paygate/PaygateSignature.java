package org.govbus.adapter.paygate;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the payment gateway signs what it pushes to a merchant system: header {@value #HEADER} with
 * {@code sha256=<hex HMAC-SHA256 of the body under the merchant's shared secret>}, over the body's exact bytes.
 */
public final class PaygateSignature {
    public static final String HEADER = "X-Paygate-Signature";
    private static final String PREFIX = "sha256=";

    private PaygateSignature() {}

    public static String sign(String secret, byte[] body) { return PREFIX + HexFormat.of().formatHex(mac(secret, body)); }

    /** Whether {@code header} is the gateway's signature of {@code body}, compared in constant time. */
    public static boolean verifies(String secret, byte[] body, String header) {
        if (header == null || !header.startsWith(PREFIX)) return false;
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(claimed, mac(secret, body));
    }

    private static byte[] mac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
