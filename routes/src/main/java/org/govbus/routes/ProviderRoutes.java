package org.govbus.routes;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.pipeline.ProviderDispatch;
import org.govbus.core.routing.ProviderRoute;

/** One consumer route per providing system: take a request off its queue, hand it to its adapter, reply. */
public final class ProviderRoutes extends RouteBuilder implements AutoCloseable {
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
        }
    }

    @Override
    public void close() {
        adapters.forEach(Adapter::close);
    }
}
