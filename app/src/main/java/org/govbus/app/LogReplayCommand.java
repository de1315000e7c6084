package org.govbus.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.govbus.core.config.BusConfig;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogEntry;
import org.govbus.core.log.LogStore;
import org.govbus.core.log.ReplayComparison;
import org.govbus.core.pipeline.Pipeline;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-send the logged client requests of a period, exactly as they were signed, to a node configured as a replay sandbox (log.replaySandbox: true), and compare each new answer with the logged one, leaving out what legitimately differs (times, seals, signatures).",
                "Reports matches, differences with a diff, and faults; exit 0 only when every answer matches. A node that is not a sandbox refuses replays as Client.Replay."})
final class LogReplayCommand extends LogCommand.Base {
    @Option(names = "--from", required = true, converter = LogCommand.From.class, description = "requests logged at or after (date or instant, UTC)")
    Instant from;

    @Option(names = "--to", required = true, converter = LogCommand.To.class, description = "requests logged at or before (date or instant, UTC)")
    Instant to;

    @Option(names = "--service", paramLabel = "S", description = "only this service (e.g. KZ/GOV/MJ/gbd-fl/person-by-iin/v1)")
    String service;

    @ArgGroup(multiplicity = "1")
    Where where;

    static final class Where {
        @Option(names = "--target", paramLabel = "URL", description = "the sandbox node's base URL, e.g. http://127.0.0.1:18280")
        URI target;

        @Option(names = "--dry-run", description = "list what would be re-sent, send nothing")
        boolean dryRun;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        BusConfig config = config();
        try (LogStore store = openLog(config)) {
            List<LogEntry> requests = requests(store);
            if (where.dryRun) {
                Map<String, Integer> byService = new TreeMap<>();
                requests.forEach(r -> byService.merge(r.service(), 1, Integer::sum));
                byService.forEach((s, n) -> out().printf("%6d  %s%n", n, s));
                out().printf("%d request(s) would be re-sent%n", requests.size());
                return 0;
            }
            int matches = 0;
            int differences = 0;
            int faults = 0;
            int skipped = 0;
            for (LogEntry request : requests) {
                // the ending the original request got: on its own node's chain, after it (not a later replay's)
                LogEntry logged = store.entriesOf(request.messageId()).stream()
                        .filter(e -> e.node().equals(request.node()) && e.seq() > request.seq())
                        .filter(e -> e.hop() == Hop.CLIENT_ANSWER || e.hop() == Hop.FAULT).findFirst().orElse(null);
                String id = request.messageId() + " " + request.service();
                if (logged == null) {
                    out().println("SKIP  " + id + ": no answer was logged to compare with");
                    skipped++;
                    continue;
                }
                HttpResponse<byte[]> answer;
                try {
                    answer = http.send(resend(request), HttpResponse.BodyHandlers.ofByteArray());
                } catch (java.io.IOException e) {
                    out().println("FAULT " + id + ": the target cannot be reached: " + e.getMessage());
                    faults++;
                    continue;
                }
                ReplayComparison.Result result = ReplayComparison.compare(logged.payload(), answer.body());
                if (result.matches()) {
                    matches++;
                    out().println("MATCH " + id);
                } else if (result.replayed().startsWith("fault ") && !result.logged().startsWith("fault ")) {
                    faults++;
                    out().println("FAULT " + id + ": the replay got " + result.replayed() + " (HTTP " + answer.statusCode() + ")");
                } else {
                    differences++;
                    out().println("DIFF  " + id);
                    result.diff().forEach(line -> out().println("        " + line));
                }
            }
            out().printf("%d replayed: %d match, %d differ, %d faults%s%n", matches + differences + faults, matches, differences, faults,
                    skipped > 0 ? ", " + skipped + " without a logged answer" : "");
            // nothing compared proves nothing
            return differences == 0 && faults == 0 && matches > 0 ? 0 : 1;
        }
    }

    private List<LogEntry> requests(LogStore store) {
        List<LogEntry> out = new ArrayList<>();
        for (String node : store.nodes()) {
            long[] range = store.seqRange(node, from, to);
            if (range == null) continue;
            store.scan(node, range[0], range[1], e -> {
                if (e.hop() == Hop.CLIENT_REQUEST && (service == null || service.equals(e.service()))) out.add(e);
            });
        }
        out.sort(java.util.Comparator.comparing(LogEntry::loggedAt));
        return out;
    }

    /** The logged bytes as the client sent them: a SOAP envelope, or a JWS whose payload goes back into the body. */
    private HttpRequest resend(LogEntry request) {
        byte[] logged = request.payload();
        HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(60)).header(Pipeline.REPLAY_HEADER, request.messageId().toString());
        if (new String(logged, 0, Math.min(64, logged.length), StandardCharsets.UTF_8).stripLeading().startsWith("<")) {
            return b.uri(where.target.resolve("/soap")).header("Content-Type", "text/xml; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(logged)).build();
        }
        // BASE64URL(protected) '.' body '.' BASE64URL(signature): neither end holds a dot, the body may
        int first = indexOf(logged, 0, 1);
        int last = indexOf(logged, logged.length - 1, -1);
        String protectedHeader = new String(logged, 0, first, StandardCharsets.US_ASCII);
        String signature = new String(logged, last + 1, logged.length - last - 1, StandardCharsets.US_ASCII);
        return b.uri(where.target.resolve("/api/v1/services/" + request.service()))
                .header("Content-Type", JwsJsonCodec.CONTENT_TYPE)
                .header(JwsJsonCodec.SIGNATURE, protectedHeader + ".." + signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOfRange(logged, first + 1, last))).build();
    }

    private static int indexOf(byte[] bytes, int from, int step) {
        for (int i = from; i >= 0 && i < bytes.length; i += step) if (bytes[i] == '.') return i;
        throw new IllegalArgumentException("a logged JSON request that is not a JWS");
    }
}
