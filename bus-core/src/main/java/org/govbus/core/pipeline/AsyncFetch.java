package org.govbus.core.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.govbus.core.async.Letter;
import org.govbus.core.async.Mailbox;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogRecord;
import org.govbus.core.log.MessageLog;
import org.govbus.core.security.SystemCertificates;
import org.w3c.dom.Element;

/**
 * A client fetching the answer to its asynchronous request: {@code GET /api/v1/messages/{messageId}} signed like a
 * request. The JWS's detached payload is the UTF-8 bytes {@code {"fetch":"<messageId>"}} exactly (the GET has no body;
 * the bus rebuilds those bytes from the path); its {@code govbus} header names the client, the service of the fetched
 * request, a fresh messageId, and the fetched messageId as {@code correlationId}. Only the client that sent the request
 * gets anything: to everyone else the messageId is unknown. The first fetch of an ended request is logged, with its signer.
 */
public final class AsyncFetch {
    private final Pipeline pipeline;
    private final Mailbox mailbox;
    private final MessageLog log;
    private final String routingVersion;

    public AsyncFetch(Pipeline pipeline, Mailbox mailbox, MessageLog log, String routingVersion) {
        this.pipeline = pipeline;
        this.mailbox = mailbox;
        this.log = log;
        this.routingVersion = routingVersion;
    }

    /** The bytes a client signs to fetch the answer to {@code messageId}. */
    public static byte[] signedBytes(UUID messageId) {
        return ("{\"fetch\":\"" + messageId + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads and verifies the signed fetch in {@code t}, then answers it: the kept answer or fault, or where delivery is. */
    public void fetch(Transit t, String messageIdText, UnaryOperator<String> headers) {
        UUID id = parse(messageIdText);
        // verified first, against the service the fetch itself names: only then is it told whether the request exists
        String claimed = org.govbus.core.json.JwsJsonCodec.claimedService(headers.apply(org.govbus.core.json.JwsJsonCodec.SIGNATURE));
        if (claimed == null) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "a fetch is signed like a request: X-GovBus-Signature is missing or unreadable");
        }
        pipeline.read(t, new WireInput(signedBytes(id), "application/json", claimed, headers));
        pipeline.verify(t);
        Letter letter = mailbox.find(id).orElseThrow(FetchRefused::new);
        if (!letter.service().equals(t.request().header().service().toString())) throw new FetchRefused();
        answer(t, id, letter);
    }

    /** Whether a SOAP request's payload is the bus's own {@code ga:fetch}: a fetch, not a call of its service. */
    public static boolean isFetch(Element payload) {
        return payload != null && Receipts.NS.equals(payload.getNamespaceURI()) && "fetch".equals(payload.getLocalName());
    }

    /**
     * A SOAP fetch, read and verified like any request: its Body is {@code <ga:fetch><ga:messageId>ID</ga:messageId></ga:fetch>},
     * its busHeader names the fetched request's client and service and the fetched messageId as its correlationId.
     */
    public void fetchVerified(Transit t) {
        Element fetch = t.request().payload();
        String text = null;
        for (org.w3c.dom.Node n = fetch.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && Receipts.NS.equals(e.getNamespaceURI()) && "messageId".equals(e.getLocalName())) text = e.getTextContent().trim();
        }
        if (text == null) throw new BusException(FaultCode.INVALID_MESSAGE, "a fetch names the messageId it fetches in ga:messageId");
        UUID id = parse(text);
        Letter letter = mailbox.find(id).orElseThrow(FetchRefused::new);
        if (!letter.service().equals(t.request().header().service().toString())) throw new FetchRefused();
        answer(t, id, letter);
    }

    /** The fetch in {@code t} is verified: the client's own request, its reply, or where its delivery is. */
    private void answer(Transit t, UUID id, Letter letter) {
        InboundRequest fetch = t.request();
        BusHeader h = fetch.header();
        if (!id.toString().equals(h.correlationId())) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "a fetch names the messageId it fetches as its correlationId");
        }
        if (!letter.client().equals(h.client().toString())) throw new FetchRefused();
        Instant now = Instant.now();
        WireReply reply;
        if (letter.state().ended() && letter.fetchedAt() != null) {
            reply = letter.reply(); // fetched before: the first fetch is the one logged, so a polling client cannot grow the log
        } else if (letter.state().ended()) {
            log.append(new LogRecord(id, Hop.STATE, letter.service(), letter.client(), h.userId(), h.purpose(), null, routingVersion,
                    SystemCertificates.describe(fetch.signer()), fetch.signer(),
                    ("state=" + letter.state() + "\nreason=fetched by the client (fetch messageId " + h.messageId() + ")\n").getBytes(StandardCharsets.UTF_8)));
            mailbox.fetched(id, now);
            reply = letter.reply();
        } else if (!now.isBefore(letter.expiresAt())) {
            throw new BusException(FaultCode.EXPIRED, "its time to live ended at " + letter.expiresAt() + " before it was answered");
        } else {
            reply = t.codec().accepted(fetch.wire().requestHash(), h.answeredAt(now),
                    Receipts.of(id, letter.state().name(), letter.expiresAt(), letter.attempts()));
        }
        pipeline.ended(t, reply);
    }

    private static UUID parse(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new FetchRefused();
        }
    }

    /** Unknown, or not this client's: the same answer either way. */
    private static final class FetchRefused extends BusException {
        FetchRefused() { super(FaultCode.UNKNOWN_MESSAGE, "no answer is kept under this messageId for this client"); }
    }
}
