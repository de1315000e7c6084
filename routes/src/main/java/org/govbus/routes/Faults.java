package org.govbus.routes;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.soap.InboundRequest;
import org.govbus.core.text.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns whatever went wrong into one taxonomy code, and writes the one text-log line per request. */
final class Faults {
    private static final Logger LOG = LoggerFactory.getLogger("govbus.requests");

    private Faults() {}

    static BusException classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BusException b) return b;
            if (c instanceof ExchangeTimedOutException) {
                return new BusException(FaultCode.PROVIDER_TIMEOUT, "the provider did not answer in time");
            }
        }
        LOG.error("internal error", t);
        return new BusException(FaultCode.INTERNAL, "internal error; the bus operator can trace it by the messageId");
    }

    static void logUnloggedFault(java.util.UUID messageId, RuntimeException e) {
        LOG.error("messageId={}: the fault answer could not be written to the message log", messageId, e);
    }

    static void logOutcome(Exchange exchange, BusException fault, String claimedMessageId) {
        InboundRequest r = exchange.getProperty(Exchanges.REQUEST, InboundRequest.class);
        Long started = exchange.getProperty(Exchanges.STARTED, Long.class);
        long ms = started == null ? -1 : (System.nanoTime() - started) / 1_000_000;
        String outcome = fault == null ? "OK" : fault.code().code();
        if (r == null || r.signer() == null) {
            LOG.info("messageId={} outcome={} ms={} reason={}", claimedMessageId, outcome, ms,
                    Masking.mask(fault == null ? "" : fault.reason()));
        } else {
            LOG.info("messageId={} client={} service={} outcome={} ms={}{}", r.header().messageId(), r.header().client(),
                    r.header().service(), outcome, ms, fault == null ? "" : " reason=" + Masking.mask(fault.reason()));
        }
    }
}
