package org.govbus.core.log;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;

/**
 * Refuses a client request whose messageId was received before, by any node sharing the log, or twice in one
 * batch. The check and the recording of the messageId happen in the transaction that logs the request, so a
 * request is logged once or refused, also across restarts.
 */
final class ReplayGuard {
    private ReplayGuard() {}

    /** Fails the replayed requests of the batch; returns the jobs to log. */
    static List<MessageLog.Pending> admit(LogStore.Transaction tx, List<MessageLog.Pending> batch) {
        List<UUID> requested = new ArrayList<>();
        for (MessageLog.Pending p : batch) if (p.first().hop().guardsReplay()) requested.add(p.first().messageId());
        Set<UUID> seen = requested.isEmpty() ? Set.of() : tx.seen(requested);
        Set<UUID> inBatch = new HashSet<>();
        List<MessageLog.Pending> admitted = new ArrayList<>(batch.size());
        for (MessageLog.Pending p : batch) {
            UUID id = p.first().messageId();
            if (p.first().hop().guardsReplay() && (seen.contains(id) || !inBatch.add(id))) {
                p.fail(new BusException(FaultCode.REPLAY, "messageId " + id + " was already received"));
            } else {
                admitted.add(p);
            }
        }
        return admitted;
    }

    /** Records the messageIds of the logged client requests. */
    static void remember(LogStore.Transaction tx, List<LogEntry> logged) {
        List<LogEntry> requests = new ArrayList<>();
        for (LogEntry e : logged) if (e.hop().guardsReplay()) requests.add(e);
        tx.remember(requests);
    }
}
