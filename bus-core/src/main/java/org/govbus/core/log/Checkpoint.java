package org.govbus.core.log;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.govbus.core.security.Digests;

/**
 * A signed statement of the bus about entries {@code firstSeq..lastSeq} of one node's chain: the root of a hash tree
 * over their entry hashes ({@link org.govbus.core.security.HashTree}, leaf = the entry hash), and the hash of the
 * checkpoint before, so checkpoints chain too. The bus signs {@link #text()}; a time-stamp authority then stamps
 * the SHA-256 of that signature ({@link #imprint()}), which is also what the next checkpoint names as previous.
 */
public record Checkpoint(String node, long number, long firstSeq, long lastSeq, byte[] root, byte[] previous,
                         Instant createdAt, String signerCertificate, byte[] signature, byte[] timeStamp) {

    static final String FORMAT = "govbus-checkpoint-v1";
    public static final byte[] NONE = new byte[32];
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    public Checkpoint {
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** What the bus signs, as UTF-8 lines an auditor can read and check with {@code openssl dgst -verify}. */
    public byte[] text() {
        return (FORMAT + "\nnode=" + node + "\nnumber=" + number + "\nfirst=" + firstSeq + "\nlast=" + lastSeq
                + "\nroot=" + Digests.hex(root) + "\nprevious=" + Digests.hex(previous) + "\ncreated=" + TIME.format(createdAt)
                + "\nsigner=" + signerCertificate + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The SHA-256 of the signature: what the time-stamp covers and the next checkpoint names as previous. */
    public byte[] imprint() { return Digests.sha256(signature); }

    public boolean covers(long seq) { return seq >= firstSeq && seq <= lastSeq; }

    public Checkpoint signed(byte[] newSignature) {
        return new Checkpoint(node, number, firstSeq, lastSeq, root, previous, createdAt, signerCertificate, newSignature, timeStamp);
    }

    public Checkpoint stamped(byte[] token) {
        return new Checkpoint(node, number, firstSeq, lastSeq, root, previous, createdAt, signerCertificate, signature, token);
    }
}
