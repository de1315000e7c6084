package org.govbus.routes;

import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;

/** Reads a request body without ever holding more than the limit plus one byte. */
final class RequestBodies {
    private RequestBodies() {}

    static byte[] read(Exchange exchange, int maxBytes) {
        Long declared = exchange.getMessage().getHeader("Content-Length", Long.class);
        if (declared != null && declared > maxBytes) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "the message is larger than " + maxBytes + " bytes");
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof byte[] bytes) return bytes;
        InputStream in = exchange.getMessage().getBody(InputStream.class);
        if (in == null) throw new BusException(FaultCode.INVALID_MESSAGE, "the message is empty");
        try (in) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new BusException(FaultCode.INVALID_MESSAGE, "the message is larger than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            // the transport's text (EofException and the like) is for the log, not the client
            throw new BusException(FaultCode.INVALID_MESSAGE, "the message could not be read to its end", e.toString(), null);
        }
    }
}
