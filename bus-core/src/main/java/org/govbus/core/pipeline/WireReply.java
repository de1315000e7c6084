package org.govbus.core.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An answer or a fault, ready for the wire: HTTP status, content type, extra headers (in order) and body. */
public record WireReply(int status, String contentType, Map<String, String> headers, byte[] body) {
    public WireReply {
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }

    /** This reply with one more header. */
    public WireReply withHeader(String name, String value) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new WireReply(status, contentType, more, body);
    }

    /**
     * What the message log keeps of it: the body alone, or, when the reply carries headers (a JSON answer's seal),
     * those headers as {@code Name: value} lines, an empty line and the body, as in an HTTP message.
     */
    public byte[] logged() {
        if (headers.isEmpty()) return body;
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 1024);
        headers.forEach((k, v) -> out.writeBytes((k + ": " + v + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
