package org.govbus.core.pki;

/**
 * An RFC 3161 time-stamping authority, as the evidence log sees it: it stamps the SHA-256 imprint of a checkpoint's
 * signature. The token it returns embeds the authority's certificate (certReq is always asked for), so that
 * {@link TimeStamps#verify} needs nothing but the trust anchors, years later.
 */
public interface TimeStampAuthority {

    /**
     * The DER of the TimeStampToken (the CMS SignedData, not the whole TimeStampResp) over {@code sha256Imprint}.
     *
     * @throws Failed if no token could be had: the authority is unreachable, refused, or answered another request
     */
    byte[] stamp(byte[] sha256Imprint);

    /** No time-stamp could be had; the message says why. */
    final class Failed extends RuntimeException {
        public Failed(String message) { super(message); }

        public Failed(String message, Throwable cause) { super(message, cause); }
    }
}
