package org.govbus.core.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.govbus.core.async.Letter;
import org.govbus.core.async.Mailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the mailbox honest and small, once a {@link #EVERY}: a request whose time to live passed unanswered ends
 * {@code EXPIRED} now (logged, its client told {@code Client.Expired}), even when its queued try is still waiting out a
 * back-off or was lost with a crash before it was queued; an ended request's reply is removed an hour after its client
 * first fetched it ({@link #KEEP_FETCHED}: time to fetch it again after a lost response), or a day after it ended if
 * never fetched ({@link #KEEP_UNFETCHED}). The evidence log keeps every reply for good either way.
 */
public final class MailboxKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxKeeper.class);
    public static final Duration EVERY = Duration.ofSeconds(30);
    public static final Duration KEEP_FETCHED = Duration.ofHours(1);
    public static final Duration KEEP_UNFETCHED = Duration.ofDays(1);
    private static final int BATCH = 500;

    private final Mailbox mailbox;
    private final AsyncDelivery delivery;
    private final java.util.function.Consumer<Letter> onExpired;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "govbus-mailbox");
        t.setDaemon(true);
        return t;
    });

    public MailboxKeeper(Mailbox mailbox, AsyncDelivery delivery) { this(mailbox, delivery, letter -> { }); }

    /** @param onExpired told of each request this sweep ended EXPIRED, e.g. to push the fault to its client's callback URL */
    public MailboxKeeper(Mailbox mailbox, AsyncDelivery delivery, java.util.function.Consumer<Letter> onExpired) {
        this.mailbox = mailbox;
        this.delivery = delivery;
        this.onExpired = onExpired;
    }

    /** Sweeps now and then once every {@link #EVERY}. */
    public MailboxKeeper start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep(Instant.now());
            } catch (RuntimeException e) {
                LOG.warn("the mailbox sweep failed; it runs again in {} s: {}", EVERY.toSeconds(), e.getMessage());
            }
        }, 0, EVERY.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Expires what is overdue at {@code now} and purges what has been kept long enough; returns how many expired. */
    public int sweep(Instant now) {
        int expired = 0;
        for (Letter overdue : mailbox.overdue(now, BATCH)) {
            if (delivery.expire(overdue)) {
                expired++;
                try {
                    onExpired.accept(overdue);
                } catch (RuntimeException e) {
                    // the request stays EXPIRED and fetchable; only its push is missed
                    LOG.warn("messageId={}: expired, but its push could not be queued: {}", overdue.messageId(), e.getMessage());
                }
            }
        }
        int purged = mailbox.purge(now.minus(KEEP_FETCHED), now.minus(KEEP_UNFETCHED));
        if (expired > 0 || purged > 0) LOG.info("mailbox: {} request(s) expired, {} reply(ies) purged", expired, purged);
        return expired;
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
