package org.govbus.core.soap;

import java.security.cert.X509Certificate;
import java.time.Instant;
import org.govbus.core.security.Digests;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.pipeline.WireRequest;
import org.w3c.dom.Element;

/** A SOAP request as received: its bytes, the envelope parsed from them and its bus header. */
final class SoapRequest implements WireRequest {
    private final byte[] raw;
    private final byte[] hash;
    private final SoapEnvelope envelope;
    private final BusHeader header;
    private final MessageVerifier verifier;

    SoapRequest(byte[] raw, SoapEnvelope envelope, BusHeader header, MessageVerifier verifier) {
        this.raw = raw;
        this.hash = Digests.sha256(raw);
        this.envelope = envelope;
        this.header = header;
        this.verifier = verifier;
    }

    @Override
    public BusHeader header() { return header; }

    /** The envelope exactly as received: it holds the WS-Security signature. */
    @Override
    public byte[] logged() { return raw; }

    /** SHA-256 of the bytes as received. */
    @Override
    public byte[] requestHash() { return hash; }

    @Override
    public Element payload() { return envelope.payload(); }

    @Override
    public X509Certificate verifySignature(Instant now) { return verifier.verify(envelope, now).certificate(); }
}
