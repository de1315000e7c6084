package org.govbus.routes;

import java.util.UUID;
import org.apache.camel.Message;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.pipeline.ProviderReply;
import org.govbus.core.pipeline.ProviderRequest;

/** How a {@link ProviderRequest} and its {@link ProviderReply} travel as JMS messages: identifiers as headers, payload as body. */
final class ProviderMessages {
    private ProviderMessages() {}

    static void write(ProviderRequest r, Message m) {
        m.getHeaders().clear();
        m.setHeader(Exchanges.H_MESSAGE_ID, r.messageId().toString());
        m.setHeader(Exchanges.H_SERVICE, r.service().toString());
        m.setHeader(Exchanges.H_CLIENT, r.client().toString());
        m.setHeader(Exchanges.H_USER_ID, r.userId());
        m.setHeader(Exchanges.H_PURPOSE, r.purpose());
        m.setHeader(Exchanges.H_TIMEOUT_MS, r.timeoutMillis());
        m.setHeader(Exchanges.H_DEADLINE, r.deadlineEpochMillis());
        m.setHeader("CamelJmsRequestTimeout", r.timeoutMillis());
        m.setBody(r.payload());
    }

    static ProviderRequest readRequest(Message m) {
        return new ProviderRequest(UUID.fromString(m.getHeader(Exchanges.H_MESSAGE_ID, String.class)),
                ServiceId.parse(m.getHeader(Exchanges.H_SERVICE, String.class)),
                SystemId.parse(m.getHeader(Exchanges.H_CLIENT, String.class)),
                m.getHeader(Exchanges.H_USER_ID, String.class), m.getHeader(Exchanges.H_PURPOSE, String.class),
                m.getBody(byte[].class), m.getHeader(Exchanges.H_TIMEOUT_MS, Long.class), m.getHeader(Exchanges.H_DEADLINE, Long.class));
    }

    static void write(ProviderReply r, Message m) {
        m.getHeaders().clear();
        if (r.fault() != null) {
            m.setHeader(Exchanges.H_FAULT, r.fault().code());
            m.setBody(r.reason());
        } else {
            m.setBody(r.answer());
        }
    }

    static ProviderReply readReply(Message m) {
        String fault = m.getHeader(Exchanges.H_FAULT, String.class);
        return fault != null ? ProviderReply.fault(FaultCode.fromCode(fault), m.getBody(String.class))
                : ProviderReply.answer(m.getBody(byte[].class));
    }
}
