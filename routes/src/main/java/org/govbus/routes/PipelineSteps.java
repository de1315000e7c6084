package org.govbus.routes;

import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.pipeline.Codec;
import org.govbus.core.pipeline.Pipeline;
import org.govbus.core.pipeline.Transit;
import org.govbus.core.pipeline.WireInput;
import org.govbus.core.pipeline.WireReply;

/**
 * The {@link Pipeline}'s steps as Camel processors: each takes the request's {@link Transit} from the exchange,
 * calls one step, and, at the end, puts the reply on the message. No policy lives here.
 */
final class PipelineSteps {
    private final Pipeline pipeline;
    private final org.govbus.core.pipeline.AsyncFetch fetches;

    /** @param fetches the mailbox's answers to signed fetches; null on a node without one */
    PipelineSteps(Pipeline pipeline, org.govbus.core.pipeline.AsyncFetch fetches) {
        this.pipeline = pipeline;
        this.fetches = fetches;
    }

    /** Reads a request in {@code codec}'s format; {@code target} gives the service the URL names, if any. */
    Processor read(Codec codec, Function<Message, String> target) {
        return exchange -> {
            Message m = exchange.getMessage();
            UnaryOperator<String> headers = name -> m.getHeader(name, String.class);
            Transit t = pipeline.begin(codec, headers);
            exchange.setProperty(Exchanges.TRANSIT, t);
            byte[] body = RequestBodies.read(exchange, pipeline.maxMessageBytes());
            pipeline.read(t, new WireInput(body, m.getHeader(Exchange.CONTENT_TYPE, String.class), target.apply(m), headers));
        };
    }

    /** A signed fetch of an asynchronous answer, in {@code codec}'s format. */
    Processor fetch(Codec codec, org.govbus.core.pipeline.AsyncFetch fetcher) {
        return exchange -> {
            Message m = exchange.getMessage();
            UnaryOperator<String> headers = name -> m.getHeader(name, String.class);
            Transit t = pipeline.begin(codec, headers);
            exchange.setProperty(Exchanges.TRANSIT, t);
            fetcher.fetch(t, m.getHeader(HttpApi.FETCHED, String.class), headers);
            reply(exchange, t.reply());
        };
    }

    void verify(Exchange exchange) { pipeline.verify(transit(exchange)); }

    /** A SOAP request whose Body is the bus's own {@code ga:fetch}: a signed fetch of an asynchronous answer. */
    boolean fetchOfAnswer(Exchange exchange) {
        Transit t = transit(exchange);
        return fetches != null && "soap".equals(t.codec().format()) && org.govbus.core.pipeline.AsyncFetch.isFetch(t.request().payload());
    }

    /** Answers a verified SOAP fetch from the mailbox. */
    void fetchVerified(Exchange exchange) {
        Transit t = transit(exchange);
        fetches.fetchVerified(t);
        reply(exchange, t.reply());
    }

    void authorize(Exchange exchange) { pipeline.authorize(transit(exchange)); }

    void logRequest(Exchange exchange) { pipeline.logRequest(transit(exchange)); }

    /** The message for the provider's queue, and where that queue is. */
    void toProvider(Exchange exchange) {
        Transit t = transit(exchange);
        ProviderMessages.write(pipeline.dispatch(t), exchange.getMessage());
        exchange.setProperty(Exchanges.QUEUE, t.route().provider().system().queueName());
        exchange.setProperty(Exchanges.TIMEOUT, t.route().timeout().toMillis());
    }

    /** Whether the service is asynchronous: queued and acknowledged, its answer fetched later. */
    boolean async(Exchange exchange) { return transit(exchange).route().delivery().async(); }

    /** The asynchronous request for its provider's queue, in the mailbox as accepted. */
    void toAsyncQueue(Exchange exchange) {
        Transit t = transit(exchange);
        org.govbus.core.pipeline.AsyncRequest queued = pipeline.dispatchAsync(t);
        AsyncMessages.write(queued, exchange.getMessage());
        exchange.setProperty(Exchanges.QUEUE, ProviderRoutes.asyncQueue(t.route().provider()));
        exchange.setProperty(ASYNC_REQUEST, queued);
    }

    /** Queued: the client gets the sealed receipt. */
    void acknowledge(Exchange exchange) {
        Transit t = transit(exchange);
        pipeline.acknowledge(t, exchange.getProperty(ASYNC_REQUEST, org.govbus.core.pipeline.AsyncRequest.class));
        reply(exchange, t.reply());
    }

    private static final String ASYNC_REQUEST = "govbusAsyncRequest";

    void answer(Exchange exchange) {
        Transit t = transit(exchange);
        pipeline.answer(t, ProviderMessages.readReply(exchange.getMessage()));
        reply(exchange, t.reply());
    }

    void logAnswer(Exchange exchange) { pipeline.logAnswer(transit(exchange)); }

    /** Whatever failed becomes the fault the client gets; a request that waited past its timeout, Server.ProviderTimeout. */
    void fault(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof ExchangeTimedOutException) {
                failure = new BusException(FaultCode.PROVIDER_TIMEOUT, "the provider did not answer in time");
                break;
            }
        }
        reply(exchange, pipeline.fault(transit(exchange), failure));
    }

    private static void reply(Exchange exchange, WireReply reply) {
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        m.setHeader(Exchange.CONTENT_TYPE, reply.contentType());
        m.getHeaders().putAll(reply.headers());
        m.setBody(reply.body());
    }

    private static Transit transit(Exchange exchange) {
        return exchange.getProperty(Exchanges.TRANSIT, Transit.class);
    }
}
