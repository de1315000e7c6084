package org.govbus.bench;

import static org.govbus.bench.BenchCli.say;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.govbus.bench.HostileInputs.Input;
import org.govbus.core.pki.DemoPki;
import org.govbus.adapter.populationregister.simulator.PopulationRegisterSimulator;
import org.govbus.fixtures.SigningClient;
import org.govbus.fixtures.TestPki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code govbus bench hostile}: what the bus pays to refuse bodies built to break its input limits, next to what it
 * pays to refuse an ordinary body of the same size and to answer a small valid request. A limit checked too late
 * shows as a CPU ratio far above 1; a refusal that leaves something behind, as heap a full collection does not free.
 */
@Command(name = "hostile", mixinStandardHelpOptions = true,
        description = "Send bodies that break the bus's input limits (~1 MB and ~70 KB, SOAP and JSON) to a bus of its own;"
                + " print the bus CPU per refusal against a same-size well-formed body and against a valid request, and the"
                + " heap retained after GC; write target/bench/hostile.json. Exit 1 when an answer was not the expected one,"
                + " a hostile input cost " + HostileBench.MAX_RATIO + " x its baseline or more, or the heap grew by "
                + HostileBench.MAX_HEAP_GROWTH_MB + " MB or more.")
final class HostileBench implements Callable<Integer> {
    static final int MAX_RATIO = 10;
    static final long MAX_HEAP_GROWTH_MB = 32;
    private static final int[] SIZES = {1_000_000, 70_000};
    private static final int MAX_REFUSAL_WARMUP_PASSES = 8;
    private static final Pattern CODE = Pattern.compile("(?:Client|Server)\\.[A-Za-z]+");
    private static final Pattern REASON = Pattern.compile("<faultstring>([^<]*)</faultstring>|\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Option(names = {"-n", "--count"}, defaultValue = "200",
            description = "measured requests per ~1 MB input; ~70 KB inputs and the valid request get 5 times as many (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "2", description = "client threads sending at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--bus-heap", defaultValue = "512m", description = "-Xmx and -Xms of the bus JVM (default: ${DEFAULT-VALUE})")
    String busHeap;

    @Option(names = {"-w", "--warmup"}, defaultValue = "20",
            description = "seconds of valid signed requests at least before anything is measured (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--warmup-max", defaultValue = "180",
            description = "seconds of valid signed requests at most: the warm-up goes on while the bus's JIT compiles more than "
                    + BenchCli.JIT_QUIET_PERCENT + " %% of a core (default: ${DEFAULT-VALUE})")
    int warmupMaxSeconds;

    @Option(names = "--keep", description = "keep the work directory (bus log, database) instead of deleting it at the end")
    boolean keep;

    @Option(names = "--out", defaultValue = "target/bench/hostile.json", description = "JSON result, relative to bench/ (default: ${DEFAULT-VALUE})")
    Path out;

    /** One input's figures, per request; input is null for the valid signed request. */
    record Row(Input input, int requests, double cpuMs, double jitMs, double meanMs, Map<String, Integer> seen, int unexpected, String reason) {
        String seenText() { return seen.size() == 1 ? seen.keySet().iterator().next() : seen.toString(); }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private BusProcess bus;
    private URI soapUrl;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("GOVBUS_HOME", ".")).toAbsolutePath().normalize();
        return BenchCli.inWorkDirectory("govbus-bench-hostile", keep, work -> run(home, work));
    }

    private Integer run(Path home, Path work) throws Exception {
        TestPki pki = TestPki.create(work.resolve("data/pki"));
        SigningClient unsigned = new SigningClient(pki.key(DemoPki.PORTAL), DemoPki.PORTAL);
        List<Input> inputs = new ArrayList<>();
        for (int size : SIZES) inputs.addAll(HostileInputs.all(unsigned, size));
        try (PopulationRegisterSimulator register = new PopulationRegisterSimulator(0)) {
            int port = BenchCli.freePort();
            Path config = BenchConfig.write(work, port, register.endpoint());
            try (BusProcess started = BusProcess.start(home, config, port, busHeap, work.resolve("bus.log"), List.of())) {
                bus = started;
                soapUrl = BusProcess.soapUrl(port);
                say("bus ready in " + bus.readyMillis() + " ms (-Xmx" + busHeap + ")");
                Workloads load = new Workloads(pki, soapUrl, register.endpoint());
                BenchCli.warmUpBus(bus, load, List.of(), 1, 4, warmupSeconds, warmupMaxSeconds);

                List<SigningClient.SignedRequest> valid = load.signedRequests(count * 5);
                Row validRow = exchanges("valid", valid.size(), i -> {
                    load.viaBus(valid.get(i));
                    return "200 answered";
                }, "200 answered");
                say(String.format(Locale.ROOT, "valid signed request: %.3f ms of bus CPU each (JIT %.3f ms)", validRow.cpuMs(), validRow.jitMs()));

                long heapBefore = bus.heapUsedAfterGcBytes();
                bus.resetHeapMax();
                warmUpRefusals(inputs);
                List<Row> rows = new ArrayList<>();
                for (boolean baselines : new boolean[] {true, false}) {
                    for (Input in : inputs) {
                        if (in.baseline() != baselines) continue;
                        Row row = measure(in, in.size() >= 500_000 ? count : count * 5);
                        say(String.format(Locale.ROOT, "%-4s %-24s %8d B %8.3f ms CPU  %s%s", in.format(), in.kind(), in.body().length,
                                row.cpuMs(), row.seenText(), row.unexpected() > 0 ? "  " + row.unexpected() + " UNEXPECTED" : ""));
                        rows.add(row);
                    }
                }
                long heapMax = bus.heapMaxBytes();
                long heapAfter = bus.heapUsedAfterGcBytes();
                return report(home, validRow, rows, heapBefore, heapAfter, heapMax);
            }
        }
    }

    /**
     * Passes of 10 of each input until one pass keeps the JIT under {@link BenchCli#JIT_QUIET_PERCENT} % of a core: the
     * refusal paths are not the valid request's, and until they are compiled the first inputs measured pay for the compiler.
     */
    private void warmUpRefusals(List<Input> inputs) throws InterruptedException {
        for (int pass = 1; pass <= MAX_REFUSAL_WARMUP_PASSES; pass++) {
            long jit0 = bus.compileMillis();
            long t0 = System.nanoTime();
            for (Input in : inputs) measure(in, 10);
            double jitPercent = (bus.compileMillis() - jit0) * 1e8 / (System.nanoTime() - t0);
            say(String.format(Locale.ROOT, "refusal warm-up pass %d: bus JIT compiling %.0f %% of a core", pass, jitPercent));
            if (jitPercent < BenchCli.JIT_QUIET_PERCENT) return;
        }
        say("bus JIT still busy after " + MAX_REFUSAL_WARMUP_PASSES + " passes; measuring anyway (see the JIT ms column)");
    }

    /** One round trip: the status and fault code as seen, e.g. "500 Client.InvalidMessage". */
    private interface Exchange {
        String send(int i) throws Exception;
    }

    /** n times the same body; the reason is the first answer's, to show which check refused it. */
    private Row measure(Input in, int n) throws InterruptedException {
        boolean soap = in.format().equals(HostileInputs.SOAP);
        URI url = soap ? soapUrl : soapUrl.resolve("/api/v1/services/" + Workloads.SERVICE);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .header("Content-Type", soap ? "text/xml; charset=utf-8" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(in.body())).build();
        AtomicReference<String> reason = new AtomicReference<>();
        Row row = exchanges(in.format() + " " + in.kind(), n, i -> {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (reason.get() == null) reason.compareAndSet(null, reasonOf(r.body()));
            Matcher code = CODE.matcher(r.body());
            return r.statusCode() + " " + (code.find() ? code.group() : "(no fault code)");
        }, in.status() + " " + in.code());
        return new Row(in, n, row.cpuMs(), row.jitMs(), row.meanMs(), row.seen(), row.unexpected(), reason.get());
    }

    /**
     * n exchanges from {@code concurrency} threads; the bus's CPU and JIT time over them, per request. The bus's CPU
     * time comes in 10 ms clock ticks on Linux: over 200 requests that is 0.05 ms a request at most.
     */
    private Row exchanges(String name, int n, Exchange exchange, String expected) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong latencyNanos = new AtomicLong();
        Map<String, Integer> seen = new TreeMap<>();
        long cpu0 = bus.cpuNanos();
        long jit0 = bus.compileMillis();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Thread t = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    long t0 = System.nanoTime();
                    String outcome;
                    try {
                        outcome = exchange.send(i);
                    } catch (Exception e) {
                        outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    latencyNanos.addAndGet(System.nanoTime() - t0);
                    synchronized (seen) {
                        seen.merge(outcome, 1, Integer::sum);
                    }
                }
            }, name + "-client-" + c);
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) t.join();
        return new Row(null, n, (bus.cpuNanos() - cpu0) / 1e6 / n, (bus.compileMillis() - jit0) / (double) n,
                latencyNanos.get() / 1e6 / n, seen, n - seen.getOrDefault(expected, 0), null);
    }

    private static String reasonOf(String body) {
        Matcher m = REASON.matcher(body);
        if (!m.find()) return body.substring(0, Math.min(200, body.length())).replace('\n', ' ');
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static double baselineCpu(List<Row> rows, Input in) {
        return rows.stream().filter(b -> b.input().baseline() && b.input().format().equals(in.format()) && b.input().size() == in.size())
                .findFirst().orElseThrow().cpuMs();
    }

    private Integer report(Path home, Row valid, List<Row> rows, long heapBefore, long heapAfter, long heapMax) throws Exception {
        List<String> failures = new ArrayList<>();
        if (valid.unexpected() > 0) failures.add("valid signed requests: " + valid.unexpected() + " not answered: " + valid.seen());
        String line = "%-5s %-24s %9s %6d %9.3f %7s %8.2f %8.2f %8.3f  %s%n";
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n%-5s %-24s %9s %6s %9s %7s %8s %8s %8s  %s%n",
                "fmt", "input", "bytes", "reqs", "CPU ms", "x base", "x valid", "mean ms", "JIT ms", "status/code"));
        table.append(String.format(Locale.ROOT, line, "soap", "valid signed request", "~4 KB", valid.requests(), valid.cpuMs(), "-", 1.0,
                valid.meanMs(), valid.jitMs(), valid.seenText()));
        StringBuilder json = new StringBuilder();
        Row worst = null;
        double worstRatio = 0;
        for (Row r : rows) {
            Input in = r.input();
            double ratio = r.cpuMs() / baselineCpu(rows, in);
            if (r.unexpected() > 0) {
                failures.add(String.format("%s %s (%d B): %d of %d not \"%d %s\" but %s; first reason: %s", in.format(), in.kind(),
                        in.body().length, r.unexpected(), r.requests(), in.status(), in.code(), r.seen(), r.reason()));
            }
            if (!in.baseline() && ratio >= MAX_RATIO) {
                failures.add(String.format(Locale.ROOT, "%s %s (%d B): %.1f x the CPU of its same-size baseline", in.format(), in.kind(),
                        in.body().length, ratio));
            }
            if (!in.baseline() && ratio > worstRatio) {
                worst = r;
                worstRatio = ratio;
            }
            table.append(String.format(Locale.ROOT, line, in.format(), in.kind(), in.body().length, r.requests(), r.cpuMs(),
                    in.baseline() ? "1" : String.format(Locale.ROOT, "%.2f", ratio), r.cpuMs() / valid.cpuMs(), r.meanMs(), r.jitMs(),
                    r.seenText() + (r.unexpected() > 0 ? "  <-- " + r.unexpected() + " UNEXPECTED" : "")));
            json.append(json.isEmpty() ? "" : ",\n").append(String.format(Locale.ROOT, "    {\"format\": \"%s\", \"kind\": \"%s\", \"bytes\": %d,"
                            + " \"requests\": %d, \"cpu_ms\": %.4f, \"ratio_baseline\": %.3f, \"ratio_valid\": %.3f, \"mean_ms\": %.3f,"
                            + " \"jit_ms\": %.3f, \"seen\": \"%s\", \"unexpected\": %d, \"reason\": \"%s\"}",
                    in.format(), in.kind(), in.body().length, r.requests(), r.cpuMs(), ratio, r.cpuMs() / valid.cpuMs(), r.meanMs(),
                    r.jitMs(), esc(r.seen().toString()), r.unexpected(), esc(r.reason())));
        }
        double growthMb = (heapAfter - heapBefore) / 1048576.0;
        if (growthMb >= MAX_HEAP_GROWTH_MB) failures.add(String.format(Locale.ROOT, "the bus heap after GC grew by %.1f MB", growthMb));

        System.out.print(table);
        System.out.println("\nwhy each was refused (the first answer's reason):");
        for (Row r : rows) System.out.printf("  %-4s %-24s %8d B  %s%n", r.input().format(), r.input().kind(), r.input().body().length, r.reason());
        System.out.printf(Locale.ROOT, "%nbus heap after GC: %.1f MB before the refused inputs, %.1f MB after, growth %+.1f MB;"
                + " most in use while they were sent %d MB (-Xmx%s)%n", heapBefore / 1048576.0, heapAfter / 1048576.0, growthMb, heapMax >> 20, busHeap);
        if (worst != null) {
            System.out.printf(Locale.ROOT, "worst: %s %s (%d B), %.2f x its baseline, %.1f x a valid request%n", worst.input().format(),
                    worst.input().kind(), worst.input().body().length, worstRatio, worst.cpuMs() / valid.cpuMs());
        }
        Path file = out.isAbsolute() ? out : home.resolve("bench").resolve(out);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.format(Locale.ROOT, "{%n  \"bus_heap\": \"%s\",%n  \"concurrency\": %d,%n  \"cores\": %d,%n"
                        + "  \"valid_cpu_ms\": %.4f,%n  \"valid_jit_ms\": %.4f,%n  \"valid_mean_ms\": %.3f,%n  \"heap_before_gc_mb\": %.1f,%n  \"heap_after_gc_mb\": %.1f,%n"
                        + "  \"heap_growth_mb\": %.1f,%n  \"heap_max_during_flood_mb\": %d,%n  \"inputs\": [%n%s%n  ],%n  \"failures\": [%s],%n"
                        + "  \"passed\": %b%n}%n",
                busHeap, concurrency, Runtime.getRuntime().availableProcessors(), valid.cpuMs(), valid.jitMs(), valid.meanMs(), heapBefore / 1048576.0,
                heapAfter / 1048576.0, growthMb, heapMax >> 20, json,
                String.join(", ", failures.stream().map(f -> "\"" + esc(f) + "\"").toList()), failures.isEmpty()));
        say("wrote " + file);
        failures.forEach(f -> System.out.println("FAILED: " + f));
        if (failures.isEmpty()) {
            System.out.println("PASSED: every answer as expected, every hostile input under " + MAX_RATIO + " x its baseline, heap growth under "
                    + MAX_HEAP_GROWTH_MB + " MB");
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
