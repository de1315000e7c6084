package org.govbus.routes;

import org.govbus.core.adapter.AgencyAdapters;
import org.govbus.core.pipeline.Codec;
import org.govbus.core.pipeline.Pipeline;
import org.govbus.core.routing.RoutingTable;

/** Everything the routes need from the core, built once by the app and handed in: no globals. */
public record BusServices(Pipeline pipeline, Codec soap, Codec json, RoutingTable routing, AgencyAdapters agencies) {}
