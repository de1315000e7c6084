package org.govbus.core.log;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.security.Digests;

/**
 * Refuses a client request whose messageId was received before, by any node sharing the log, or twice in one
 * batch. The check and the recording of the messageId happen in the transaction that logs the request, so a
 * request is logged once or refused, also across restarts.
 * <p>
 * One exception, so that a client can learn what became of a request whose node died under it: the same request,
 * byte for byte, whose first arrival was logged but never ended (no answer, fault or receipt logged), and is no longer
 * in flight (its node has restarted since, or the service's timeout has passed since it was logged), is taken once
 * more, as a {@link Hop#RETRIED_REQUEST}, and only once: the retry is claimed in the same transaction.
 */
final class ReplayGuard {
    private static final Set<Hop> ENDINGS = EnumSet.of(Hop.CLIENT_ANSWER, Hop.FAULT, Hop.ACCEPTED);

    /** What the guard knows of the node writing: its name, and the last seq it found in the log when it started. */
    record Writer(String node, long seqAtStart) {}

    private ReplayGuard() {}

    /** Fails the replayed requests of the batch, turns the admissible retries into retried requests; returns the jobs to log. */
    static List<MessageLog.Pending> admit(LogStore.Transaction tx, List<MessageLog.Pending> batch, Writer writer) {
        List<UUID> requested = new ArrayList<>();
        for (MessageLog.Pending p : batch) if (p.first().hop().guardsReplay()) requested.add(p.first().messageId());
        Set<UUID> seen = requested.isEmpty() ? Set.of() : tx.seen(requested);
        Set<UUID> inBatch = new HashSet<>();
        List<MessageLog.Pending> admitted = new ArrayList<>(batch.size());
        Instant now = Instant.now();
        for (MessageLog.Pending p : batch) {
            UUID id = p.first().messageId();
            if (!p.first().hop().guardsReplay()) {
                admitted.add(p);
            } else if (!inBatch.add(id)) {
                p.fail(replay(id));
            } else if (!seen.contains(id)) {
                admitted.add(p);
            } else if (p.retryAfter != null && mayRetry(tx, p, writer, now) && tx.claimRetry(id, now)) {
                p.retried();
                admitted.add(p);
            } else {
                p.fail(replay(id));
            }
        }
        return admitted;
    }

    /** Same bytes, never ended, and no longer in flight. */
    private static boolean mayRetry(LogStore.Transaction tx, MessageLog.Pending p, Writer writer, Instant now) {
        List<LogStore.EarlierHop> hops = tx.hopsOf(p.first().messageId());
        LogStore.EarlierHop first = hops.stream().filter(h -> h.hop() == Hop.CLIENT_REQUEST).findFirst().orElse(null);
        if (first == null || hops.stream().anyMatch(h -> ENDINGS.contains(h.hop()))) return false;
        if (!MessageDigest.isEqual(first.payloadSha256(), Digests.sha256(p.first().payload()))) return false;
        boolean nodeRestarted = first.node().equals(writer.node()) && first.seq() <= writer.seqAtStart();
        return nodeRestarted || now.isAfter(first.loggedAt().plus(p.retryAfter));
    }

    private static BusException replay(UUID id) {
        return new BusException(FaultCode.REPLAY, "messageId " + id + " was already received");
    }

    /** Records the messageIds of the logged client requests. */
    static void remember(LogStore.Transaction tx, List<LogEntry> logged) {
        List<LogEntry> requests = new ArrayList<>();
        for (LogEntry e : logged) if (e.hop().guardsReplay()) requests.add(e);
        tx.remember(requests);
    }
}
