package org.govbus.core.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.govbus.core.async.Letter;
import org.govbus.core.async.Mailbox;
import org.govbus.core.id.SystemId;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogRecord;
import org.govbus.core.log.MessageLog;
import org.govbus.core.routing.Delivery;
import org.govbus.core.routing.RoutingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes an ended asynchronous request's reply to its client's callback URL (registered in the routing table under
 * {@code clients:}): the bytes and headers exactly as kept in the mailbox, sealed by the bus, with
 * {@code X-GovBus-Message-Id} and {@code X-GovBus-State}. A 2xx status is delivery; anything else is tried again with
 * back-off, up to {@link #MAX_ATTEMPTS} times; the client can fetch the answer meanwhile and after. The push and a
 * final giving up are recorded in the evidence log. Redirects are not followed.
 */
public final class AnswerCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerCallbacks.class);
    public static final int MAX_ATTEMPTS = 10;
    public static final Delivery.Backoff BACKOFF = new Delivery.Backoff(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(10));
    public static final String MESSAGE_ID_HEADER = "X-GovBus-Message-Id";
    public static final String STATE_HEADER = "X-GovBus-State";
    /** headers the HTTP client sets itself and refuses to be given */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final Mailbox mailbox;
    private final MessageLog log;
    private final RoutingTable routing;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public AnswerCallbacks(Mailbox mailbox, MessageLog log, RoutingTable routing) {
        this.mailbox = mailbox;
        this.log = log;
        this.routing = routing;
    }

    /** Whether {@code client} registered a callback URL: its replies are pushed as they end. */
    public boolean wanted(String client) { return routing.callbackOf(SystemId.parse(client)).isPresent(); }

    /** Push number {@code attempt} (1 for the first) of the reply to {@code messageId}. */
    public AsyncDelivery.Next push(UUID messageId, int attempt) {
        Letter letter = mailbox.find(messageId).orElse(null);
        URI url = letter == null ? null : routing.callbackOf(SystemId.parse(letter.client())).orElse(null);
        if (letter == null || letter.reply() == null || url == null) return new AsyncDelivery.Next.Done(null, false);
        String failure;
        try {
            HttpRequest.Builder post = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", letter.reply().contentType())
                    .header(MESSAGE_ID_HEADER, messageId.toString())
                    .header(STATE_HEADER, letter.state().name())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(letter.reply().body()));
            letter.reply().headers().forEach((name, value) -> {
                if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) post.header(name, value);
            });
            int status = http.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                record(letter, "pushed to the client's callback URL " + url + " (status " + status + ", try " + attempt + ")");
                return new AsyncDelivery.Next.Done(letter.state(), false);
            }
            failure = "status " + status;
        } catch (IOException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        if (attempt < MAX_ATTEMPTS) {
            LOG.info("messageId={}: callback push {} of {} failed ({}); trying again", messageId, attempt, MAX_ATTEMPTS, failure);
            return new AsyncDelivery.Next.Retry(attempt + 1, BACKOFF.after(attempt));
        }
        record(letter, "could not be pushed to the client's callback URL " + url + " in " + attempt + " tries (last: " + failure
                + "); the client can still fetch it");
        return new AsyncDelivery.Next.Done(letter.state(), false);
    }

    private void record(Letter letter, String why) {
        log.append(new LogRecord(letter.messageId(), Hop.STATE, letter.service(), letter.client(), null, null, null, routing.version(),
                "recorded by the bus", null, ("state=" + letter.state() + "\nreason=" + why + "\n").getBytes(StandardCharsets.UTF_8)));
    }
}
