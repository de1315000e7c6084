package org.govbus.routes;

import java.util.UUID;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * Replies pushed to clients' callback URLs: each push in one local JMS transaction, queued again with back-off when
 * the client's end did not take it (see {@link org.govbus.core.pipeline.AnswerCallbacks}); a node that dies mid-push
 * pushes again after its restart, so a client may get a reply twice: it knows it by {@code X-GovBus-Message-Id}.
 */
public final class CallbackRoutes extends RouteBuilder {
    private static final int PUSHERS = 2;
    private final BusServices bus;

    public CallbackRoutes(BusServices bus) { this.bus = bus; }

    @Override
    public void configure() {
        String queue = ProviderRoutes.ASYNC_JMS + ":queue:" + Exchanges.CALLBACK_QUEUE;
        from(queue + "?concurrentConsumers=" + PUSHERS + "&transacted=true").routeId("answer callbacks")
                .process(e -> AsyncMessages.next(bus.callbacks().push(UUID.fromString(e.getMessage().getHeader(Exchanges.H_MESSAGE_ID, String.class)),
                        AsyncMessages.attempt(e.getMessage())), e.getMessage()))
                .filter(header(Exchanges.H_NEXT).isEqualTo("retry"))
                    .toD(queue + "?exchangePattern=InOnly&deliveryPersistent=true&deliveryDelay=${header." + Exchanges.H_DELAY + "}");
    }

    /**
     * Queues the first push of an ended request's kept reply (one the mailbox's sweep expired, say), for a client that
     * registered a callback URL; nothing for one that did not.
     */
    public static void pushLater(org.apache.camel.ProducerTemplate producer, BusServices bus, UUID messageId, String client) {
        if (bus.callbacks() == null || !bus.callbacks().wanted(client)) return;
        producer.sendBodyAndHeaders(ProviderRoutes.ASYNC_JMS + ":queue:" + Exchanges.CALLBACK_QUEUE
                        + "?exchangePattern=InOnly&deliveryPersistent=true", new byte[0],
                java.util.Map.of(Exchanges.H_MESSAGE_ID, messageId.toString(), Exchanges.H_CLIENT, client, Exchanges.H_ATTEMPT, 1));
    }

    /** The message of a first push: the request's identifiers are already its headers; the body is not needed. */
    static void firstPush(Message m) {
        m.setHeader(Exchanges.H_ATTEMPT, 1);
        m.setBody(new byte[0]);
    }
}
