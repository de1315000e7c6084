package org.govbus.core.log;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.govbus.core.concurrent.GroupCommit;

/**
 * The writer of one node's chain: every hop of every message exactly as received or sent, each entry holding the
 * hash of the one before ({@link LogEntry}). Appends are group-committed; the chain's head is read from the store
 * when the log opens and again after any failed commit, never trusted from memory alone, so several nodes can
 * share one database, each with its own chain. Client requests pass the {@link ReplayGuard} in the same
 * transaction that logs them.
 */
public final class MessageLog {
    /** appends committed in one transaction at most */
    private static final int MAX_BATCH = 512;

    private final LogStore store;
    private final String node;
    private final Map<X509Certificate, String> certificateRefs = new ConcurrentHashMap<>();
    private volatile Consumer<List<LogEntry>> committed = entries -> { };
    // the chain's head: read and written by whichever thread holds the group commit's lock
    private LogStore.Head head;
    private final ReplayGuard.Writer writer;
    // what the log has been given to keep since it opened: against the database's size, the cost of keeping it
    private final java.util.concurrent.atomic.LongAdder payloadBytes = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder requests = new java.util.concurrent.atomic.LongAdder();

    /** An append waiting for the next group commit. */
    static final class Pending extends GroupCommit.Job {
        /** one client request, or the hops of one message that end it (its agency traffic, then its answer or fault) */
        List<LogRecord> records;
        /** as submitted: a transaction tried again decides afresh whether a request is a retry */
        final List<LogRecord> submitted;
        final List<String> certificateRefs;
        /** a client request only: how long it is in flight after it was logged (its service's timeout); null: never retried */
        final java.time.Duration retryAfter;
        List<LogEntry> entries;

        Pending(List<LogRecord> records, List<String> certificateRefs, java.time.Duration retryAfter) {
            this.records = records;
            this.submitted = records;
            this.certificateRefs = certificateRefs;
            this.retryAfter = retryAfter;
        }

        LogRecord first() { return records.get(0); }

        /** Admitted as the one retry of a request whose node died before answering it. */
        void retried() {
            LogRecord r = first();
            records = List.of(new LogRecord(r.messageId(), Hop.RETRIED_REQUEST, r.service(), r.client(), r.userId(), r.purpose(),
                    r.subject(), r.routingVersion(), r.signer(), r.signerCertificate(), r.payload()));
        }
    }

    private final GroupCommit<Pending> commits = new GroupCommit<>(MAX_BATCH, this::writeBatch);

    public MessageLog(LogStore store, String node) {
        this.store = store;
        this.node = node;
        this.head = store.head(node);
        this.writer = new ReplayGuard.Writer(node, head.seq());
    }

    public String node() { return node; }

    public LogStore store() { return store; }

    /** Reports each group commit (entries, time) to {@code observer}: for metrics. */
    public void observeCommits(GroupCommit.Observer observer) { commits.observe(observer); }

    /** Told the entries of every commit, in chain order, once committed: the checkpoints follow them. */
    public void onCommit(Consumer<List<LogEntry>> listener) { this.committed = listener; }

    /** Payload bytes of the entries committed since this log opened. */
    public long payloadBytes() { return payloadBytes.sum(); }

    /** Client requests (first, retried or replayed) committed since this log opened. */
    public long requests() { return requests.sum(); }

    /** The group commit of this log, for tests that need appends to wait together. */
    GroupCommit<Pending> commits() { return commits; }

    /**
     * Appends one entry and returns once it is committed. A client request whose messageId was seen before is not
     * appended: it throws {@link org.govbus.core.error.FaultCode#REPLAY}.
     */
    public LogEntry append(LogRecord record) { return appendAll(List.of(record), null).get(0); }

    /**
     * Appends a client request that may be retried: one whose messageId was seen before is still taken, once, when it is
     * the same bytes, was never ended, and is no longer in flight (its node restarted, or {@code inFlightFor} has passed
     * since it was logged). The entry returned is then a {@link Hop#RETRIED_REQUEST}.
     */
    public LogEntry appendRequest(LogRecord record, java.time.Duration inFlightFor) {
        if (!record.hop().guardsReplay()) throw new IllegalArgumentException("only a client request is retried");
        return appendAll(List.of(record), inFlightFor).get(0);
    }

    /**
     * Appends several hops of one message as consecutive entries in one commit: the agency traffic and the answer
     * cost the request one wait, however many hops there were. Only a single client request passes the replay guard.
     */
    public List<LogEntry> appendAll(List<LogRecord> records) { return appendAll(records, null); }

    private List<LogEntry> appendAll(List<LogRecord> records, java.time.Duration retryAfter) {
        if (records.isEmpty()) throw new IllegalArgumentException("nothing to log");
        if (records.size() > 1 && records.stream().anyMatch(r -> r.hop().guardsReplay())) {
            throw new IllegalArgumentException("a client request is logged alone, where the replay guard can refuse it");
        }
        List<String> refs = new ArrayList<>(records.size());
        for (LogRecord r : records) {
            X509Certificate cert = r.signerCertificate();
            refs.add(cert == null ? null : certificateRefs.computeIfAbsent(cert, store::storeCertificate));
        }
        Pending mine = new Pending(List.copyOf(records), refs, retryAfter);
        commits.submit(mine);
        if (mine.entries == null) throw new IllegalStateException("the message log did not write the entries it was given");
        return mine.entries;
    }

    private void writeBatch(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                writeBatchOnce(batch);
                return;
            } catch (LogStore.AlreadySeen raced) {
                // another node logged one of these requests while we looked: again, and the guard will see it now
                if (attempt == 3) throw raced;
            }
        }
    }

    private void writeBatchOnce(List<Pending> batch) {
        for (Pending p : batch) p.records = p.submitted;
        List<Pending> admitted;
        List<LogEntry> entries;
        try {
            LogStore.Head from = head;
            List<Pending> logged = new ArrayList<>(batch.size());
            entries = store.write(tx -> {
                logged.addAll(ReplayGuard.admit(tx, batch, writer));
                List<LogEntry> chained = chain(from, logged);
                ReplayGuard.remember(tx, chained);
                tx.insert(chained);
                return chained;
            });
            admitted = logged;
        } catch (RuntimeException | Error e) {
            // another writer may have moved the chain (or the database lost our last commit): believe the store
            head = store.head(node);
            throw e;
        }
        if (!entries.isEmpty()) {
            LogEntry last = entries.get(entries.size() - 1);
            head = new LogStore.Head(last.seq(), last.entryHash());
        }
        for (LogEntry e : entries) {
            payloadBytes.add(e.payload().length);
            if (e.hop().isClientRequest()) requests.increment();
        }
        int next = 0;
        for (Pending p : admitted) {
            p.entries = entries.subList(next, next + p.records.size());
            next += p.records.size();
        }
        if (!entries.isEmpty()) committed.accept(entries);
    }

    private List<LogEntry> chain(LogStore.Head from, List<Pending> admitted) {
        List<LogEntry> out = new ArrayList<>(admitted.size());
        long seq = from.seq();
        byte[] prev = from.hash();
        Instant at = Instant.now();
        for (Pending p : admitted) {
            for (int i = 0; i < p.records.size(); i++) {
                LogEntry e = LogEntry.chain(node, ++seq, at, p.records.get(i), p.certificateRefs.get(i), prev);
                out.add(e);
                prev = e.entryHash();
            }
        }
        return out;
    }
}
