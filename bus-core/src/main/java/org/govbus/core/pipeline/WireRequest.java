package org.govbus.core.pipeline;

import java.security.cert.X509Certificate;
import java.time.Instant;
import org.w3c.dom.Element;

/** What a {@link Codec} read from the wire: the request in the terms the pipeline works with. */
public interface WireRequest {
    /** The bus header the client signed. */
    BusHeader header();

    /** The bytes kept in the message log: everything the client sent that its signature covers, and the signature. */
    byte[] logged();

    /** The hash an answer states as its {@code requestHash}, binding it to this request. */
    byte[] requestHash();

    /** The payload in its canonical form: the service's request element of its XSD. */
    Element payload();

    /**
     * Checks the signature, that it covers everything the bus reads, and that its certificate chains to a trust
     * anchor and is valid at {@code now}; returns that certificate. Whether the certificate is the client's own
     * and the timestamp is fresh, the {@link Pipeline} decides alike for every format.
     */
    X509Certificate verifySignature(Instant now);
}
