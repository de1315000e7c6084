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
            LOG.info("messageId={} outcome={} ms={}{} format={}", t.claimedMessageId(), outcome.code(), ms, reason, t.codec().format());
        } else {
            LOG.info("messageId={} client={} service={} outcome={} ms={}{} format={}", r.header().messageId(),
                    r.header().client(), r.header().service(), outcome.code(), ms, reason, t.codec().format());
        }
    }
}
