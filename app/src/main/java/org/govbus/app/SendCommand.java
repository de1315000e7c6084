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
import org.govbus.core.json.JsonAnswerVerifier;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.core.json.JwsRequestSigner;
import org.govbus.core.pipeline.Receipts;
import org.govbus.core.json.StrictJson;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Sign a request as a client system, send it to the bus, verify the bus's signature on the answer and print it.",
                "FILE holds the payload element (see config/demo/requests/). With --out, the signed envelope is written instead of sent.",
                "With --json, FILE is the payload's JSON form, signed with a detached JWS and posted to /api/v1/services/{service}."})
final class SendCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the request payload (XML)")
    Path payload;

    @Option(names = {"-s", "--service"}, required = true, description = "service id, e.g. KZ/GOV/MJ/gbd-fl/person-by-iin/v1")
    String service;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Spec
    CommandSpec spec;

    @Option(names = "--out", description = "write the signed envelope here and do not send it")
    Path out;

    @Option(names = "--json", description = "send JSON signed with JWS instead of SOAP (FILE is JSON)")
    boolean json;

    @Option(names = "--no-wait", description = "for an asynchronous service: only submit, and print the messageId (fetch the answer later with govbus fetch)")
    boolean noWait;

    @Option(names = "--wait", defaultValue = "120", description = "for an asynchronous service: seconds to wait for its answer (default: ${DEFAULT-VALUE})")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        ServiceId serviceId = parseService();
        KeyMaterial key = client.key();
        BusHeader fields = new BusHeader(UUID.randomUUID(), null, ClientOptions.clientOf(key), serviceId, client.userId, client.purpose, Instant.now());
        if (json) return sendJson(key, fields);
        SoapEnvelope request = SoapMessages.envelope(fields, SecureXml.parse(Files.readAllBytes(payload)).getDocumentElement(), null);
        new MessageSigner(key, 300).sign(request);
        byte[] signed = SecureXml.toBytes(request.document());
        if (out != null) {
            Files.write(out, signed);
            spec.commandLine().getErr().println("signed request " + fields.messageId() + " as " + fields.client() + " written to " + out);
            return 0;
        }
        byte[] answer = post(signed);
        AnswerVerifier verifier = new AnswerVerifier(new MessageVerifier(client.trust(), Duration.ofMinutes(5)), client.busSystem());
        try {
            SoapEnvelope verified = verifier.verify(answer, signed, fields);
            if (Receipts.NS.equals(verified.payload().getNamespaceURI())) {
                spec.commandLine().getErr().println("accepted " + fields.messageId() + " (asynchronous): receipt signed by " + client.bus + ", requestHash matches");
                if (noWait) {
                    spec.commandLine().getOut().println(fields.messageId());
                    return 0;
                }
                answer = AsyncAnswers.await(client.url, key, fields, waitSeconds).body();
                verified = verifier.verify(answer, signed, fields);
            }
            spec.commandLine().getErr().println("answer to " + fields.messageId() + ": signed by " + client.bus + ", requestHash matches");
            spec.commandLine().getOut().println(SecureXml.toPrettyString(verified.payload()).strip());
            return 0;
        } catch (BusException e) {
            spec.commandLine().getErr().println("govbus: fault " + e.code().code() + ": " + e.reason() + " (messageId " + fields.messageId() + ")");
            return 1;
        }
    }

    /** The JSON way: body as in the file, X-GovBus-Signature, and the answer's seal and requestHash checked. */
    private int sendJson(KeyMaterial key, BusHeader fields) throws Exception {
        byte[] body = Files.readAllBytes(payload);
        String signature = new JwsRequestSigner(key).sign(fields, body);
        URI target = client.url.resolve("/api/v1/services/" + fields.service());
        if (out != null) {
            Files.write(out, body);
            spec.commandLine().getErr().println("signed request " + fields.messageId() + " as " + fields.client() + ": body in " + out
                    + "; send it with the header\n" + JwsJsonCodec.SIGNATURE + ": " + signature + "\nto " + target);
            return 0;
        }
        HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(target).header("Content-Type", JwsJsonCodec.CONTENT_TYPE)
                .header(JwsJsonCodec.SIGNATURE, signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)), target);
        try {
            JsonAnswerVerifier verifier = new JsonAnswerVerifier(client.trust(), client.busSystem());
            byte[] signingInput = JwsRequestSigner.signingInput(signature, body);
            var answer = verifier.verify(resp.statusCode(), name -> resp.headers().firstValue(name).orElse(null), resp.body(), signingInput, fields);
            if (resp.statusCode() == 202) {
                spec.commandLine().getErr().println("accepted " + fields.messageId() + " (asynchronous): receipt sealed by " + client.bus + ", requestHash matches");
                if (noWait) {
                    spec.commandLine().getOut().println(fields.messageId());
                    return 0;
                }
                HttpResponse<byte[]> fetched = AsyncAnswers.await(client.url, key, fields, waitSeconds);
                answer = verifier.verify(fetched.statusCode(), name -> fetched.headers().firstValue(name).orElse(null), fetched.body(), signingInput, fields);
            }
            spec.commandLine().getErr().println("answer to " + fields.messageId() + ": sealed by " + client.bus + ", requestHash matches");
            spec.commandLine().getOut().println(StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            return 0;
        } catch (BusException e) {
            spec.commandLine().getErr().println("govbus: fault " + e.code().code() + ": " + e.reason() + " (messageId " + fields.messageId() + ")");
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
        return send(HttpRequest.newBuilder(client.url).header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), client.url).body();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request, URI target) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot connect to " + target + ": is the bus running? (./govbus demo)");
        } catch (IOException e) {
            throw new IllegalStateException("sending to " + target + " failed: " + e.getMessage());
        }
    }
}
