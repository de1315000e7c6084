package org.govbus.bench.jmh;

import org.govbus.core.pipeline.BusHeader;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.govbus.core.id.ServiceId;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.security.AnswerSealer;
import org.govbus.core.soap.SoapSealer;
import org.govbus.core.soap.MessageSigner;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.soap.BusHeaders;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.soap.SoapMessages;
import org.govbus.core.xml.SecureXml;
import org.govbus.fixtures.SigningClient;
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

/** What the bus pays per message for WS-Security: verifying a client's request, signing an answer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SecurityBench {
    static final String RESPONSE = "<personByIinResponse xmlns=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><found>true</found>"
            + "<person><iin>900101300017</iin><surname>Серикбаев</surname><givenName>Айдар</givenName><patronymic>Нурланович</patronymic>"
            + "<birthDate>1990-01-01</birthDate><sex>MALE</sex><citizenship>KAZ</citizenship><registeredAddress><region>г. Астана</region>"
            + "<city>Астана</city><street>пр. Мангилик Ел</street><building>8</building><apartment>12</apartment></registeredAddress>"
            + "</person></personByIinResponse>";

    byte[] signedRequest;
    MessageVerifier verifier;
    SoapSealer sealer;
    Element answerPayload;
    BusHeader header;

    @Setup
    public void setUp() throws Exception {
        TestPki pki = TestPki.create(Files.createTempDirectory("govbus-jmh").resolve("pki"));
        signedRequest = new SigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL)
                .request(ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1"), XmlBench.REQUEST_PAYLOAD.getBytes()).bytes();
        // a verifier that never sees the clock run out during a long run
        verifier = new MessageVerifier(pki.trust(), Duration.ofHours(1));
        sealer = new SoapSealer(new AnswerSealer(), new MessageSigner(pki.key(DemoPki.BUS), 300));
        answerPayload = SecureXml.parse(RESPONSE.getBytes(java.nio.charset.StandardCharsets.UTF_8)).getDocumentElement();
        header = BusHeaders.read(SoapEnvelope.of(SecureXml.parse(signedRequest)).busHeader());
    }

    /** Parse a signed request and verify it: signature, coverage, certificate chain. */
    @Benchmark
    public Object verifyRequest() {
        return verifier.verify(SoapEnvelope.of(SecureXml.parse(signedRequest)), Instant.now());
    }

    /** Build an answer envelope around a canonical payload, seal it alone (a batch of one, RSA-2048), serialise it. */
    @Benchmark
    public byte[] signAnswer() {
        return sealedAnswer();
    }

    /** The same from eight threads at once, as the bus's reply threads do: answers waiting together share a signature. */
    @Benchmark
    @org.openjdk.jmh.annotations.Threads(8)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] signAnswersEightThreads() {
        return sealedAnswer();
    }

    private byte[] sealedAnswer() {
        BusHeader h = new BusHeader(UUID.randomUUID(), null, header.client(), header.service(), header.userId(),
                header.purpose(), Instant.now());
        SoapEnvelope answer = SoapMessages.envelope(h, answerPayload, new byte[32]);
        sealer.seal(answer);
        return SecureXml.toBytes(answer.document());
    }
}
