package org.govbus.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.govbus.core.error.BusException;
import org.govbus.core.id.ServiceId;
import org.govbus.core.json.JsonAnswerVerifier;
import org.govbus.core.json.StrictJson;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.security.KeyMaterial;
import org.govbus.core.soap.AnswerVerifier;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.xml.SecureXml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code govbus fetch MESSAGE_ID --service S}: the answer to an asynchronous request sent earlier (e.g. with
 * {@code govbus send --no-wait}), fetched as the client that sent it, its seal checked. Without the request at hand
 * the answer's requestHash cannot be checked; its messageId and the bus's seal are.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Fetch the answer to an asynchronous request, as the client that sent it, and verify the bus's seal.",
                "Exit 0 with the answer; 1 with the fault it ended in, or when it is still under way (its state is printed)."})
final class FetchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MESSAGE_ID", description = "the messageId of the request")
    UUID messageId;

    @Option(names = {"-s", "--service"}, required = true, description = "the service the request was for")
    String service;

    @Option(names = "--wait", defaultValue = "0", description = "seconds to wait for the answer if it is still under way (default: ${DEFAULT-VALUE})")
    int waitSeconds;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KeyMaterial key = client.key();
        BusHeader as = new BusHeader(messageId, null, ClientOptions.clientOf(key), ServiceId.parse(service), client.userId, client.purpose, Instant.now());
        HttpResponse<byte[]> r = waitSeconds > 0 ? AsyncAnswers.await(client.url, key, as, waitSeconds)
                : AsyncAnswers.fetch(client.url, key, messageId, as);
        try {
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("text/xml")) {
                AnswerVerifier verifier = new AnswerVerifier(new MessageVerifier(client.trust(), Duration.ofMinutes(5)), client.busSystem());
                spec.commandLine().getOut().println(SecureXml.toPrettyString(verifier.verifyKept(r.body(), messageId).payload()).strip());
            } else {
                var json = new JsonAnswerVerifier(client.trust(), client.busSystem())
                        .verifyKept(r.statusCode(), name -> r.headers().firstValue(name).orElse(null), r.body(), messageId);
                if (r.statusCode() == 202) {
                    spec.commandLine().getErr().println("not answered yet: " + json.path("state").asText()
                            + (json.has("attempts") ? " (" + json.path("attempts").asText() + " tries)" : "") + ", expires " + json.path("expires").asText());
                    return 1;
                }
                spec.commandLine().getOut().println(StrictJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            }
            spec.commandLine().getErr().println("answer to " + messageId + ": sealed by " + client.bus + " (its requestHash is not checked without the request)");
            return 0;
        } catch (BusException e) {
            spec.commandLine().getErr().println("govbus: fault " + e.code().code() + ": " + e.reason() + " (messageId " + messageId + ")");
            return 1;
        }
    }

}
