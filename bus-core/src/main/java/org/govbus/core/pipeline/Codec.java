package org.govbus.core.pipeline;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.govbus.core.error.FaultCode;
import org.w3c.dom.Element;

/**
 * One wire format of the bus (SOAP with WS-Security, JSON with JWS): how to read a request, seal an answer and
 * write a fault. A codec holds no policy: what is checked, logged and refused, and in which order, is the
 * {@link Pipeline}'s, the same for every format.
 */
public interface Codec {
    /** A short name for logs and metrics: {@code soap}, {@code json}. */
    String format();

    /**
     * Parses a request and checks its shape (well-formed, its format's structure, the bus header complete and
     * valid), but not its signature. {@code claimedMessageId} gets the messageId the request claims as soon as it
     * is readable, so that even a request refused for its shape gets a fault naming it.
     */
    WireRequest read(WireInput input, Consumer<String> claimedMessageId);

    /**
     * The messageId a request claims where it can be read from its HTTP headers alone (a JSON request's signature
     * header), so that even a request refused for its size or content type gets a fault naming it; null otherwise.
     */
    default String claimedMessageId(UnaryOperator<String> headers) { return null; }

    /**
     * Whether a request with this {@code Content-Type} (possibly null) is this format's; the edge refuses any other with
     * {@code Client.UnsupportedMediaType} before reading the body.
     */
    boolean acceptsContentType(String contentType);

    /**
     * The answer to the request whose {@link WireRequest#requestHash()} is {@code requestHash}: {@code payload}
     * (canonical, valid) under {@code header}, sealed by the bus. Only the hash of the request is needed, so that an
     * asynchronous answer can be sealed long after the request's connection is gone.
     */
    WireReply answer(byte[] requestHash, BusHeader header, Element payload);

    /**
     * The acknowledgement of an asynchronous request, sealed like an answer: {@code receipt} is the bus's
     * {@code urn:govbus:async:v1} {@code accepted} element (messageId, state, expiry, where to fetch the answer).
     */
    WireReply accepted(byte[] requestHash, BusHeader header, Element receipt);

    /** A fault in this format, naming the messageId when one is known. */
    WireReply fault(FaultCode code, String reason, String messageId);
}
