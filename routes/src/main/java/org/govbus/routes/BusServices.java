package org.govbus.routes;

import java.time.Duration;
import org.govbus.core.adapter.Adapters;
import org.govbus.core.id.SystemId;
import org.govbus.core.log.MessageLog;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.security.AnswerSealer;
import org.govbus.core.security.MessageVerifier;
import org.govbus.core.xml.PayloadSchemas;

/** Everything the routes need from the core, built once by the app and handed in: no globals. */
public record BusServices(
        SystemId busSystem,
        PayloadSchemas schemas,
        MessageVerifier verifier,
        AnswerSealer sealer,
        RoutingTable routing,
        MessageLog messageLog,
        Adapters adapters,
        Duration allowedSkew,
        int maxMessageBytes) {}
