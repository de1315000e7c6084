package org.govbus.core.pipeline;

import java.security.cert.X509Certificate;
import org.w3c.dom.Element;

/**
 * A request in the pipeline, whatever its wire format: the bytes as received (as logged), their hash, the bus
 * header, the canonical payload, and the verified signer once {@link Pipeline#verify} has passed.
 */
public final class InboundRequest {
    private final WireRequest wire;
    private X509Certificate signer;

    InboundRequest(WireRequest wire) { this.wire = wire; }

    public byte[] raw() { return wire.logged(); }

    public byte[] hash() { return wire.requestHash(); }

    public BusHeader header() { return wire.header(); }

    public Element payload() { return wire.payload(); }

    /** The verified signer; null before verification. */
    public X509Certificate signer() { return signer; }

    WireRequest wire() { return wire; }

    void verifiedBy(X509Certificate certificate) { this.signer = certificate; }
}
