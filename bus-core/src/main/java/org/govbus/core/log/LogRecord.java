package org.govbus.core.log;

import java.security.cert.X509Certificate;
import java.util.UUID;

/**
 * What the bus hands the log for one hop of one message: the bytes exactly as received or sent, and what the bus
 * knew of them when it did. {@code signer} says who signed the bytes in words (or that nobody did);
 * {@code signerCertificate}, when there is one, is stored once and referenced by its SHA-256.
 * {@code subject} is the IIN or BIN the request is about, as the service declares it, or null.
 */
public record LogRecord(UUID messageId, Hop hop, String service, String client, String userId, String purpose,
                        String subject, String routingVersion, String signer, X509Certificate signerCertificate,
                        byte[] payload) {

    /** The same record for another hop of the same message. */
    public LogRecord next(Hop nextHop, String nextSigner, X509Certificate nextCertificate, byte[] nextPayload) {
        return new LogRecord(messageId, nextHop, service, client, userId, purpose, subject, routingVersion, nextSigner,
                nextCertificate, nextPayload);
    }
}
