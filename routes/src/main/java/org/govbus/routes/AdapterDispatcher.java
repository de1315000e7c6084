package org.govbus.routes;

import java.time.Duration;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.error.BusException;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the adapter with the request from the queue and puts its answer, or its fault, on the reply.
 * The adapter gets a little less time than the requester waits, so a slow agency ends in a clean
 * {@code Server.ProviderTimeout} from the adapter rather than a reply nobody waits for.
 */
final class AdapterDispatcher implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterDispatcher.class);
    private final Adapter adapter;

    AdapterDispatcher(Adapter adapter) { this.adapter = adapter; }

    @Override
    public void process(Exchange exchange) {
        Message m = exchange.getMessage();
        long waitMs = m.getHeader(Exchanges.H_TIMEOUT_MS, Long.class);
        long left = m.getHeader(Exchanges.H_DEADLINE, Long.class) - System.currentTimeMillis();
        if (left <= 0) {
            // waited on the queue past its deadline: the requester has given up, so the agency is not called
            LOG.warn("message {} expired on the queue; not sent to the provider", m.getHeader(Exchanges.H_MESSAGE_ID));
            reply(m, "Server.ProviderTimeout", "the request waited on the provider queue past its deadline");
            return;
        }
        AdapterRequest request = new AdapterRequest(
                UUID.fromString(m.getHeader(Exchanges.H_MESSAGE_ID, String.class)),
                ServiceId.parse(m.getHeader(Exchanges.H_SERVICE, String.class)),
                SystemId.parse(m.getHeader(Exchanges.H_CLIENT, String.class)),
                m.getHeader(Exchanges.H_USER_ID, String.class),
                m.getHeader(Exchanges.H_PURPOSE, String.class),
                m.getBody(byte[].class),
                Duration.ofMillis(Math.max(50, Math.min(left, waitMs) - Math.min(250, waitMs / 10))));
        byte[] answer;
        try {
            answer = adapter.call(request);
        } catch (BusException e) {
            reply(m, e.code().code(), e.reason());
            return;
        } catch (RuntimeException e) {
            LOG.error("adapter failed on message {}", request.messageId(), e);
            reply(m, "Server.Internal", "the adapter failed");
            return;
        }
        m.getHeaders().clear();
        m.setBody(answer);
    }

    private static void reply(Message m, String faultCode, String reason) {
        m.getHeaders().clear();
        m.setHeader(Exchanges.H_FAULT, faultCode);
        m.setBody(reason);
    }
}
