package org.govbus.core.adapter;

/**
 * Thrown by an adapter whose agency has taken the request but not decided it (a bank's payout PENDING), with the
 * canonical answer that says so. The client gets that answer as the answer to its request; for a service with an
 * idempotency key the key stays open instead of ending, so the same request sent again is a resumed try that asks the
 * agency once more and may learn the final outcome, and never acts twice.
 */
public final class NotDecidedYet extends RuntimeException {
    private final transient byte[] answer;

    public NotDecidedYet(byte[] answer) {
        super("the agency has not decided yet", null, false, false);
        this.answer = answer;
    }

    /** The canonical answer saying the request is taken and undecided. */
    public byte[] answer() { return answer; }
}
