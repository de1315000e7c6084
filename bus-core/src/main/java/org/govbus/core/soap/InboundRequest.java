package org.govbus.core.soap;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.SystemId;
import org.govbus.core.log.MessageLog;
import org.govbus.core.security.MessageVerifier;
import org.govbus.core.security.SystemCertificates;
import org.govbus.core.xml.PayloadSchemas;
import org.govbus.core.xml.SecureXml;

/**
 * A request as received: its bytes and their hash, the envelope parsed from them, its header, and (once
 * {@link #verify} has passed) the certificate that signed it.
 */
public final class InboundRequest {
    private final byte[] raw;
    private final byte[] hash;
    private final SoapEnvelope envelope;
    private final BusHeaders.Fields header;
    private X509Certificate signer;

    private InboundRequest(byte[] raw, SoapEnvelope envelope, BusHeaders.Fields header) {
        this.raw = raw;
        this.hash = MessageLog.sha256().digest(raw);
        this.envelope = envelope;
        this.header = header;
    }

    /**
     * Parses and checks the shape of a request: size, well-formedness without DOCTYPE, SOAP structure, and
     * the bus header against its schema. {@code messageIdSink} receives the claimed messageId as soon as it
     * is readable, so that even a rejected message's fault can name it.
     */
    public static InboundRequest parse(byte[] raw, int maxBytes, PayloadSchemas schemas,
                                       java.util.function.Consumer<String> messageIdSink) {
        if (raw.length > maxBytes) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "the message is larger than " + maxBytes + " bytes");
        }
        if (raw.length == 0) throw new BusException(FaultCode.INVALID_MESSAGE, "the message is empty");
        org.w3c.dom.Document doc = SecureXml.parse(raw);
        messageIdSink.accept(BusHeaders.claimedMessageId(doc));
        SecureXml.rejectCommentsAndInstructions(doc.getDocumentElement());
        SoapEnvelope envelope = SoapEnvelope.of(doc);
        schemas.validate(envelope.busHeader(), "the busHeader");
        BusHeaders.Fields header = BusHeaders.read(envelope.busHeader());
        if (envelope.busHeader().getElementsByTagNameNS(SoapEnvelope.BUS_NS, "requestHash").getLength() > 0) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "a requestHash belongs to answers, not to requests");
        }
        return new InboundRequest(raw, envelope, header);
    }

    /**
     * Verifies the signature and its coverage, the certificate, that the certificate is the client's own,
     * and that the header's timestamp is inside the allowed skew.
     */
    public void verify(MessageVerifier verifier, Duration allowedSkew, Instant now) {
        X509Certificate cert = verifier.verify(envelope, now).certificate();
        SystemId certified = SystemCertificates.systemOf(cert);
        if (!header.client().equals(certified)) {
            throw new BusException(FaultCode.ACCESS_DENIED, "the message is signed by " + certified
                    + " but names " + header.client() + " as the client");
        }
        Duration drift = Duration.between(header.timestamp(), now).abs();
        if (drift.compareTo(allowedSkew) > 0) {
            throw new BusException(FaultCode.STALE_TIMESTAMP, "the busHeader timestamp is " + drift.toSeconds()
                    + " s away from the bus clock; at most " + allowedSkew.toSeconds() + " s is allowed");
        }
        this.signer = cert;
    }

    public byte[] raw() { return raw; }

    public byte[] hash() { return hash; }

    public SoapEnvelope envelope() { return envelope; }

    public BusHeaders.Fields header() { return header; }

    /** The verified signer; null before {@link #verify}. */
    public X509Certificate signer() { return signer; }
}
