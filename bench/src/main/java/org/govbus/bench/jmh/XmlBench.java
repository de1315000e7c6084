package org.govbus.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.govbus.core.id.ServiceId;
import org.govbus.core.soap.BusHeaders;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.xml.Canonical;
import org.govbus.core.xml.PayloadSchemas;
import org.govbus.core.xml.SecureXml;
import org.govbus.core.xml.ServiceCatalog;
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

/** XML work on the request path besides signatures: parsing, header unmarshalling, schema validation, c14n. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class XmlBench {
    static final String REQUEST_PAYLOAD =
            "<p:personByIinRequest xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><p:iin>900101300017</p:iin></p:personByIinRequest>";
    static final ServiceId SERVICE = ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1");

    byte[] envelope;
    SoapEnvelope parsed;
    PayloadSchemas schemas;
    Element answer;

    @Setup
    public void setUp() throws Exception {
        SecurityBench s = new SecurityBench();
        s.setUp();
        envelope = s.signedRequest;
        parsed = SoapEnvelope.of(SecureXml.parse(envelope));
        schemas = PayloadSchemas.of(ServiceCatalog.discover(XmlBench.class.getClassLoader()));
        answer = SecureXml.parse(SecurityBench.RESPONSE.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
    }

    @Benchmark
    public Object parseEnvelope() { return SoapEnvelope.of(SecureXml.parse(envelope)); }

    @Benchmark
    public Object unmarshalBusHeader() { return BusHeaders.read(parsed.busHeader()); }

    @Benchmark
    public void validateRequestAndAnswer() {
        schemas.validate(parsed.busHeader(), "header");
        schemas.validateRequest(SERVICE, parsed.payload());
        schemas.validateResponse(SERVICE, answer);
    }

    @Benchmark
    public byte[] canonicalPayload() { return Canonical.bytes(parsed.payload()); }

    @Benchmark
    public byte[] serializeEnvelope() { return SecureXml.toBytes(parsed.document()); }
}
