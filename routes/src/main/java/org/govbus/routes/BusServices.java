package org.govbus.routes;

import org.govbus.core.adapter.AgencyAdapters;
import org.govbus.core.pipeline.AnswerCallbacks;
import org.govbus.core.pipeline.AsyncDelivery;
import org.govbus.core.pipeline.AsyncFetch;
import org.govbus.core.pipeline.Codec;
import org.govbus.core.pipeline.Pipeline;
import org.govbus.core.routing.RoutingTable;

/**
 * Everything the routes need from the core, built once by the app and handed in: no globals. {@code async} delivers
 * asynchronous requests, {@code fetch} hands out their answers and {@code callbacks} pushes them to clients that
 * registered a callback URL; all null on a node without a mailbox.
 */
public record BusServices(Pipeline pipeline, Codec soap, Codec json, RoutingTable routing, AgencyAdapters agencies,
                          AsyncDelivery async, AsyncFetch fetch, AnswerCallbacks callbacks) {
    public BusServices(Pipeline pipeline, Codec soap, Codec json, RoutingTable routing, AgencyAdapters agencies) {
        this(pipeline, soap, json, routing, agencies, null, null, null);
    }
}
