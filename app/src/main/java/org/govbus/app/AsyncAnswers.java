package org.govbus.app;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.core.json.JwsRequestSigner;
import org.govbus.core.pipeline.AsyncFetch;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.pipeline.Receipts;
import org.govbus.core.security.KeyMaterial;

/** The client's side of an asynchronous request: signed fetches of its answer, once or until it has ended. */
final class AsyncAnswers {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AsyncAnswers() {}

    /** Fetches until the request has ended (anything but 202), waiting longer between tries, for at most {@code seconds}. */
    static HttpResponse<byte[]> await(URI bus, KeyMaterial key, BusHeader request, int seconds) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long pause = 100;
        while (true) {
            HttpResponse<byte[]> r = fetch(bus, key, request.messageId(), request);
            if (r.statusCode() != 202) return r;
            if (System.nanoTime() > until) {
                throw new IllegalStateException("no answer to " + request.messageId() + " within " + seconds + " s; fetch it later: govbus fetch "
                        + request.messageId() + " --service " + request.service());
            }
            Thread.sleep(pause);
            pause = Math.min(2000, pause * 2);
        }
    }

    /**
     * One signed fetch of the answer to {@code messageId}: the detached payload {@code {"fetch":"<messageId>"}}, the
     * header a fresh messageId with the fetched one as correlationId, as the {@code as} header's client, service, userId
     * and purpose.
     */
    static HttpResponse<byte[]> fetch(URI bus, KeyMaterial key, UUID messageId, BusHeader as) throws InterruptedException {
        BusHeader fields = new BusHeader(UUID.randomUUID(), messageId.toString(), as.client(), as.service(), as.userId(), as.purpose(), Instant.now());
        String signature = new JwsRequestSigner(key).sign(fields, AsyncFetch.signedBytes(messageId));
        URI target = bus.resolve(Receipts.FETCH_PATH + messageId);
        try {
            return HTTP.send(HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(1)).header(JwsJsonCodec.SIGNATURE, signature).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot connect to " + target + ": is the bus running? (./govbus demo)");
        } catch (IOException e) {
            throw new IllegalStateException("fetching " + target + " failed: " + e.getMessage());
        }
    }
}
