package org.govbus.core.async;

import static org.govbus.core.async.DurableTable.instant;
import static org.govbus.core.async.DurableTable.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The bus's record of calls made under an idempotency key (a payment's reference, a payout's end-to-end id), in a
 * table of the node's database: one row per scope (column {@code service}: the providing system whose key it is) and
 * key. One try at a time holds a row (its owner, for a lease);
 * a row ends once, with the agency's canonical answer or its refusal, and every later request with the same key and
 * the same content gets that again. Every change is one conditional statement, so nodes sharing the database agree.
 */
public final class KeyedCalls {
    /** How a row stands: still open (no try has ended it; one may hold it), or ended for good. */
    public enum State { OPEN, ENDED }

    /** One row. {@code digest} is the SHA-256 (hex) of the canonical request that first used the key. */
    public record Call(String service, String key, String digest, UUID firstMessage, State state, UUID owner, Instant leaseUntil,
                       int tries, Instant createdAt, Instant endedAt, byte[] answer, String faultCode, String faultReason) {}

    /** What a try that asks for a key gets. */
    public sealed interface Claim {
        /** The key is new: this try owns it, and nothing was sent to the agency under it before. */
        record Fresh(UUID owner) implements Claim {}
        /** An earlier try under this key ended without an outcome (failed, timed out, died): this try owns it now. */
        record Resumed(UUID owner, int tries) implements Claim {}
        /** The key's call has ended: its answer or refusal stands. */
        record Ended(Call call) implements Claim {}
        /** Another try holds the key now: wait for it. */
        record Busy(Call call) implements Claim {}
        /** The key was first used for a request with other content. */
        record Conflict(Call call) implements Claim {}
    }

    /** the database's now plus a lease of whole seconds, one parameter */
    private static final String LEASE_END = "CURRENT_TIMESTAMP + CAST(? AS INTEGER) * INTERVAL '1' SECOND";
    private static final String COLUMNS = "service, call_key, digest, first_message, state, owner, lease_until, tries, created_at,"
            + " ended_at, answer, fault_code, fault_reason";
    /** a claim that is not in the file could be lost with the node, and then its call made twice */
    private final DurableTable table;

    private KeyedCalls(DataSource db) {
        this.table = new DurableTable(db, (what, e) -> DurableTable.uniqueViolation(e) ? new Duplicate()
                : new StoreFailure("the record of keyed calls could not be " + what + ": " + e.getMessage(), e));
    }

    /** Opens the record, creating or migrating its table first (its own Flyway history). */
    public static KeyedCalls open(DataSource db) {
        Flyway.configure(KeyedCalls.class.getClassLoader()).dataSource(db).locations("classpath:db/govbus-keyed")
                .table("govbus_keyed_schema_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
        return new KeyedCalls(db);
    }

    /** The record as it stands, for reading only (a reconciliation beside the node): no migration, nothing written. */
    public static KeyedCalls reader(DataSource db) { return new KeyedCalls(db); }

    /**
     * Asks for {@code key} of {@code service} on behalf of {@code messageId}'s try, whose request's content has
     * {@code digest}. A claimed key is held for {@code lease} (whole seconds, at least one): a try that died is taken
     * over after that. The lease is counted by the database's clock, so nodes sharing it agree whatever their own say.
     */
    public Claim claim(String service, String key, String digest, UUID messageId, java.time.Duration lease) {
        UUID owner = UUID.randomUUID();
        int seconds = (int) Math.max(1, (lease.toMillis() + 999) / 1000);
        try {
            table.update("INSERT INTO keyed_call (service, call_key, digest, first_message, state, owner, lease_until, tries, created_at)"
                    + " VALUES (?,?,?,?,'OPEN',?," + LEASE_END + ",1,CURRENT_TIMESTAMP)", p -> {
                p.setString(1, service);
                p.setString(2, key);
                p.setString(3, digest);
                p.setString(4, messageId.toString());
                p.setString(5, owner.toString());
                p.setInt(6, seconds);
            });
            return new Claim.Fresh(owner);
        } catch (Duplicate taken) {
            // someone used the key before: what it came to, or taking it over, below
        }
        for (;;) {
            Optional<Call> found = find(service, key);
            if (found.isEmpty()) return claim(service, key, digest, messageId, lease); // forgotten meanwhile: ask afresh
            Call call = found.get();
            if (!call.digest().equals(digest)) return new Claim.Conflict(call);
            if (call.state() == State.ENDED) return new Claim.Ended(call);
            int taken = table.update("UPDATE keyed_call SET owner = ?, lease_until = " + LEASE_END + ", tries = tries + 1 WHERE service = ?"
                    + " AND call_key = ? AND state = 'OPEN' AND tries = ? AND (owner IS NULL OR lease_until < CURRENT_TIMESTAMP)", p -> {
                p.setString(1, owner.toString());
                p.setInt(2, seconds);
                p.setString(3, service);
                p.setString(4, key);
                p.setInt(5, call.tries());
            });
            if (taken == 1) return new Claim.Resumed(owner, call.tries());
            Optional<Call> now = find(service, key);
            // unchanged and held: its lease runs still
            if (now.isPresent() && now.get().state() == State.OPEN && now.get().tries() == call.tries() && now.get().owner() != null) {
                return new Claim.Busy(now.get());
            }
            // another try took it over, let it go or ended it meanwhile: look again
        }
    }

    /** Ends the key's call with its answer, or a refusal; false when {@code owner} no longer holds it. */
    public boolean end(String service, String key, UUID owner, byte[] answer, String faultCode, String faultReason, Instant now) {
        return table.update("UPDATE keyed_call SET state = 'ENDED', owner = NULL, lease_until = NULL, ended_at = ?, answer = ?,"
                + " fault_code = ?, fault_reason = ? WHERE service = ? AND call_key = ? AND state = 'OPEN' AND owner = ?", p -> {
            p.setObject(1, utc(now));
            p.setBytes(2, answer);
            p.setString(3, faultCode);
            p.setString(4, faultReason == null ? null : faultReason.substring(0, Math.min(1024, faultReason.length())));
            p.setString(5, service);
            p.setString(6, key);
            p.setString(7, owner.toString());
        }) == 1;
    }

    /**
     * Forgets the key as if it had never been used: its try was refused for its content before anything happened
     * under it, so a corrected request may use the key.
     */
    public void forget(String service, String key, UUID owner) {
        table.update("DELETE FROM keyed_call WHERE service = ? AND call_key = ? AND state = 'OPEN' AND owner = ?", p -> {
            p.setString(1, service);
            p.setString(2, key);
            p.setString(3, owner.toString());
        });
    }

    /** Lets go of the key without an outcome: the next try under it resumes. */
    public void release(String service, String key, UUID owner) {
        table.update("UPDATE keyed_call SET owner = NULL, lease_until = NULL WHERE service = ? AND call_key = ? AND state = 'OPEN'"
                + " AND owner = ?", p -> {
            p.setString(1, service);
            p.setString(2, key);
            p.setString(3, owner.toString());
        });
    }

    public Optional<Call> find(String service, String key) {
        return table.query("SELECT " + COLUMNS + " FROM keyed_call WHERE service = ? AND call_key = ?", p -> {
            p.setString(1, service);
            p.setString(2, key);
        }, KeyedCalls::call).stream().findFirst();
    }

    /** The calls of these services that ended in [from, to), in the order they ended. */
    public List<Call> ended(Collection<String> services, Instant from, Instant to) {
        if (services.isEmpty()) return List.of();
        String marks = String.join(",", java.util.Collections.nCopies(services.size(), "?"));
        List<String> list = List.copyOf(services);
        return table.query("SELECT " + COLUMNS + " FROM keyed_call WHERE ended_at >= ? AND ended_at < ? AND service IN (" + marks + ")"
                + " ORDER BY ended_at", p -> {
            p.setObject(1, utc(from));
            p.setObject(2, utc(to));
            for (int i = 0; i < list.size(); i++) p.setString(3 + i, list.get(i));
        }, KeyedCalls::call);
    }

    /** The calls of these services still open (no outcome yet), oldest first. */
    public List<Call> open(Collection<String> services) {
        if (services.isEmpty()) return List.of();
        String marks = String.join(",", java.util.Collections.nCopies(services.size(), "?"));
        List<String> list = List.copyOf(services);
        return table.query("SELECT " + COLUMNS + " FROM keyed_call WHERE state = 'OPEN' AND service IN (" + marks + ") ORDER BY created_at", p -> {
            for (int i = 0; i < list.size(); i++) p.setString(1 + i, list.get(i));
        }, KeyedCalls::call);
    }

    private static Call call(ResultSet r) throws SQLException {
        String owner = r.getString("owner");
        return new Call(r.getString("service"), r.getString("call_key"), r.getString("digest"), UUID.fromString(r.getString("first_message")),
                State.valueOf(r.getString("state")), owner == null ? null : UUID.fromString(owner), instant(r, "lease_until"),
                r.getInt("tries"), instant(r, "created_at"), instant(r, "ended_at"), r.getBytes("answer"), r.getString("fault_code"),
                r.getString("fault_reason"));
    }

    /** The record could not be read or written (its database is down, a flush failed). */
    public static final class StoreFailure extends IllegalStateException {
        StoreFailure(String message, Throwable cause) { super(message, cause); }
    }

    /** The key is taken: the insert hit the primary key. */
    private static final class Duplicate extends RuntimeException {
        Duplicate() { super(null, null, false, false); }
    }
}
