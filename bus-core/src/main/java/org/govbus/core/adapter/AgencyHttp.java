package org.govbus.core.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
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
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), timeout);
    }

    /** GETs {@code path} under the endpoint. */
    public AgencyResponse get(String path, Duration timeout, String... headerPairs) {
        return send(request(path, timeout, headerPairs).GET().build(), timeout);
    }

    private HttpRequest.Builder request(String path, Duration timeout, String... headerPairs) {
        String base = endpoint.toString();
        if (base.endsWith("/") && path.startsWith("/")) base = base.substring(0, base.length() - 1);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        headers.forEach(b::header);
        for (int i = 0; i + 1 < headerPairs.length; i += 2) b.header(headerPairs[i], headerPairs[i + 1]);
        return b;
    }

    private AgencyResponse send(HttpRequest request, Duration timeout) {
        try {
            HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
            if (body.length > MAX_ANSWER_BYTES) {
                throw new BusException(FaultCode.PROVIDER_ERROR, agency + " answered more than " + (MAX_ANSWER_BYTES >> 20) + " MiB");
            }
            return new AgencyResponse(agency, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body);
        } catch (HttpTimeoutException e) {
            throw new BusException(FaultCode.PROVIDER_TIMEOUT, agency + " did not answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw new BusException(FaultCode.PROVIDER_UNAVAILABLE, agency + " cannot be reached", e.toString(), null);
        } catch (IOException e) {
            throw new BusException(FaultCode.PROVIDER_UNAVAILABLE, agency + " broke the connection", e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException(FaultCode.PROVIDER_UNAVAILABLE, "interrupted while calling " + agency);
        }
    }
}
