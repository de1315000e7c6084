package org.govbus.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.govbus.core.adapter.AgencyTraffic;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogRecord;

/**
 * The agency's hops of a message as log records: each exchange as sent and, when one came, as received; what the
 * agency pushed to the bus, or an answer the bus kept and gave again, as received only, in the words it was noted with.
 */
final class AgencyHops {
    private AgencyHops() {}

    static List<LogRecord> of(String agency, List<AgencyTraffic.Exchange> traffic, LogRecord message) {
        List<LogRecord> out = new ArrayList<>();
        for (AgencyTraffic.Exchange x : traffic) {
            if (x.sent() == null) {
                out.add(message.next(Hop.AGENCY_ANSWER, x.request(), null, x.received()));
                continue;
            }
            out.add(message.next(Hop.AGENCY_REQUEST, "sent by the bus to " + agency + ": " + x.request(), null, x.sent()));
            if (x.received() != null) {
                out.add(message.next(Hop.AGENCY_ANSWER, "answer of " + agency + (x.status() > 0 ? " (status " + x.status() + ")" : ""), null, x.received()));
            }
        }
        return out;
    }
}
