package org.govbus.routes;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Turns the reply a route left on the message (status, content type, headers, body) into a JAX-RS response. */
final class HttpReplies {
    private HttpReplies() {}

    static Response toResponse(Message m) {
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Response.ResponseBuilder r = Response.status(status == null ? 500 : status)
                .type(m.getHeader(Exchange.CONTENT_TYPE, String.class))
                .entity(m.getBody(byte[].class));
        for (Map.Entry<String, Object> h : m.getHeaders().entrySet()) {
            if (h.getKey().startsWith("X-GovBus-") || h.getKey().equals("Retry-After")) r.header(h.getKey(), h.getValue());
        }
        return r.build();
    }
}
