package org.govbus.core.pipeline;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.govbus.core.async.Letter;
import org.govbus.core.async.Mailbox;
import org.govbus.core.routing.Delivery;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.error.ThrottledException;
import org.govbus.core.id.SystemId;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogRecord;
import org.govbus.core.log.MessageLog;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.security.SystemCertificates;
import org.govbus.core.xml.Canonical;
import org.govbus.core.xml.PayloadSchemas;
import org.govbus.core.xml.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The policy of the bus, the same for every wire format: read, verify, authorize, log, dispatch, answer, log,
 * and the fault for whatever fails. An ingress calls the steps in this order with its own {@link Codec}; the
 * state between steps is the request's {@link Transit}. Nothing here knows of Camel, JMS or HTTP.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** What the pipeline needs of the node: the routing table, the schemas, the log, who seals, and the limits. */
    public record Settings(Duration allowedSkew, int maxMessageBytes, X509Certificate busCertificate, boolean replaySandbox) {
        public Settings(Duration allowedSkew, int maxMessageBytes, X509Certificate busCertificate) {
            this(allowedSkew, maxMessageBytes, busCertificate, false);
        }
    }

    /** The header {@code govbus log replay} marks a re-sent request with; heeded by a replay sandbox only. */
    public static final String REPLAY_HEADER = "X-GovBus-Replay";

    private final RoutingTable routing;
    private final PayloadSchemas schemas;
    private final MessageLog log;
    private final Settings settings;
    private final String busSigner;
    private final PipelineListener listener;
    private final Throttle throttle;
    private final Mailbox mailbox;

    public Pipeline(RoutingTable routing, PayloadSchemas schemas, MessageLog log, Settings settings, PipelineListener listener) {
        this(routing, schemas, log, null, settings, listener);
    }

    /** @param mailbox where asynchronous requests wait for their answers; null: a node without one refuses async services */
    public Pipeline(RoutingTable routing, PayloadSchemas schemas, MessageLog log, Mailbox mailbox, Settings settings, PipelineListener listener) {
        this.routing = routing;
        this.mailbox = mailbox;
        this.throttle = new Throttle(routing);
        this.schemas = schemas;
        this.log = log;
        this.settings = settings;
        this.busSigner = SystemCertificates.describe(settings.busCertificate());
        // a failing listener must not fail the request it watches (nor log an answered request a second time)
        this.listener = PipelineListener.all(List.of(listener));
    }

    public int maxMessageBytes() { return settings.maxMessageBytes(); }

    /** A request arrives in the format of {@code codec}, with these HTTP headers; its body is not read yet. */
    public Transit begin(Codec codec, UnaryOperator<String> headers) {
        Transit t = new Transit(codec);
        claim(t, codec.claimedMessageId(headers));
        if (settings.replaySandbox() && headers.apply(REPLAY_HEADER) != null) t.markReplay();
        listener.started(t);
        return t;
    }

    /** Size, then the codec's parse and shape checks; the claimed messageId is kept as soon as it is readable. */
    public void read(Transit t, WireInput input) {
        long started = System.nanoTime();
        if (input.body().length > settings.maxMessageBytes()) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "the message is larger than " + settings.maxMessageBytes() + " bytes");
        }
        if (input.body().length == 0) throw new BusException(FaultCode.INVALID_MESSAGE, "the message is empty");
        WireRequest wire = t.codec().read(input, id -> claim(t, id));
        t.request(new InboundRequest(wire));
        t.claimedMessageId(wire.header().messageId().toString());
        done(t, Stage.READ, started);
    }

    /** Keeps a claimed messageId for the faults, if it looks like one: a fault does not echo arbitrary text. */
    private static void claim(Transit t, String id) {
        if (id != null && UUID_TEXT.matcher(id).matches()) t.claimedMessageId(id);
    }

    /**
     * The signature, its coverage and its certificate (by the codec), then what holds for every format: the
     * certificate is the client's own, and the header's timestamp is inside the allowed skew. A client already over its
     * quota is refused first, before the costliest check.
     */
    public void verify(Transit t) {
        long started = System.nanoTime();
        InboundRequest r = t.request();
        throttle.refuseEarly(r.header().client(), r.header().service());
        Instant now = Instant.now();
        X509Certificate cert = r.wire().verifySignature(now);
        SystemId certified = SystemCertificates.systemOf(cert);
        if (certified == null) {
            throw new BusException(FaultCode.ACCESS_DENIED, "the signing certificate does not name one system in its common name");
        }
        if (!r.header().client().equals(certified)) {
            throw new BusException(FaultCode.ACCESS_DENIED, "the message is signed by " + certified
                    + " but names " + r.header().client() + " as the client");
        }
        Duration drift = Duration.between(r.header().timestamp(), now).abs();
        // a replay in a sandbox is old by nature; everywhere else a stale request is refused
        if (!t.replay() && drift.compareTo(settings.allowedSkew()) > 0) {
            throw new BusException(FaultCode.STALE_TIMESTAMP, "the busHeader timestamp is " + drift.toSeconds()
                    + " s away from the bus clock; at most " + settings.allowedSkew().toSeconds() + " s is allowed");
        }
        r.verifiedBy(cert);
        done(t, Stage.VERIFY, started);
    }

    /** The routing table decides: the service exists, this client may call it and is within its quotas; then the payload's schema. */
    public void authorize(Transit t) {
        long started = System.nanoTime();
        BusHeader h = t.request().header();
        t.route(routing.authorize(h.client(), h.service()));
        throttle.admit(h.client(), t.route());
        schemas.validateRequest(h.service(), t.request().payload());
        done(t, Stage.AUTHORIZE, started);
    }

    /**
     * The request as received, with its signer, the person or company it is about and the routing table that let it
     * through; a messageId seen before is refused here as a replay, in the same transaction.
     */
    public void logRequest(Transit t) {
        long started = System.nanoTime();
        InboundRequest r = t.request();
        BusHeader h = r.header();
        LogRecord record = new LogRecord(h.messageId(), t.replay() ? Hop.REPLAYED_REQUEST : Hop.CLIENT_REQUEST, h.service().toString(), h.client().toString(),
                h.userId(), h.purpose(), schemas.subjectOf(h.service(), r.payload()), routing.version(),
                SystemCertificates.describe(r.signer()), r.signer(), r.raw());
        // a replay in a sandbox is seen before by nature; a client's own request may be its one retry after a crash
        if (t.replay()) log.append(record);
        else if (log.appendRequest(record, t.route().timeout()).hop() == Hop.RETRIED_REQUEST) t.markRetried();
        t.markLogged(record);
        done(t, Stage.LOG_REQUEST, started);
    }

    /** What goes on the provider's queue, with the service's timeout as its deadline. */
    public ProviderRequest dispatch(Transit t) {
        BusHeader h = t.request().header();
        long timeout = t.route().timeout().toMillis();
        t.dispatched();
        return new ProviderRequest(h.messageId(), h.service(), h.client(), h.userId(), h.purpose(),
                // exactly the bytes the client signed (exclusive c14n) for SOAP; the canonical form of the JSON for JSON
                Canonical.bytes(t.request().payload()), timeout, System.currentTimeMillis() + timeout);
    }

    /**
     * An asynchronous request: in the mailbox as {@code ACCEPTED}, then what goes on the provider's queue, with its
     * time to live and what sealing its answer later needs.
     */
    public AsyncRequest dispatchAsync(Transit t) {
        if (mailbox == null) throw new IllegalStateException("this node has no mailbox for asynchronous services");
        BusHeader h = t.request().header();
        Delivery delivery = t.route().delivery();
        Instant now = Instant.now();
        Instant expires = now.plus(delivery.ttl());
        // a retry after a crash may find its letter accepted before the node died: it goes on from there
        if (!t.retried() || mailbox.find(h.messageId()).isEmpty()) {
            mailbox.accept(Letter.accepted(h.messageId(), h.client().toString(), h.service().toString(), t.codec().format(), now, expires));
        }
        t.letterAccepted();
        ProviderRequest request = dispatch(t);
        return new AsyncRequest(request, h.correlationId(), t.codec().format(), t.request().wire().requestHash(),
                t.logRecord().subject(), routing.version(), expires, delivery);
    }

    /** The receipt of a queued asynchronous request, sealed and logged: the client's request has ended well for now. */
    public void acknowledge(Transit t, AsyncRequest queued) {
        long started = System.nanoTime();
        BusHeader h = t.request().header();
        t.reply(t.codec().accepted(t.request().wire().requestHash(), h.answeredAt(Instant.now()), Receipts.accepted(h.messageId(), queued.expiresAt())));
        log.append(t.logRecord().next(Hop.ACCEPTED, busSigner, settings.busCertificate(), t.reply().logged()));
        t.acknowledged();
        done(t, Stage.LOG_ANSWER, started);
        listener.ended(t, Outcome.ANSWERED, System.nanoTime() - t.startedNanos());
    }

    /** A request the bus answered itself (a fetch from the mailbox): it has ended well with {@code reply}. */
    void ended(Transit t, WireReply reply) {
        t.reply(reply);
        listener.ended(t, Outcome.ANSWERED, System.nanoTime() - t.startedNanos());
    }

    /** The provider's reply, checked against the service's response schema and sealed in the client's format. */
    public void answer(Transit t, ProviderReply reply) {
        long started = System.nanoTime();
        listener.stageDone(t, Stage.PROVIDER, started - t.dispatchedNanos());
        t.agencyTraffic(reply.traffic());
        if (reply.fault() != null) throw new BusException(reply.fault(), reply.reason());
        BusHeader h = t.request().header();
        Element payload = providerAnswer(reply.answer());
        schemas.validateResponse(h.service(), payload);
        t.reply(t.codec().answer(t.request().wire().requestHash(), h.answeredAt(Instant.now()), payload));
        done(t, Stage.ANSWER, started);
    }

    private static Element providerAnswer(byte[] bytes) {
        try {
            return SecureXml.parse(bytes).getDocumentElement();
        } catch (BusException e) {
            throw new BusException(FaultCode.PROVIDER_ERROR, "the provider's answer is not XML: " + e.reason());
        }
    }

    /** The answer as sent, signed by the bus; the request has ended well. */
    public void logAnswer(Transit t) {
        long started = System.nanoTime();
        log.appendAll(withTraffic(t, t.logRecord().next(Hop.CLIENT_ANSWER, busSigner, settings.busCertificate(), t.reply().logged())));
        done(t, Stage.LOG_ANSWER, started);
        listener.ended(t, Outcome.ANSWERED, System.nanoTime() - t.startedNanos());
    }

    /**
     * Any failure, typed or not, becomes a fault in the client's format naming the messageId; a logged request
     * gets its fault logged, so the log never holds a request without its ending.
     */
    public WireReply fault(Transit t, Throwable failure) {
        long started = System.nanoTime();
        BusException e = classify(failure, t.claimedMessageId());
        WireReply fault = t.codec().fault(e.code(), e.reason(), t.claimedMessageId());
        if (e instanceof ThrottledException throttled) fault = fault.withHeader("Retry-After", String.valueOf(throttled.retryAfterSeconds()));
        t.reply(fault);
        if (t.logged()) {
            try {
                log.appendAll(withTraffic(t, t.logRecord().next(Hop.FAULT, "unsigned fault " + e.code().code(), null, fault.logged())));
            } catch (RuntimeException logFailure) {
                LOG.error("messageId={}: the fault answer could not be written to the message log", t.request().header().messageId(), logFailure);
            }
        }
        if (t.letterOpen() && mailbox != null) {
            // the client was told this fault, not "accepted": a copy that did reach the queue finds the request ended
            try {
                mailbox.end(t.request().header().messageId(), org.govbus.core.async.DeliveryState.FAILED, e.code().code() + ": " + e.reason(),
                        fault, Instant.now());
            } catch (RuntimeException mailboxFailure) {
                LOG.error("messageId={}: the failed request could not be ended in the mailbox", t.request().header().messageId(), mailboxFailure);
            }
        }
        done(t, Stage.FAULT, started);
        listener.ended(t, new Outcome(e.code(), e.reason(), e.detail()), System.nanoTime() - t.startedNanos());
        return fault;
    }

    /** The agency hops of a request, each exchange as sent and as received, before {@code last}: one commit for all. */
    private static List<LogRecord> withTraffic(Transit t, LogRecord last) {
        List<LogRecord> out = new java.util.ArrayList<>(AgencyHops.of(t.request().header().service().provider().toString(), t.agencyTraffic(), last));
        out.add(last);
        return out;
    }

    private static BusException classify(Throwable t, String messageId) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BusException b) return b;
        }
        LOG.error("internal error on messageId={}", messageId, t);
        return new BusException(FaultCode.INTERNAL, "internal error; the bus operator can trace it by the messageId");
    }

    private void done(Transit t, Stage stage, long startedNanos) {
        listener.stageDone(t, stage, System.nanoTime() - startedNanos);
    }
}
