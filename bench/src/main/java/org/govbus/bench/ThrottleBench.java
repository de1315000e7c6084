package org.govbus.bench;

import static org.govbus.bench.BenchCli.say;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.govbus.core.pki.DemoPki;
import org.govbus.adapter.populationregister.simulator.PopulationRegisterSimulator;
import org.govbus.fixtures.SigningClient;
import org.govbus.fixtures.TestPki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code govbus bench throttle}: one client system floods the bus far past its quota while another sends at a steady
 * rate; the steady client's latency is compared with the same rate sent alone. The flood is refused with
 * Client.Throttled after its signature is verified, so what it can still take from the others is CPU, not the log,
 * the broker or the agency.
 */
@Command(name = "throttle", mixinStandardHelpOptions = true,
        description = "Open-loop latency of the portal at a fixed rate, alone and beside a PSC flooding past its quota;"
                + " exit 1 when the flood got more than its quota through or the portal's p99 beside it exceeds twice its p99"
                + " alone (the worse of before and after) plus 10 ms.")
final class ThrottleBench implements Callable<Integer> {
    private static final int FLOOD_INPUTS = 4000;

    @Option(names = {"-r", "--rate"}, defaultValue = "100", description = "the portal's requests a second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = {"-d", "--duration"}, defaultValue = "20", description = "seconds of each phase (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--flooders", defaultValue = "2", description = "PSC client threads sending back to back (default: ${DEFAULT-VALUE})")
    int flooders;

    @Option(names = "--quota", defaultValue = "10", description = "the PSC's quota, requests a second (default: ${DEFAULT-VALUE})")
    int quota;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("GOVBUS_HOME", ".")).toAbsolutePath().normalize();
        return BenchCli.inWorkDirectory("govbus-bench-throttle", false, work -> run(home, work));
    }

    private Integer run(Path home, Path work) throws Exception {
        Duration duration = Duration.ofSeconds(durationSeconds);
        TestPki pki = TestPki.create(work.resolve("data/pki"));
        try (PopulationRegisterSimulator register = new PopulationRegisterSimulator(0)) {
            int port = BenchCli.freePort();
            Path config = BenchConfig.write(work, port, register.endpoint(), "allowedClients: [KZ/GOV/EGOV/portal, KZ/GOV/CSC/psc]\n"
                    + "    quotas: {KZ/GOV/CSC/psc: {rate: " + quota + ", burst: " + quota + "}}");
            try (BusProcess bus = BusProcess.start(home, config, port, "512m", work.resolve("bus.log"), List.of())) {
                URI soap = BusProcess.soapUrl(port);
                Workloads load = new Workloads(pki, soap, register.endpoint());
                BenchCli.warmUpBus(bus, load, List.of(), 1, 4, 30, 300);
                SigningClient psc = new SigningClient(pki.key(DemoPki.PSC), DemoPki.PSC);
                say("signing " + FLOOD_INPUTS + " flood requests and " + 2 * rate * durationSeconds + " steady ones...");
                List<byte[]> flood = IntStream.range(0, FLOOD_INPUTS).parallel()
                        .mapToObj(i -> psc.request(Workloads.SERVICE, Workloads.payload(i)).bytes()).toList();

                // alone before and after the flood: the difference between the two is the noise the flood is judged against
                LoadGenerator.Result before = LoadGenerator.openLoop("portal alone", load.signedRequests(rate * durationSeconds + 10), rate,
                        duration, load::viaBus, BenchCli::say);
                Flood running = new Flood(soap, flood, flooders);
                LoadGenerator.Result beside = LoadGenerator.openLoop("portal beside the flood", load.signedRequests(rate * durationSeconds + 10),
                        rate, duration, load::viaBus, BenchCli::say);
                double seconds = running.stop();
                LoadGenerator.Result after = LoadGenerator.openLoop("portal alone again", load.signedRequests(rate * durationSeconds + 10), rate,
                        duration, load::viaBus, BenchCli::say);

                System.out.printf(Locale.ROOT, "%n%-26s %9s %9s %9s %9s%n", "portal at " + rate + "/s", "p50 ms", "p99 ms", "max ms", "errors");
                for (LoadGenerator.Result r : List.of(before, beside, after)) {
                    System.out.printf(Locale.ROOT, "%-26s %9.2f %9.2f %9.2f %9d%n", r.name(), r.ms(50), r.ms(99), r.maxMs(), r.errors());
                }
                System.out.printf(Locale.ROOT, "flood: %d threads for %.1f s, %.0f requests/s, %.1f/s admitted (quota %d/s, burst %d),"
                                + " %.0f/s throttled (429), %d replays of admitted requests sent again (409) or other%n",
                        flooders, seconds, running.sent.get() / seconds, running.admitted.get() / seconds, quota, quota,
                        running.throttled.get() / seconds, running.other.get());

                List<String> failures = new ArrayList<>();
                double aloneP99 = Math.max(before.ms(99), after.ms(99));
                if (before.errors() + beside.errors() + after.errors() > 0) failures.add("the portal got errors");
                if (running.admitted.get() > quota * seconds + quota + 1) failures.add("the flood got more than its quota through");
                if (beside.ms(99) > 2 * aloneP99 + 10) failures.add("the portal's p99 beside the flood is more than twice its p99 alone + 10 ms");
                failures.forEach(f -> System.out.println("FAILED: " + f));
                if (failures.isEmpty()) System.out.println("PASSED");
                return failures.isEmpty() ? 0 : 1;
            }
        }
    }

    /** Client threads sending the PSC's requests back to back, cycling through them, counting what comes back. */
    private static final class Flood {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong admitted = new AtomicLong();
        final AtomicLong throttled = new AtomicLong();
        final AtomicLong other = new AtomicLong();
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private final long started = System.nanoTime();

        Flood(URI soap, List<byte[]> requests, int threads) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            AtomicLong next = new AtomicLong();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    while (!stopping.get()) {
                        byte[] body = requests.get((int) (next.getAndIncrement() % requests.size()));
                        try {
                            int status = http.send(HttpRequest.newBuilder(soap).timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", "text/xml; charset=utf-8").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                            (status == 200 ? admitted : status == 429 ? throttled : other).incrementAndGet();
                        } catch (Exception e) {
                            other.incrementAndGet();
                        }
                        sent.incrementAndGet();
                    }
                }, "flood-" + t);
                thread.setDaemon(true);
                thread.start();
                this.threads.add(thread);
            }
        }

        /** Stops it; the seconds it ran. */
        double stop() throws InterruptedException {
            stopping.set(true);
            for (Thread t : threads) t.join(30_000);
            return (System.nanoTime() - started) / 1e9;
        }
    }
}
