package org.govbus.routes;

import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.log.MessageLog;
import org.govbus.core.routing.ServiceRoute;
import org.govbus.core.security.SystemCertificates;
import org.govbus.core.soap.BusHeaders;
import org.govbus.core.soap.InboundRequest;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.soap.SoapMessages;
import org.govbus.core.xml.Canonical;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Element;

/** The steps of a SOAP request, each a small call into the core; the route reads them in order. */
final class SoapPipeline {
    private static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final BusServices bus;

    SoapPipeline(BusServices bus) { this.bus = bus; }

    /** Size limit, safe parsing, SOAP structure and the bus header's schema. */
    void read(Exchange exchange) {
        exchange.setProperty(Exchanges.STARTED, System.nanoTime());
        byte[] raw = RequestBodies.read(exchange, bus.maxMessageBytes());
        InboundRequest request = InboundRequest.parse(raw, bus.maxMessageBytes(), bus.schemas(), id -> {
            if (id != null && UUID_TEXT.matcher(id).matches()) exchange.setProperty(Exchanges.CLAIMED_MESSAGE_ID, id);
        });
        exchange.setProperty(Exchanges.REQUEST, request);
    }

    /** Signature and its coverage, certificate trust, signer = client, timestamp window. */
    void verify(Exchange exchange) {
        request(exchange).verify(bus.verifier(), bus.allowedSkew(), Instant.now());
    }

    /** The routing table decides: the service exists and this client may call it; then the payload's schema. */
    void authorize(Exchange exchange) {
        InboundRequest r = request(exchange);
        ServiceRoute route = bus.routing().authorize(r.header().client(), r.header().service());
        bus.schemas().validateRequest(r.header().service(), r.envelope().payload());
        exchange.setProperty(Exchanges.ROUTE, route);
    }

    /** The request as received, with its signer; a messageId seen before is refused here as a replay, in the same transaction. */
    void logRequest(Exchange exchange) {
        InboundRequest r = request(exchange);
        bus.messageLog().append(r.header().messageId(), MessageLog.Direction.REQUEST, r.header().service().toString(),
                r.header().client().toString(), SystemCertificates.describe(r.signer()), r.raw());
        exchange.setProperty(Exchanges.LOGGED, true);
    }

    /** The message for the provider queue: the canonical payload, and the identifiers as headers. */
    void toProviderMessage(Exchange exchange) {
        InboundRequest r = request(exchange);
        ServiceRoute route = exchange.getProperty(Exchanges.ROUTE, ServiceRoute.class);
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchanges.H_MESSAGE_ID, r.header().messageId().toString());
        m.setHeader(Exchanges.H_SERVICE, r.header().service().toString());
        m.setHeader(Exchanges.H_CLIENT, r.header().client().toString());
        m.setHeader(Exchanges.H_USER_ID, r.header().userId());
        m.setHeader(Exchanges.H_PURPOSE, r.header().purpose());
        m.setHeader(Exchanges.H_TIMEOUT_MS, route.timeout().toMillis());
        m.setHeader(Exchanges.H_DEADLINE, System.currentTimeMillis() + route.timeout().toMillis());
        m.setHeader("CamelJmsRequestTimeout", route.timeout().toMillis());
        // exactly the bytes the client signed (exclusive c14n), not a re-serialisation of the DOM
        m.setBody(Canonical.bytes(r.envelope().payload()));
        exchange.setProperty(Exchanges.QUEUE, route.provider().system().queueName());
        exchange.setProperty(Exchanges.TIMEOUT, route.timeout().toMillis());
    }

    /** The provider's reply: a canonical answer, or the fault the adapter reported. */
    void fromProviderMessage(Exchange exchange) {
        Message m = exchange.getMessage();
        String fault = m.getHeader(Exchanges.H_FAULT, String.class);
        if (fault != null) {
            throw new BusException(FaultCode.fromCode(fault), m.getBody(String.class));
        }
    }

    /** The answer envelope: the request's header plus the hash of the request as received, sealed by the bus (batch-signed). */
    void sealAnswer(Exchange exchange) {
        InboundRequest r = request(exchange);
        Element payload = providerAnswer(exchange.getMessage().getBody(byte[].class));
        bus.schemas().validateResponse(r.header().service(), payload);
        BusHeaders.Fields h = r.header();
        BusHeaders.Fields answerHeader = new BusHeaders.Fields(h.messageId(), h.correlationId(), h.client(), h.service(),
                h.userId(), h.purpose(), Instant.now());
        SoapEnvelope answer = SoapMessages.envelope(answerHeader, payload, r.hash());
        bus.sealer().seal(answer);
        reply(exchange, SecureXml.toBytes(answer.document()), 200);
    }

    private static Element providerAnswer(byte[] bytes) {
        try {
            return SecureXml.parse(bytes).getDocumentElement();
        } catch (BusException e) {
            throw new BusException(FaultCode.PROVIDER_UNAVAILABLE, "the provider's answer is not XML: " + e.reason());
        }
    }

    void logAnswer(Exchange exchange) {
        InboundRequest r = request(exchange);
        bus.messageLog().append(r.header().messageId(), MessageLog.Direction.RESPONSE, r.header().service().toString(),
                r.header().client().toString(), SystemCertificates.describe(bus.sealer().signer().key().certificate()),
                exchange.getMessage().getBody(byte[].class));
    }

    /** Any failure, typed or not, becomes a SOAP Fault naming the messageId; a logged request gets its fault logged. */
    void fault(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        BusException e = Faults.classify(t);
        String messageId = exchange.getProperty(Exchanges.CLAIMED_MESSAGE_ID, String.class);
        byte[] fault = SoapMessages.fault(e.code(), e.reason(), messageId);
        reply(exchange, fault, 500);
        if (Boolean.TRUE.equals(exchange.getProperty(Exchanges.LOGGED, Boolean.class))) {
            InboundRequest r = request(exchange);
            try {
                bus.messageLog().append(r.header().messageId(), MessageLog.Direction.RESPONSE, r.header().service().toString(),
                        r.header().client().toString(), "unsigned fault " + e.code().code(), fault);
            } catch (RuntimeException logFailure) {
                Faults.logUnloggedFault(r.header().messageId(), logFailure);
            }
        }
        Faults.logOutcome(exchange, e, messageId);
    }

    private static void reply(Exchange exchange, byte[] body, int status) {
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "text/xml; charset=utf-8");
        m.setBody(body);
    }

    private static InboundRequest request(Exchange exchange) {
        return exchange.getProperty(Exchanges.REQUEST, InboundRequest.class);
    }

}
