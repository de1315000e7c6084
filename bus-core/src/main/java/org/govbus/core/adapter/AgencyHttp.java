package org.govbus.core.adapter;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;

/**
 * One agency's HTTP endpoint: a kept, pooled client (the JDK's, HTTP/1.1 keep-alive) with the agency's TLS, the
 * headers its options give, the request's own deadline, and the transport's failures already mapped to faults
 * ({@code Server.ProviderTimeout}, {@code Server.ProviderUnavailable}; both retryable). Thread-safe.
 */
public final class AgencyHttp {
    /** an agency answer larger than this is not read: no canonical answer is anywhere near it */
    static final int MAX_ANSWER_BYTES = 16 << 20;

    private final String agency;
    private final URI endpoint;
    private final HttpClient client;
    private final Map<String, String> headers;

    /** @param agency how faults name the agency, e.g. its system id; @param headers resolved, sent with every call */
    public AgencyHttp(String agency, URI endpoint, HttpClient client, Map<String, String> headers) {
        this.agency = agency;
        this.endpoint = endpoint;
        this.client = client;
        this.headers = Map.copyOf(headers);
    }

    public URI endpoint() { return endpoint; }

    /** POSTs to the endpoint itself. */
    public AgencyResponse post(String contentType, byte[] body, Duration timeout, String... headerPairs) {
        return post("", contentType, body, timeout, headerPairs);
    }

    /** POSTs to {@code path} under the endpoint ({@code ""}, {@code /sub/path} or {@code ?query}). */
    public AgencyResponse post(String path, String contentType, byte[] body, Duration timeout, String... headerPairs) {
        return send(request(path, timeout, headerPairs).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), body, timeout);
    }

    /** GETs {@code path} under the endpoint. */
    public AgencyResponse get(String path, Duration timeout, String... headerPairs) {
        return send(request(path, timeout, headerPairs).GET().build(), new byte[0], timeout);
    }

    private HttpRequest.Builder request(String path, Duration timeout, String... headerPairs) {
        String base = endpoint.toString();
        if (base.endsWith("/") && path.startsWith("/")) base = base.substring(0, base.length() - 1);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        headers.forEach(b::header);
        for (int i = 0; i + 1 < headerPairs.length; i += 2) b.header(headerPairs[i], headerPairs[i + 1]);
        return b;
    }

    /** Sends, and tells {@link AgencyTraffic} what went and what came back, for the message log. */
    private AgencyResponse send(HttpRequest request, byte[] body, Duration timeout) {
        String line = request.method() + " " + request.uri();
        try {
            AgencyResponse r = send(request, timeout);
            AgencyTraffic.exchanged(line, body, r.status(), r.body());
            return r;
        } catch (BusException e) {
            AgencyTraffic.exchanged(line, body, 0, null);
            throw e;
        }
    }

    private AgencyResponse send(HttpRequest request, Duration timeout) {
        // the request's own timeout ends when the headers arrive: the whole answer, body too, must come within it
        CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request, responseInfo -> new BoundedBody(MAX_ANSWER_BYTES));
        HttpResponse<byte[]> r;
        try {
            r = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut(timeout);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new BusException(FaultCode.PROVIDER_UNAVAILABLE, "interrupted while calling " + agency);
        } catch (ExecutionException e) {
            throw failed(e.getCause(), timeout);
        }
        return new AgencyResponse(agency, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private BusException failed(Throwable cause, Duration timeout) {
        if (cause instanceof BoundedBody.TooLarge) {
            return new BusException(FaultCode.PROVIDER_ERROR, agency + " answered more than " + (MAX_ANSWER_BYTES >> 20) + " MiB");
        }
        // not answering at all is the agency being down, not slow: connect timeouts are unavailability
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return new BusException(FaultCode.PROVIDER_UNAVAILABLE, agency + " cannot be reached", cause.toString(), null);
        }
        if (cause instanceof HttpTimeoutException) return timedOut(timeout);
        return new BusException(FaultCode.PROVIDER_UNAVAILABLE, agency + " broke the connection", String.valueOf(cause), null);
    }

    private BusException timedOut(Duration timeout) {
        return new BusException(FaultCode.PROVIDER_TIMEOUT, agency + " did not answer within " + timeout.toMillis() + " ms");
    }

    /** Collects an answer's body, and gives up past {@code limit} bytes rather than hold an agency's flood in memory. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        static final class TooLarge extends IOException {
            TooLarge() { super("the answer is over its limit"); }
        }

        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedBody(int limit) { this.limit = limit; }

        @Override
        public CompletionStage<byte[]> getBody() { return result; }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                if (bytes.size() + b.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) { result.completeExceptionally(t); }

        @Override
        public void onComplete() { result.complete(bytes.toByteArray()); }
    }
}
