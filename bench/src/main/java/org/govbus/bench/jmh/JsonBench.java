package org.govbus.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.govbus.core.id.ServiceId;
import org.govbus.core.json.JsonForms;
import org.govbus.core.json.JsonSealer;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.core.pipeline.WireInput;
import org.govbus.core.pipeline.WireRequest;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.security.AnswerSealer;
import org.govbus.core.xml.SecureXml;
import org.govbus.core.xml.ServiceCatalog;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.fixtures.TestPki;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.w3c.dom.Element;

/** What the bus pays per JSON message: reading and verifying a JWS-signed request, sealing a JSON answer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonBench {
    static final ServiceId SERVICE = ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1");

    JwsJsonCodec codec;
    WireInput input;
    WireRequest request;
    Element answerPayload;

    @Setup
    public void setUp() throws Exception {
        TestPki pki = TestPki.create(Files.createTempDirectory("govbus-jmh").resolve("pki"));
        ClassLoader cl = JsonBench.class.getClassLoader();
        codec = new JwsJsonCodec(JsonForms.of(ServiceCatalog.discover(cl), cl), pki.trust(), new JsonSealer(new AnswerSealer(), pki.key(DemoPki.BUS)));
        JsonSigningClient.SignedJson signed = new JsonSigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL, Clock.systemUTC())
                .request(SERVICE, "{\"iin\":\"900101300017\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = Map.of(JwsJsonCodec.SIGNATURE, signed.signature());
        input = new WireInput(signed.body(), signed.contentType(), SERVICE.toString(), headers::get);
        request = codec.read(input, id -> { });
        answerPayload = SecureXml.parse(SecurityBench.RESPONSE.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
    }

    /** Parse the body and the protected header, verify the RS256 signature and the x5c chain, translate to canonical XML. */
    @Benchmark
    public Object readAndVerifyRequest() {
        WireRequest r = codec.read(input, id -> { });
        r.verifySignature(Instant.now());
        return r.payload();
    }

    /** Translate a canonical answer to JSON, seal it alone (a batch of one: one RS256 JWS). */
    @Benchmark
    public Object sealAnswer() {
        return codec.answer(request.requestHash(), request.header().answeredAt(Instant.now()), answerPayload);
    }
}
