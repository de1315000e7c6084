package org.govbus.core.async;

/**
 * Where an asynchronous request is: {@code ACCEPTED} (queued, acknowledged), {@code DELIVERED} (handed to the agency's
 * adapter, perhaps more than once), then one of the endings: {@code ANSWERED}, {@code FAILED} (a fault no retry mends),
 * {@code EXPIRED} (its time to live passed first; never delivered after), {@code DEAD_LETTERED} (every try allowed
 * failed; on the dead-letter queue for an operator).
 */
public enum DeliveryState {
    ACCEPTED, DELIVERED, ANSWERED, FAILED, EXPIRED, DEAD_LETTERED;

    public boolean ended() { return this != ACCEPTED && this != DELIVERED; }
}
