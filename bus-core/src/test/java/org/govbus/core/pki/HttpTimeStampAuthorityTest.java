package org.govbus.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.govbus.core.pki.TimeStampFixtures.CA;
import static org.govbus.core.pki.TimeStampFixtures.TSA;
import static org.govbus.core.pki.TimeStampFixtures.randomBytes;
import static org.govbus.core.pki.TimeStampFixtures.sha256;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.tsp.TimeStampRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP client against a real RFC 3161 endpoint on loopback: honest, answering other requests, refusing, absent. */
class HttpTimeStampAuthorityTest {
    static final BuiltInTimeStampAuthority BUILT_IN = new BuiltInTimeStampAuthority(TSA);
    static HttpServer server;

    final byte[] imprint = sha256(randomBytes(64));

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        serve("/tsa", BUILT_IN::respond);
        serve("/other-imprint", body -> BUILT_IN.respond(encoded(TimeStamps.request(sha256(randomBytes(8))))));
        serve("/other-nonce", body -> BUILT_IN.respond(encoded(TimeStamps.request(imprintOf(body)))));
        serve("/garbage-request", body -> BUILT_IN.respond(randomBytes(40)));
        server.createContext("/html", exchange -> reply(exchange, "text/html", "<html>hi</html>".getBytes(StandardCharsets.UTF_8)));
        server.start();
    }

    @AfterAll
    static void stop() { server.stop(0); }

    static void serve(String path, UnaryOperator<byte[]> answer) {
        server.createContext(path, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean query = HttpTimeStampAuthority.QUERY.equals(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (!query) {
                exchange.sendResponseHeaders(415, -1);
                exchange.close();
                return;
            }
            reply(exchange, HttpTimeStampAuthority.REPLY, answer.apply(body));
        });
    }

    static void reply(HttpExchange exchange, String type, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    static byte[] imprintOf(byte[] requestDer) {
        try {
            return new TimeStampRequest(requestDer).getMessageImprintDigest();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] encoded(TimeStampRequest request) {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpTimeStampAuthority at(String path) {
        return new HttpTimeStampAuthority(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), Duration.ofSeconds(5));
    }

    @Test
    void aTokenFromAnHttpAuthorityVerifies() {
        byte[] token = at("/tsa").stamp(imprint);
        assertThat(TimeStamps.verify(token, imprint, List.of(CA.certificate()))).isNotNull();
        assertThat(TimeStamps.signerOf(token)).isEqualTo(TSA.certificate());
    }

    @Test
    void anAnswerToAnotherRequestIsRefused() {
        assertThatThrownBy(() -> at("/other-imprint").stamp(imprint))
                .isInstanceOf(TimeStampAuthority.Failed.class).hasMessageContaining("different request: the imprint does not match");
        assertThatThrownBy(() -> at("/other-nonce").stamp(imprint))
                .isInstanceOf(TimeStampAuthority.Failed.class).hasMessageContaining("different request: the nonce does not match");
    }

    @Test
    void aRefusalOrAWrongContentTypeIsAFailure() {
        assertThatThrownBy(() -> at("/garbage-request").stamp(imprint))
                .isInstanceOf(TimeStampAuthority.Failed.class).hasMessageContaining("refused: status 2");
        assertThatThrownBy(() -> at("/html").stamp(imprint))
                .isInstanceOf(TimeStampAuthority.Failed.class).hasMessageContaining("answered text/html");
        assertThatThrownBy(() -> at("/nowhere").stamp(imprint))
                .isInstanceOf(TimeStampAuthority.Failed.class).hasMessageContaining("answered HTTP 404");
    }

    @Test
    void anAuthorityThatIsDownSaysWhere() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/tsa";
        var down = new HttpTimeStampAuthority(URI.create(url), Duration.ofSeconds(2));
        assertThatThrownBy(() -> down.stamp(imprint))
                .isInstanceOf(TimeStampAuthority.Failed.class).hasMessageStartingWith("cannot reach the time-stamp authority at " + url);
    }
}
