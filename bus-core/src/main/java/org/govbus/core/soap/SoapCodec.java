package org.govbus.core.soap;

import java.util.Map;
import java.util.function.Consumer;
import org.govbus.core.config.InputLimits;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.pipeline.Codec;
import org.govbus.core.pipeline.WireInput;
import org.govbus.core.pipeline.WireReply;
import org.govbus.core.pipeline.WireRequest;
import org.govbus.core.xml.BoundedXml;
import org.govbus.core.xml.PayloadSchemas;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SOAP 1.1 with WS-Security: requests are envelopes with a {@code gb:busHeader} and one signature over the
 * Timestamp, the busHeader and the Body; answers are envelopes sealed in batches; faults are SOAP Faults, HTTP 500
 * (405, 415 or 429 for a request refused for how it was sent).
 */
public final class SoapCodec implements Codec {
    private static final String CONTENT_TYPE = "text/xml; charset=utf-8";

    private final PayloadSchemas schemas;
    private final MessageVerifier verifier;
    private final SoapSealer sealer;
    private final BoundedXml xml;

    public SoapCodec(PayloadSchemas schemas, MessageVerifier verifier, SoapSealer sealer) {
        this(schemas, verifier, sealer, InputLimits.DEFAULTS);
    }

    public SoapCodec(PayloadSchemas schemas, MessageVerifier verifier, SoapSealer sealer, InputLimits limits) {
        this.schemas = schemas;
        this.verifier = verifier;
        this.sealer = sealer;
        this.xml = new BoundedXml(limits);
    }

    @Override
    public String format() { return "soap"; }

    /** SOAP 1.1's text/xml, in UTF-8 (stated or not); SOAP 1.2's application/soap+xml is not served. */
    @Override
    public boolean acceptsContentType(String contentType) {
        if (contentType == null) return false;
        String type = contentType.toLowerCase(java.util.Locale.ROOT).replace(" ", "").replace("\"", "");
        return type.equals("text/xml") || type.equals("text/xml;charset=utf-8");
    }

    /** Well-formed without DOCTYPE and within the input limits, no comments or PIs, SOAP structure, a valid bus header. */
    @Override
    public WireRequest read(WireInput input, Consumer<String> claimedMessageId) {
        if (!acceptsContentType(input.contentType())) {
            throw new BusException(FaultCode.UNSUPPORTED_MEDIA_TYPE, "the content type must be text/xml (SOAP 1.1, UTF-8)");
        }
        Document doc = xml.parse(input.body(), parsed -> claimedMessageId.accept(BusHeaders.claimedMessageId(parsed)));
        SecureXml.rejectCommentsAndInstructions(doc);
        SoapEnvelope envelope = SoapEnvelope.of(doc);
        schemas.validate(envelope.busHeader(), "the busHeader");
        BusHeader header = BusHeaders.read(envelope.busHeader());
        if (envelope.busHeader().getElementsByTagNameNS(SoapEnvelope.BUS_NS, "requestHash").getLength() > 0) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "a requestHash belongs to answers, not to requests");
        }
        return new SoapRequest(input.body(), envelope, header, verifier);
    }

    @Override
    public WireReply answer(byte[] requestHash, BusHeader header, Element payload) {
        SoapEnvelope answer = SoapMessages.envelope(header, payload, requestHash);
        sealer.seal(answer);
        return new WireReply(200, CONTENT_TYPE, Map.of(), SecureXml.toBytes(answer.document()));
    }

    /** In SOAP the receipt is the body of an answer like any other, sealed alike. */
    @Override
    public WireReply accepted(byte[] requestHash, BusHeader header, Element receipt) { return answer(requestHash, header, receipt); }

    @Override
    public WireReply fault(FaultCode code, String reason, String messageId) {
        return new WireReply(code.httpLevel() ? code.httpStatus() : 500, CONTENT_TYPE, Map.of(), SoapMessages.fault(code, reason, messageId));
    }
}
