package org.govbus.core.pipeline;

import org.govbus.core.text.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one text-log line per request: ids, outcome and time, with personal data masked and no payload. */
public final class RequestLogListener implements PipelineListener {
    private static final Logger LOG = LoggerFactory.getLogger("govbus.requests");

    @Override
    public void ended(Transit t, Outcome outcome, long nanos) {
        long ms = nanos / 1_000_000;
        String reason = outcome.answered() ? "" : " reason=" + Masking.mask(outcome.reason());
        InboundRequest r = t.request();
        if (r == null || r.signer() == null) {
            LOG.info("messageId={} format={} outcome={} ms={}{}", t.claimedMessageId(), t.codec().format(), outcome.code(), ms, reason);
        } else {
            LOG.info("messageId={} format={} client={} service={} outcome={} ms={}{}", r.header().messageId(), t.codec().format(),
                    r.header().client(), r.header().service(), outcome.code(), ms, reason);
        }
    }
}
