package org.govbus.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.govbus.adapter.populationregister.simulator.PopulationRegisterSimulator;
import org.govbus.adapter.realestate.simulator.RealEstateSimulator;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.fixtures.SigningClient;
import org.govbus.fixtures.TestPki;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code govbus bench}: how fast is the bus next to a direct call to the agency, in the same run, on the
 * same data. The bus runs as {@code govbus run} in its own JVM; the register simulator and the clients here.
 */
@Command(name = "govbus bench", mixinStandardHelpOptions = true, subcommands = {HostileBench.class, ThrottleBench.class, LogVerifyBench.class},
        description = {"Measure the bus: closed-loop throughput and latency through the bus and directly to the agency,",
                "then latency at a fixed rate (open loop). Prints a table and writes target/bench/latest.json."})
public final class BenchCli implements Callable<Integer> {
    /** below this share of one core spent compiling, the bus counts as warm: what is measured is its steady state */
    static final int JIT_QUIET_PERCENT = 5;
    private static final int WARMUP_ROUND_SECONDS = 10;
    /** the first minute from the bus's start is sent pre-signed, so the curve from cold measures the bus, not the signing */
    private static final int COLD_ROUNDS = 6;

    @Option(names = {"-d", "--duration"}, defaultValue = "15", description = "seconds each measured phase lasts (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "16", description = "closed-loop clients (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = {"-r", "--rate"}, defaultValue = "0",
            description = "open-loop requests/s; 0 = half the closed-loop bus throughput (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = {"-w", "--warmup"}, defaultValue = "30",
            description = "seconds of warm-up at least, for the bus and for the direct path (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--warmup-max", defaultValue = "300",
            description = "seconds of bus warm-up at most: it goes on, after --warmup, while the bus's JIT still works"
                    + " more than " + JIT_QUIET_PERCENT + " %% of a core (default: ${DEFAULT-VALUE})")
    int warmupMaxSeconds;

    @Option(names = "--expected-rps", defaultValue = "1000",
            description = "how many signed requests per second of closed loop to pre-make (default: ${DEFAULT-VALUE})")
    int expectedRps;

    @Option(names = "--cold-rps", defaultValue = "400",
            description = "requests a second to pre-sign for the curve from cold (its first minute; default: ${DEFAULT-VALUE})")
    int coldRps;

    @Option(names = "--bus-heap", defaultValue = "512m", description = "-Xmx and -Xms of the bus JVM (default: ${DEFAULT-VALUE})")
    String busHeap;

    @Option(names = "--bus-jvm-option", description = "an extra option for the bus JVM, e.g. -XX:StartFlightRecording=...")
    List<String> busJvmOptions = new ArrayList<>();

    @Option(names = "--bus-java-home", description = "run the bus on the JDK in this directory, e.g. /usr/lib/jvm/temurin-25-jdk-amd64"
            + " (default: the bench's own Java)")
    Path busJavaHome;

    @Option(names = "--profile", description = "write a JFR recording of the bus during the closed-loop bus phase to this file")
    Path profile;

    @Option(names = "--scaling", description = {"after the phases, closed loops of 1, 4, 16 and 64 clients, then of answers of 1 KB, 10 KB,",
            "100 KB and 1 MB (the real-estate certificate), SOAP and JSON: throughput and latency against concurrency and size"})
    boolean scaling;

    @Option(names = "--keep", description = "keep the work directory (bus log, journal, database) instead of deleting it at the end")
    boolean keep;

    @Option(names = "--out", defaultValue = "target/bench/latest.json", description = "JSON result (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("GOVBUS_HOME", ".")).toAbsolutePath().normalize();
        return inWorkDirectory("govbus-bench", keep, work -> run(home, work));
    }

    interface InWork {
        Integer run(Path work) throws Exception;
    }

    /** Runs a bench in a fresh temporary directory, deleted afterwards unless {@code keep}. */
    static Integer inWorkDirectory(String prefix, boolean keep, InWork bench) throws Exception {
        Path work = Files.createTempDirectory(prefix);
        say("work directory " + work + (keep ? " (kept)" : " (deleted at the end; --keep keeps it)"));
        try {
            return bench.run(work);
        } finally {
            // a run leaves gigabytes: the message log holds every request and answer, and H2 grows faster than that
            if (!keep) deleteTree(work);
        }
    }

    private Integer run(Path home, Path work) throws Exception {
        Duration duration = Duration.ofSeconds(durationSeconds);
        TestPki pki = TestPki.create(work.resolve("data/pki"));
        try (PopulationRegisterSimulator register = new PopulationRegisterSimulator(0);
             RealEstateSimulator estate = scaling ? new RealEstateSimulator() : null) {
            if (estate != null) estate.start(0);
            int port = freePort();
            Path config = BenchConfig.write(work, port, register.endpoint(), estate);
            Workloads load = new Workloads(pki, BusProcess.soapUrl(port), register.endpoint());
            int coldRound = coldRps * WARMUP_ROUND_SECONDS;
            int coldRounds = Math.min(COLD_ROUNDS, Math.max(1, warmupMaxSeconds / WARMUP_ROUND_SECONDS));
            // before the bus starts: warming the direct path afterwards left the warm bus idle for half a minute
            // before its measured loop
            LoadGenerator.closedLoop("warm-up direct", load.directRequests(expectedRps * warmupSeconds * 4), concurrency,
                    Duration.ofSeconds(warmupSeconds), load::direct, BenchCli::say);
            say("signing " + coldRound * coldRounds + " requests for the bus's first " + coldRounds * WARMUP_ROUND_SECONDS + " s...");
            List<SigningClient.SignedRequest> cold = load.signedRequests(coldRound * coldRounds);
            Path aotCache = aotCache();
            List<String> jvmOptions = new ArrayList<>(busJvmOptions);
            if (aotCache != null) jvmOptions.addAll(List.of("-XX:AOTCache=" + aotCache, "-Xlog:aot*=error")); // as the launcher does
            try (BusProcess bus = BusProcess.start(home, config, port, busHeap, work.resolve("bus.log"), jvmOptions,
                    busJavaHome == null ? null : busJavaHome.toAbsolutePath())) {
                say("bus ready in " + bus.readyMillis() + " ms (pid-local JVM, -Xmx" + busHeap + ")");

                Warmup warm = warmUpBus(bus, load, cold, coldRound, concurrency, warmupSeconds, warmupMaxSeconds);
                cold = null; // hundreds of MB of signed requests, not needed past the warm-up
                long warmMillis = warm.millis();
                // signed after the warm-up, which can outlast the bus's timestamp skew
                int closedInputs = expectedRps * durationSeconds + 2000;
                say("signing " + closedInputs + " requests before the clock starts...");
                List<SigningClient.SignedRequest> measured = load.signedRequests(closedInputs);

                bus.resetHeapMax();
                if (profile != null) bus.flightRecording(profile.toAbsolutePath());
                URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
                DiskGrowth diskWarm = DiskGrowth.measure(metrics, work.resolve("data/db"));
                StageTimes stages0 = StageTimes.scrape(metrics);
                long cpu0 = bus.cpuNanos();
                long jit0 = bus.compileMillis();
                LoadGenerator.Result viaBus = LoadGenerator.closedLoop("bus closed loop", measured, concurrency, duration, load::viaBus, BenchCli::say);
                java.util.Map<String, double[]> stages = new java.util.TreeMap<>(StageTimes.scrape(metrics).since(stages0));
                double busCpu = (bus.cpuNanos() - cpu0) * 100.0 / viaBus.elapsedNanos();
                double busJit = (bus.compileMillis() - jit0) * 1e8 / viaBus.elapsedNanos();
                if (profile != null) {
                    bus.flightRecording(null);
                    say("JFR recording of the bus's closed loop: " + profile.toAbsolutePath());
                }
                LoadGenerator.Result direct = LoadGenerator.closedLoop("direct closed loop",
                        load.directRequests((int) Math.max(100_000, viaBus.rps() * durationSeconds * 8)), concurrency, duration,
                        load::direct, BenchCli::say);

                int openRate = rate > 0 ? rate : Math.max(1, (int) (viaBus.rps() / 2));
                say("signing " + openRate * durationSeconds + " requests for the open loop at " + openRate + "/s...");
                List<SigningClient.SignedRequest> paced = load.signedRequests(openRate * durationSeconds + 10);
                LoadGenerator.Result open = LoadGenerator.openLoop("bus open loop", paced, openRate, duration, load::viaBus, BenchCli::say);
                long heapMax = bus.heapMaxBytes();

                // JSON last, so that the SOAP phases run exactly as before the JSON ingress existed
                LoadGenerator.closedLoop("warm-up bus JSON", load.signedJsonRequests(expectedRps * warmupSeconds * 2), concurrency,
                        Duration.ofSeconds(warmupSeconds), load::viaBusJson, BenchCli::say);
                say("signing " + closedInputs + " JSON requests before the clock starts...");
                List<JsonSigningClient.SignedJson> measuredJson = load.signedJsonRequests(closedInputs);
                long jsonCpu0 = bus.cpuNanos();
                StageTimes jsonStages0 = StageTimes.scrape(metrics);
                LoadGenerator.Result viaBusJson = LoadGenerator.closedLoop("bus JSON closed loop", measuredJson, concurrency, duration,
                        load::viaBusJson, BenchCli::say);
                stages.putAll(StageTimes.scrape(metrics).since(jsonStages0));
                double jsonCpu = (bus.cpuNanos() - jsonCpu0) * 100.0 / viaBusJson.elapsedNanos();

                // before the curves: their answers of up to 1 MB are not the workload whose growth is asked about
                DiskGrowth disk = DiskGrowth.measure(metrics, work.resolve("data/db"));
                java.util.Map<String, double[]> curves = new java.util.LinkedHashMap<>();
                if (estate != null) {
                    ScalingCurves scale = new ScalingCurves(load, metrics, expectedRps, durationSeconds);
                    curves.putAll(scale.concurrency());
                    curves.putAll(scale.answerSizes(estate, concurrency));
                }
                Report report = new Report(viaBus, direct, open, viaBusJson, openRate, busCpu, jsonCpu, busJit, heapMax, bus.readyMillis(),
                        warmMillis, warm.curve(), stages, curves, concurrency, durationSeconds,
                        busJavaHome == null ? "Java " + System.getProperty("java.version") + (aotCache == null ? "" : " + AOT cache")
                                : "Java " + BusProcess.featureVersion(busJavaHome.toAbsolutePath()) + " (" + busJavaHome.getFileName() + ")", disk,
                        disk.since(diskWarm));
                System.out.println();
                System.out.print(report.table());
                Path json = out.isAbsolute() ? out : home.resolve("bench").resolve(out);
                Files.createDirectories(json.getParent());
                Files.writeString(json, report.json());
                say("wrote " + json);
                say("bus data on disk after the run: database " + megabytes(work.resolve("data/db")) + " MB, broker journal "
                        + megabytes(work.resolve("data/broker")) + " MB");
                return viaBus.errors() + direct.errors() + open.errors() + viaBusJson.errors() == 0 ? 0 : 1;
            }
        }
    }

    /**
     * The AOT cache `govbus run` would start the bus with ({@code GOVBUS_AOT_CACHE}, set by the launcher when
     * {@code ./govbus aot} made one for this JDK and these jars), or null: none, another JDK for the bus, or a training run.
     */
    private Path aotCache() {
        String cache = System.getenv("GOVBUS_AOT_CACHE");
        if (cache == null || busJavaHome != null || busJvmOptions.stream().anyMatch(o -> o.startsWith("-XX:AOTCache"))) return null;
        Path path = Path.of(cache);
        if (!Files.isRegularFile(path)) return null;
        say("the bus starts with the AOT cache " + path + " (as govbus run does; remove it to measure without)");
        return path;
    }

    /** How long the warm-up took, and the bus's throughput in each of its rounds from the bus's start. */
    record Warmup(long millis, List<Double> curve) {}

    /**
     * Sends signed requests through the bus until its JIT has compiled what the path needs: at least
     * {@code warmupSeconds}, then round by round until compiling has taken less than
     * {@link #JIT_QUIET_PERCENT} % of a core for two rounds in a row, up to {@code warmupMaxSeconds}. On 2 cores that takes minutes, and
     * until then a measurement shows the compiler more than the bus. The first rounds send {@code cold}, pre-signed
     * ({@code perRound} each), so that their throughput is the bus's from a cold start: the warm-up curve.
     */
    static Warmup warmUpBus(BusProcess bus, Workloads load, List<SigningClient.SignedRequest> cold, int perRound, int concurrency,
                            int warmupSeconds, int warmupMaxSeconds) throws InterruptedException {
        List<SigningClient.SignedRequest> onDemand = load.signedOnDemand();
        List<Double> curve = new ArrayList<>();
        long started = System.nanoTime();
        int quietRounds = 0;
        for (int round = 0; ; round++) {
            long jit0 = bus.compileMillis();
            long round0 = System.nanoTime();
            boolean preSigned = (round + 1) * perRound <= cold.size();
            List<SigningClient.SignedRequest> inputs = preSigned ? cold.subList(round * perRound, (round + 1) * perRound) : onDemand;
            LoadGenerator.Result r = LoadGenerator.closedLoop("warm-up bus", inputs, concurrency, Duration.ofSeconds(WARMUP_ROUND_SECONDS),
                    load::viaBus, BenchCli::say);
            if (preSigned) {
                curve.add(r.rps());
                if (r.ranOutOfInputs()) say("the bus took all " + perRound + " pre-signed requests of this round early: raise --cold-rps");
            }
            double jitPercent = (bus.compileMillis() - jit0) * 1e8 / (System.nanoTime() - round0);
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            say(String.format(java.util.Locale.ROOT, "bus JIT compiling %.0f %% of a core in the last round", jitPercent));
            // one quiet round can be a lull between two bursts of compiling: two in a row
            quietRounds = jitPercent < JIT_QUIET_PERCENT ? quietRounds + 1 : 0;
            if (elapsed >= warmupSeconds * 1000L && quietRounds >= 2) return new Warmup(elapsed, curve);
            if (elapsed >= warmupMaxSeconds * 1000L) {
                say("bus JIT still busy after --warmup-max " + warmupMaxSeconds + " s; measuring anyway");
                return new Warmup(elapsed, curve);
            }
        }
    }

    private static long megabytes(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (var paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() >> 20;
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }

    static void say(String line) { System.out.println("bench: " + line); }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static void main(String[] args) {
        // the bus and the simulators close a connection idle for 30 s, and the JDK 25 client kept one for
        // exactly as long: now and then it sent a request on a connection closed under it ("header parser received no
        // bytes"). Closing idle connections first removes the race instead of retrying signed requests.
        System.setProperty("jdk.httpclient.keepalive.timeout", "20");
        System.exit(new CommandLine(new BenchCli()).execute(args));
    }
}
