package org.govbus.core.adapter;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What an adapter of an agency that moves money (a payment gateway, a bank) adds, so that {@code govbus payments
 * reconcile} can compare the bus's record of its answers with the agency's own statement of a day.
 */
public interface Settlements {
    /** One charge or transfer: its idempotency key (the payment's reference), amount in minor units, the agency's id, when. */
    record Settlement(String key, long amountMinor, String transactionId, Instant at) {}

    /** The time zone in which the agency's business day is counted. */
    ZoneId businessZone();

    /** The agency's own statement of what it settled on {@code day}, as it reports it (a key twice when it charged twice). */
    List<Settlement> statement(LocalDate day, Duration timeout);

    /** What a canonical answer of this adapter says was settled; empty when nothing was (a declined payment). */
    Optional<Settlement> settled(byte[] canonicalAnswer);
}
