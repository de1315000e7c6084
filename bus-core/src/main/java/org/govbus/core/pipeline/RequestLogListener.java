package org.govbus.core.pipeline;

import org.govbus.core.text.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one text-log line per request: ids, outcome and time, with personal data masked and no payload. A refused or
 * failed request is a WARN line with the reason the client got and the detail it did not (no stack trace).
 */
public final class RequestLogListener implements PipelineListener {
    private static final Logger LOG = LoggerFactory.getLogger("govbus.requests");

    @Override
    public void ended(Transit t, Outcome outcome, long nanos) {
        long ms = nanos / 1_000_000;
        InboundRequest r = t.request();
        boolean verified = r != null && r.signer() != null;
        Object client = verified ? r.header().client() : "unverified";
        Object service = verified ? r.header().service() : "unverified";
        if (outcome.answered()) {
            LOG.info("messageId={} client={} service={} outcome=OK ms={} format={}", t.claimedMessageId(), client, service, ms,
                    t.codec().format());
        } else {
            LOG.warn("messageId={} client={} service={} outcome={} ms={} reason={}{} format={}", t.claimedMessageId(), client, service,
                    outcome.code(), ms, Masking.mask(outcome.reason()),
                    outcome.detail() == null ? "" : " detail=" + Masking.mask(outcome.detail()), t.codec().format());
        }
    }
}
