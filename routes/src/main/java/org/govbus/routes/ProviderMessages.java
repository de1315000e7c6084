package org.govbus.routes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Message;
import org.govbus.core.adapter.AgencyTraffic;
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

    /**
     * A reply's body: its agency exchanges framed first (each: request line, bytes sent, status, bytes received or
     * -1, every part length-prefixed), then the answer, or the fault's reason in UTF-8. The header counts the exchanges.
     */
    static void write(ProviderReply r, Message m) {
        m.getHeaders().clear();
        if (r.fault() != null) m.setHeader(Exchanges.H_FAULT, r.fault().code());
        m.setHeader(Exchanges.H_TRAFFIC, r.traffic().size());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (AgencyTraffic.Exchange x : r.traffic()) {
                frame(out, x.request().getBytes(StandardCharsets.UTF_8));
                frame(out, x.sent());
                out.writeInt(x.status());
                frame(out, x.received());
            }
            out.write(r.fault() != null ? r.reason().getBytes(StandardCharsets.UTF_8) : r.answer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        m.setBody(bytes.toByteArray());
    }

    static ProviderReply readReply(Message m) {
        String fault = m.getHeader(Exchanges.H_FAULT, String.class);
        Integer count = m.getHeader(Exchanges.H_TRAFFIC, Integer.class);
        byte[] body = m.getBody(byte[].class);
        List<AgencyTraffic.Exchange> traffic = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            for (int i = 0; i < (count == null ? 0 : count); i++) {
                traffic.add(new AgencyTraffic.Exchange(new String(unframe(in), StandardCharsets.UTF_8), unframe(in), in.readInt(), unframe(in)));
            }
            byte[] rest = in.readAllBytes();
            ProviderReply reply = fault != null ? ProviderReply.fault(FaultCode.fromCode(fault), new String(rest, StandardCharsets.UTF_8))
                    : ProviderReply.answer(rest);
            return reply.withTraffic(traffic);
        } catch (IOException e) {
            throw new UncheckedIOException("a provider reply whose agency traffic cannot be read", e);
        }
    }

    private static void frame(DataOutputStream out, byte[] part) throws IOException {
        if (part == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(part.length);
        out.write(part);
    }

    private static byte[] unframe(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : in.readNBytes(length);
    }
}
