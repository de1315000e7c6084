package org.govbus.app;

import org.govbus.core.pipeline.BusHeader;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.govbus.core.error.BusException;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.security.KeyMaterial;
import org.govbus.core.soap.MessageSigner;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.security.SystemCertificates;
import org.govbus.core.security.TrustAnchors;
import org.govbus.core.soap.AnswerVerifier;
import org.govbus.core.soap.BusHeaders;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.soap.SoapMessages;
import org.govbus.core.xml.SecureXml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Sign a request as a client system, send it to the bus, verify the bus's signature on the answer and print it.",
                "FILE holds the payload element (see config/demo/requests/). With --out, the signed envelope is written instead of sent."})
final class SendCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the request payload (XML)")
    Path payload;

    @Option(names = {"-s", "--service"}, required = true, description = "service id, e.g. KZ/GOV/MJ/gbd-fl/person-by-iin/v1")
    String service;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080/soap", description = "bus SOAP endpoint (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--keystore", description = "client keystore (default: data/demo/pki/portal.p12)")
    Path keystore;

    @Option(names = "--truststore", description = "trust store to check the bus's answer (default: data/demo/pki/trust.p12)")
    Path truststore;

    @Option(names = "--password", defaultValue = "changeit", description = "keystore password (default: ${DEFAULT-VALUE})")
    String password;

    @Option(names = "--bus", defaultValue = "KZ/GOV/GOVBUS/bus", description = "the system that must have signed the answer")
    String bus;

    @Option(names = "--user-id", defaultValue = "operator-0042", description = "the official acting")
    String userId;

    @Option(names = "--purpose", defaultValue = "Public service delivery: checking the applicant's registration",
            description = "the legal basis of the request")
    String purpose;

    @Option(names = "--out", description = "write the signed envelope here and do not send it")
    Path out;

    @Override
    public Integer call() throws Exception {
        ServiceId serviceId = parseService();
        Path pki = GovBusCli.home().resolve("data/demo/pki");
        KeyMaterial key = KeyMaterial.load(keystore != null ? keystore : DemoPki.keyStoreOf(pki, DemoPki.PORTAL), password.toCharArray());
        SystemId client = SystemCertificates.systemOf(key.certificate());
        if (client == null) throw new IllegalArgumentException("the keystore's certificate does not name a system in its CN");
        BusHeader fields = new BusHeader(UUID.randomUUID(), null, client, serviceId, userId, purpose, Instant.now());
        SoapEnvelope request = SoapMessages.envelope(fields, SecureXml.parse(Files.readAllBytes(payload)).getDocumentElement(), null);
        new MessageSigner(key, 300).sign(request);
        byte[] signed = SecureXml.toBytes(request.document());
        if (out != null) {
            Files.write(out, signed);
            System.err.println("signed request " + fields.messageId() + " as " + client + " written to " + out);
            return 0;
        }
        byte[] answer = post(signed);
        TrustAnchors trust = TrustAnchors.load(truststore != null ? truststore : pki.resolve(DemoPki.TRUST_STORE), password.toCharArray());
        AnswerVerifier verifier = new AnswerVerifier(new MessageVerifier(trust, Duration.ofMinutes(5)), SystemId.parse(bus));
        try {
            SoapEnvelope verified = verifier.verify(answer, signed, fields);
            System.err.println("answer to " + fields.messageId() + ": signed by " + bus + ", requestHash matches");
            System.out.println(SecureXml.toPrettyString(verified.payload()).strip());
            return 0;
        } catch (BusException e) {
            System.err.println("govbus: fault " + e.code().code() + ": " + e.reason() + " (messageId " + fields.messageId() + ")");
            return 1;
        }
    }

    private ServiceId parseService() {
        try {
            return ServiceId.parse(service);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--service: " + e.getMessage());
        }
    }

    private byte[] post(byte[] body) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"\"")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return resp.body();
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot connect to " + url + ": is the bus running? (./govbus demo)");
        } catch (IOException e) {
            throw new IllegalStateException("sending to " + url + " failed: " + e.getMessage());
        }
    }
}
