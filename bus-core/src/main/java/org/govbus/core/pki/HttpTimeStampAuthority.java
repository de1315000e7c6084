package org.govbus.core.pki;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/**
 * A remote RFC 3161 time-stamping authority over HTTP (RFC 3161 §3.4): posts the request, and accepts the token only if
 * it answers this very request, imprint and nonce, so that a replayed or misrouted answer cannot be filed as evidence.
 * Whether the authority is trusted is {@link TimeStamps#verify}'s business, not this class's. Thread-safe.
 */
public final class HttpTimeStampAuthority implements TimeStampAuthority {
    static final String QUERY = "application/timestamp-query";
    static final String REPLY = "application/timestamp-reply";
    // a token is a few kB; anything far bigger is not a time-stamp reply and must not fill the heap
    private static final int MAX_REPLY_BYTES = 1 << 20;

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    public HttpTimeStampAuthority(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public byte[] stamp(byte[] sha256Imprint) {
        TimeStampRequest request = TimeStamps.request(sha256Imprint);
        TimeStampResponse response = parse(post(encoded(request)));
        if (response.getStatus() != PKIStatus.GRANTED && response.getStatus() != PKIStatus.GRANTED_WITH_MODS) {
            throw new Failed("the time-stamp authority at " + url + " refused: status " + response.getStatus()
                    + (response.getStatusString() != null ? " (" + response.getStatusString() + ")" : "")
                    + (response.getFailInfo() != null ? ", failure info " + response.getFailInfo().intValue() : ""));
        }
        checkAnswers(request, response);
        try {
            return response.getTimeStampToken().getEncoded();
        } catch (IOException e) {
            throw new Failed("the time-stamp authority at " + url + " sent an unencodable token", e);
        }
    }

    private byte[] post(byte[] body) {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", QUERY).header("Accept", REPLY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() != 200) throw new Failed("the time-stamp authority at " + url + " answered HTTP " + resp.statusCode());
                String type = resp.headers().firstValue("Content-Type").orElse("(none)");
                if (!type.toLowerCase(Locale.ROOT).startsWith(REPLY)) {
                    throw new Failed("the time-stamp authority at " + url + " answered " + type + ", not " + REPLY);
                }
                byte[] reply = in.readNBytes(MAX_REPLY_BYTES + 1);
                if (reply.length > MAX_REPLY_BYTES) throw new Failed("the time-stamp authority at " + url + " answered more than 1 MiB");
                return reply;
            }
        } catch (HttpTimeoutException e) {
            throw new Failed("the time-stamp authority at " + url + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new Failed("cannot reach the time-stamp authority at " + url + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted while waiting for the time-stamp authority at " + url, e);
        }
    }

    private TimeStampResponse parse(byte[] reply) {
        try {
            return new TimeStampResponse(reply);
        } catch (TSPException | IOException | RuntimeException e) {
            throw new Failed("the time-stamp authority at " + url + " sent something that is not a time-stamp response", e);
        }
    }

    // BouncyCastle's validate does these too; checking first gives the operator a message naming which one failed
    private void checkAnswers(TimeStampRequest request, TimeStampResponse response) {
        if (response.getTimeStampToken() == null) throw new Failed("the time-stamp authority at " + url + " granted but sent no token");
        TimeStampTokenInfo info = response.getTimeStampToken().getTimeStampInfo();
        if (!MessageDigest.isEqual(info.getMessageImprintDigest(), request.getMessageImprintDigest())) {
            throw new Failed("the time-stamp authority at " + url + " answered a different request: the imprint does not match");
        }
        if (info.getNonce() == null || !info.getNonce().equals(request.getNonce())) {
            throw new Failed("the time-stamp authority at " + url + " answered a different request: the nonce does not match");
        }
        try {
            response.validate(request);
        } catch (TSPException | RuntimeException e) {
            throw new Failed("the time-stamp authority at " + url + " answered a different request: " + e.getMessage(), e);
        }
    }

    private static byte[] encoded(TimeStampRequest request) {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
