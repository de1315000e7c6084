package org.govbus.routes;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.pipeline.ProviderDispatch;
import org.govbus.core.routing.ProviderRoute;

/** One consumer route per providing system: take a request off its queue, hand it to its adapter, reply. */
public final class ProviderRoutes extends RouteBuilder implements AutoCloseable {
    /** The JMS component of the asynchronous consumers, bound by the app: transacted, on connections of its own. */
    public static final String ASYNC_JMS = "jms-async";
    /** Consumers of each provider's asynchronous queue: tries are not waited on by a client, so a few suffice. */
    private static final int ASYNC_CONSUMERS = 4;
    private final BusServices bus;
    private final int consumersPerProvider;
    private final List<Adapter> adapters = new ArrayList<>();

    public ProviderRoutes(BusServices bus, int consumersPerProvider) {
        this.bus = bus;
        this.consumersPerProvider = consumersPerProvider;
    }

    @Override
    public void configure() {
        for (ProviderRoute provider : bus.routing().providers()) {
            Adapter adapter = bus.agencies().open(provider);
            adapters.add(adapter);
            // acknowledged after the adapter is done, so a crash mid-call redelivers rather than loses the request
            from("jms:queue:" + provider.system().queueName() + "?concurrentConsumers=" + consumersPerProvider
                    + "&acknowledgementModeName=CLIENT_ACKNOWLEDGE")
                    .routeId("provider " + provider.system())
                    .process(e -> ProviderMessages.write(
                            ProviderDispatch.call(adapter, ProviderMessages.readRequest(e.getMessage()), System.currentTimeMillis()),
                            e.getMessage()));
            if (bus.async() != null && bus.routing().services().stream().anyMatch(s -> s.provider().equals(provider) && s.delivery().async())) {
                asyncConsumer(provider, adapter);
            }
        }
    }

    /**
     * Asynchronous requests of one provider, each try in one local JMS transaction: the message is taken, tried, and
     * queued again with the service's back-off as its delivery delay, or moved to the dead-letter queue, or let go,
     * all or nothing. A node that dies mid-try leaves the message on the queue, and the broker delivers it again.
     */
    private void asyncConsumer(ProviderRoute provider, Adapter adapter) {
        String queue = asyncQueue(provider);
        from(ASYNC_JMS + ":queue:" + queue + "?concurrentConsumers=" + ASYNC_CONSUMERS + "&transacted=true")
                .routeId("async provider " + provider.system())
                .process(e -> AsyncMessages.next(bus.async().deliver(AsyncMessages.read(e.getMessage(), bus.routing()), adapter,
                        AsyncMessages.attempt(e.getMessage()), e.getMessage().getHeader(Exchanges.H_REDRIVEN, String.class)), e.getMessage()))
                .choice()
                    .when(header(Exchanges.H_NEXT).isEqualTo("retry"))
                        .toD(ASYNC_JMS + ":queue:" + queue + "?exchangePattern=InOnly&deliveryPersistent=true&deliveryDelay=${header." + Exchanges.H_DELAY + "}")
                    .when(header(Exchanges.H_NEXT).isEqualTo("dead"))
                        .to(ASYNC_JMS + ":queue:" + Exchanges.DEAD_LETTER_QUEUE + "?exchangePattern=InOnly&deliveryPersistent=true")
                .end()
                // a reply this try produced goes to the client's callback URL too, when it registered one
                .filter(e -> bus.callbacks() != null && Boolean.TRUE.equals(e.getMessage().getHeader(Exchanges.H_ENDED_NOW, Boolean.class))
                        && bus.callbacks().wanted(e.getMessage().getHeader(Exchanges.H_CLIENT, String.class)))
                    .process(e -> CallbackRoutes.firstPush(e.getMessage()))
                    .to(ASYNC_JMS + ":queue:" + Exchanges.CALLBACK_QUEUE + "?exchangePattern=InOnly&deliveryPersistent=true");
    }

    static String asyncQueue(ProviderRoute provider) { return provider.system().asyncQueueName(); }

    @Override
    public void close() {
        adapters.forEach(Adapter::close);
    }
}
