package org.govbus.core.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AgencyTraffic;
import org.govbus.core.async.DeliveryState;
import org.govbus.core.async.Letter;
import org.govbus.core.async.Mailbox;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogRecord;
import org.govbus.core.log.MessageLog;
import org.govbus.core.xml.PayloadSchemas;
import org.govbus.core.xml.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The provider's side of an asynchronous request: one try at the agency, then what follows from it. An answer, or a
 * fault no retry mends, ends the request: sealed in the client's format, logged with the agency's hops and the state,
 * then put in the {@link Mailbox}. A fault a later try could mend ({@link FaultCode#retryable()}) asks for another try
 * after the service's back-off, until its {@code maxAttempts}; then the request is dead-lettered. A request past its
 * time to live is never delivered: it ends {@code EXPIRED}, and its client gets {@code Client.Expired}. A request that
 * has ended already (delivered twice after a crash) is let go. Nothing here knows of JMS: the caller queues again.
 */
public final class AsyncDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncDelivery.class);

    /** What the queue should do with the request after this try. */
    public sealed interface Next {
        /** It has ended ({@code endedNow}: by this try, so its reply is new) or had ended before: acknowledge it. */
        record Done(DeliveryState state, boolean endedNow) implements Next {}

        /** Queue it again, to be tried after {@code delay}. */
        record Retry(int nextAttempt, Duration delay) implements Next {}

        /** Every try failed: move it to the dead-letter queue. */
        record DeadLetter(String reason) implements Next {}
    }

    private final Mailbox mailbox;
    private final MessageLog log;
    private final Map<String, Codec> codecs;
    private final PayloadSchemas schemas;
    private final String busSigner;
    private final java.security.cert.X509Certificate busCertificate;
    private final String routingVersion;

    public AsyncDelivery(Mailbox mailbox, MessageLog log, Map<String, Codec> codecs, PayloadSchemas schemas,
                         java.security.cert.X509Certificate busCertificate, String routingVersion) {
        this.routingVersion = routingVersion;
        this.mailbox = mailbox;
        this.log = log;
        this.codecs = Map.copyOf(codecs);
        this.schemas = schemas;
        this.busCertificate = busCertificate;
        this.busSigner = org.govbus.core.security.SystemCertificates.describe(busCertificate);
    }

    public Mailbox mailbox() { return mailbox; }

    /**
     * Try number {@code attempt} (1 for the first) of {@code r} at {@code adapter}. {@code redrivenBy} is set on a
     * request an operator sent back from the dead-letter queue: it is reopened, and its tries start again.
     */
    public Next deliver(AsyncRequest r, Adapter adapter, int attempt, String redrivenBy) {
        java.util.UUID id = r.request().messageId();
        Letter letter = mailbox.find(id).orElse(null);
        if (letter != null && letter.state() == DeliveryState.DEAD_LETTERED && redrivenBy != null && mailbox.reopen(id, Instant.now())) {
            log.append(state(r, DeliveryState.ACCEPTED, "redriven from the dead-letter queue by " + redrivenBy));
            letter = mailbox.find(id).orElse(null);
        }
        if (letter == null || letter.state().ended()) {
            LOG.info("messageId={}: {}; not delivered again", id, letter == null ? "not in the mailbox" : "already " + letter.state());
            return new Next.Done(letter == null ? DeliveryState.FAILED : letter.state(), false);
        }
        Instant now = Instant.now();
        if (!now.isBefore(r.expiresAt())) return expire(r, now);
        if (!mailbox.tried(id, attempt, now)) return new Next.Done(DeliveryState.ANSWERED, false);
        log.append(state(r, DeliveryState.DELIVERED, "try " + attempt + " of " + r.delivery().maxAttempts()));
        ProviderReply reply = ProviderDispatch.call(adapter, r.attempt(System.currentTimeMillis()), System.currentTimeMillis());
        if (reply.fault() == null && reply.undecided() && attempt < r.delivery().maxAttempts()
                && now.plus(r.delivery().backoff().after(attempt)).isBefore(r.expiresAt())) {
            // the agency has it and has not decided: asked again later (a resumed try) rather than answered "pending"
            Duration delay = r.delivery().backoff().after(attempt);
            log.appendAll(withTraffic(r, reply.traffic(), state(r, DeliveryState.DELIVERED,
                    "try " + attempt + ": the agency has the request but has not decided it; next try in " + delay.toMillis() + " ms")));
            return new Next.Retry(attempt + 1, delay);
        }
        if (reply.fault() == null) return answered(r, reply);
        FaultCode code = reply.fault();
        if (code.retryable() && attempt < r.delivery().maxAttempts()) {
            Duration delay = r.delivery().backoff().after(attempt);
            log.appendAll(withTraffic(r, reply.traffic(), state(r, DeliveryState.DELIVERED,
                    "try " + attempt + " failed with " + code.code() + " (" + reply.reason() + "); next try in " + delay.toMillis() + " ms")));
            return new Next.Retry(attempt + 1, delay);
        }
        DeliveryState ending = code.retryable() ? DeliveryState.DEAD_LETTERED : DeliveryState.FAILED;
        boolean ended = end(r, ending, reply.traffic(), codec(r).fault(code, reply.reason(), id.toString()), Hop.FAULT, "unsigned fault " + code.code(),
                ending + " after try " + attempt + ": " + code.code() + " (" + reply.reason() + ")");
        return ending == DeliveryState.DEAD_LETTERED ? new Next.DeadLetter(code.code() + ": " + reply.reason()) : new Next.Done(ending, ended);
    }

    /** Ends a request whose time to live passed without an answer: never delivered after this, its client told Client.Expired. */
    public Next expire(AsyncRequest r, Instant now) {
        String reason = "its time to live ended at " + r.expiresAt() + " before it was answered";
        boolean ended = end(r, DeliveryState.EXPIRED, List.of(), codec(r).fault(FaultCode.EXPIRED, reason, r.request().messageId().toString()),
                Hop.FAULT, "unsigned fault " + FaultCode.EXPIRED.code(), "EXPIRED: " + reason);
        return new Next.Done(DeliveryState.EXPIRED, ended);
    }

    /**
     * Ends a request found past its time to live by the mailbox's sweep, from what the mailbox knows of it (its
     * official and purpose are in the request's own log entry); false when it had ended meanwhile.
     */
    public boolean expire(Letter letter) {
        String reason = "its time to live ended at " + letter.expiresAt() + " before it was answered";
        WireReply fault = codecs.getOrDefault(letter.format(), codecs.values().iterator().next())
                .fault(FaultCode.EXPIRED, reason, letter.messageId().toString());
        LogRecord base = new LogRecord(letter.messageId(), Hop.CLIENT_REQUEST, letter.service(), letter.client(), null, null, null,
                routingVersion, null, null, new byte[0]);
        if (!mailbox.end(letter.messageId(), DeliveryState.EXPIRED, "EXPIRED: " + reason, fault, Instant.now())) return false;
        log.appendAll(List.of(base.next(Hop.FAULT, "unsigned fault " + FaultCode.EXPIRED.code(), null, fault.logged()),
                base.next(Hop.STATE, "recorded by the bus", null, ("state=EXPIRED\nreason=" + reason + " (found by the mailbox's sweep)\n")
                        .getBytes(StandardCharsets.UTF_8))));
        return true;
    }

    private Next answered(AsyncRequest r, ProviderReply reply) {
        WireReply sealed;
        try {
            Element payload = SecureXml.parse(reply.answer()).getDocumentElement();
            schemas.validateResponse(r.request().service(), payload);
            sealed = codec(r).answer(r.requestHash(), r.answerHeader(Instant.now()), payload);
        } catch (BusException e) {
            FaultCode code = e.code() == FaultCode.INVALID_MESSAGE ? FaultCode.PROVIDER_ERROR : e.code();
            boolean ended = end(r, DeliveryState.FAILED, reply.traffic(), codec(r).fault(code, e.reason(), r.request().messageId().toString()),
                    Hop.FAULT, "unsigned fault " + code.code(), "FAILED: the agency's answer is unusable: " + e.reason());
            return new Next.Done(DeliveryState.FAILED, ended);
        }
        boolean ended = end(r, DeliveryState.ANSWERED, reply.traffic(), sealed, Hop.CLIENT_ANSWER, busSigner, "ANSWERED");
        return new Next.Done(DeliveryState.ANSWERED, ended);
    }

    /**
     * The agency's hops, the answer or fault and the new state in one commit; then the mailbox, where the client finds it.
     * False when the request had ended meanwhile (the sweep expired it): this reply is not the client's.
     */
    private boolean end(AsyncRequest r, DeliveryState state, List<AgencyTraffic.Exchange> traffic, WireReply reply, Hop hop, String signer, String why) {
        LogRecord base = r.logRecord();
        List<LogRecord> hops = withTraffic(r, traffic, base.next(hop, signer, hop == Hop.CLIENT_ANSWER ? busCertificate : null, reply.logged()));
        hops.add(state(r, state, why));
        log.appendAll(hops);
        if (mailbox.end(r.request().messageId(), state, why, reply, Instant.now())) return true;
        log.append(state(r, mailbox.find(r.request().messageId()).map(Letter::state).orElse(state),
                "the " + state + " reply above was not kept: the request had ended already"));
        return false;
    }

    private static List<LogRecord> withTraffic(AsyncRequest r, List<AgencyTraffic.Exchange> traffic, LogRecord last) {
        List<LogRecord> out = new ArrayList<>(AgencyHops.of(r.request().service().provider().toString(), traffic, last));
        out.add(last);
        return out;
    }

    /** A delivery state change, as the log keeps it: {@code state=...} and {@code reason=...} lines. */
    static LogRecord state(AsyncRequest r, DeliveryState state, String why) {
        return r.logRecord().next(Hop.STATE, "recorded by the bus", null,
                ("state=" + state + "\nreason=" + why.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Codec codec(AsyncRequest r) {
        Codec c = codecs.get(r.format());
        if (c == null) throw new IllegalStateException("no codec for format " + r.format());
        return c;
    }
}
