package org.govbus.routes;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.govbus.core.adapter.AgencyAdapters;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.SystemId;
import org.govbus.core.json.ProblemJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message an agency pushed to the bus, handed to its provider's adapter to check and on to the call that waits for
 * it: 204 when it passed the adapter's check (whether or not a call still waited; one that gave up asks the agency),
 * a problem+json with the fault's status when it did not. Only the adapter knows what the agency signs and how.
 */
final class AgencyCallbackStep implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(AgencyCallbackStep.class);
    private final AgencyAdapters agencies;

    AgencyCallbackStep(AgencyAdapters agencies) { this.agencies = agencies; }

    /** A path segment as a log line may hold it: digits masked like every identifier, no line breaks or controls. */
    private static String printable(String text) {
        if (text == null) return null;
        String clean = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return org.govbus.core.text.Masking.mask(clean.replaceAll("\\p{Cntrl}", "?"));
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message m = exchange.getMessage();
        String provider = m.getHeader(HttpApi.PROVIDER, String.class);
        Map<String, String> headers = new HashMap<>();
        m.getHeaders().forEach((name, value) -> {
            if (value instanceof String s) headers.put(name.toLowerCase(java.util.Locale.ROOT), s);
        });
        byte[] body;
        try (InputStream in = m.getBody(InputStream.class)) {
            body = in == null ? new byte[0] : in.readAllBytes(); // the edge cut it at the node's message limit
        }
        m.getHeaders().clear();
        try {
            SystemId system;
            try {
                system = SystemId.parse(provider);
            } catch (IllegalArgumentException e) {
                throw new BusException(FaultCode.UNKNOWN_SERVICE, "no provider " + provider + " takes callbacks here");
            }
            boolean awaited = agencies.callback(system, body, headers);
            LOG.info("callback from {} taken ({})", system, awaited ? "a call waited for it" : "no call waits for it now");
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
            m.setBody(new byte[0]);
        } catch (BusException e) {
            LOG.warn("callback for {} refused: {} ({})", printable(provider), e.code().code(), e.reason());
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, e.code().httpStatus());
            m.setHeader(Exchange.CONTENT_TYPE, ProblemJson.CONTENT_TYPE);
            m.setBody(ProblemJson.of(e.code(), e.reason(), null));
        }
    }
}
