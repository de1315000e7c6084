package org.govbus.core.log;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.govbus.core.security.Digests;

/**
 * One entry of a node's chain, as stored. Its hash is the SHA-256 of {@link #text()}: a few lines of UTF-8 an
 * auditor can read and hash with {@code sha256sum}, naming every field, the SHA-256 of the payload and the hash
 * of the entry before. Changing, removing or reordering an entry therefore breaks the chain after it.
 */
public record LogEntry(String node, long seq, Instant loggedAt, UUID messageId, Hop hop, String service, String client,
                       String userId, String purpose, String subject, String routingVersion, String signer,
                       String signerCertificate, byte[] payload, byte[] prevHash, byte[] entryHash) {

    static final String FORMAT = "govbus-entry-v1";
    /** microseconds: what both H2 and PostgreSQL keep of a timestamp, so a stored entry hashes as it was written */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** A new entry after {@code prevHash}: its time cut to microseconds, its hash computed. */
    static LogEntry chain(String node, long seq, Instant at, LogRecord r, String certificateRef, byte[] prevHash) {
        LogEntry unhashed = new LogEntry(node, seq, at.truncatedTo(ChronoUnit.MICROS), r.messageId(), r.hop(), r.service(),
                r.client(), r.userId(), r.purpose(), r.subject(), r.routingVersion(), r.signer(), certificateRef, r.payload(),
                prevHash, null);
        return unhashed.withHash(unhashed.computeHash());
    }

    LogEntry withHash(byte[] hash) {
        return new LogEntry(node, seq, loggedAt, messageId, hop, service, client, userId, purpose, subject, routingVersion,
                signer, signerCertificate, payload, prevHash, hash);
    }

    /**
     * The text the entry hash is taken over: the format name, then one {@code name=value} line per field that has a
     * value (backslash, CR and LF escaped as {@code \\ \r \n}), the payload by its SHA-256, each line ending in LF.
     */
    public byte[] text() {
        StringBuilder b = new StringBuilder(512).append(FORMAT).append('\n');
        line(b, "node", node);
        line(b, "seq", Long.toString(seq));
        line(b, "time", TIME.format(loggedAt));
        line(b, "messageId", messageId.toString());
        line(b, "hop", hop.name());
        line(b, "service", service);
        line(b, "client", client);
        line(b, "userId", userId);
        line(b, "purpose", purpose);
        line(b, "subject", subject);
        line(b, "routingVersion", routingVersion);
        line(b, "signer", signer);
        line(b, "signerCertificate", signerCertificate);
        line(b, "payloadSha256", Digests.hex(Digests.sha256(payload)));
        line(b, "previous", Digests.hex(prevHash));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] computeHash() { return Digests.sha256(text()); }

    private static void line(StringBuilder b, String name, String value) {
        if (value == null) return;
        b.append(name).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        b.append('\n');
    }
}
