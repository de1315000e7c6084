package org.govbus.core.adapter;

/**
 * Thrown by an adapter whose agency has taken the request but not decided it (a bank's payout PENDING), with the
 * canonical answer that says so. For a service with an idempotency key the key stays open instead of ending, so the
 * next try is a resumed one that asks the agency once more and may learn the final outcome, never acting twice. An
 * asynchronous request is tried again with its back-off while it has tries and time to live left, and answered with
 * this answer only after its last try; a synchronous client gets this answer at once and learns the outcome by
 * sending the same request again.
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
