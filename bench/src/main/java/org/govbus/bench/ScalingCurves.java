package org.govbus.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.govbus.adapter.realestate.simulator.RealEstateSimulator;
import org.govbus.core.id.Iin;
import org.govbus.core.id.ServiceId;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.fixtures.SigningClient;

/**
 * What growth costs: closed loops of 1 to 64 clients on the person record, and answers of 1 KB to 1 MB — the
 * certificate of real estate of people holding ever more flats, read by the bus from the registry's database. Each
 * point is {rps, p50 ms, p99 ms, errors} and, for the sizes, the answer's bytes on the wire (-1: its first request failed).
 */
final class ScalingCurves {
    static final ServiceId HOLDINGS = ServiceId.parse("KZ/GOV/MJ/gbd-rn/real-estate-by-iin/v1");
    static final int[] CLIENTS = {1, 4, 16, 64};
    static final int[] ANSWER_KB = {1, 10, 100, 1024};
    /** one flat in the certificate's canonical XML (measured: ~400 bytes); the bench reports the real size */
    private static final int BYTES_PER_FLAT = 400;
    private static final Duration SIZE_WARMUP = Duration.ofSeconds(5);

    private final Workloads load;
    private final URI metrics;
    private final int expectedRps;
    private final Duration duration;

    ScalingCurves(Workloads load, URI metrics, int expectedRps, int durationSeconds) {
        this.load = load;
        this.metrics = metrics;
        this.expectedRps = expectedRps;
        this.duration = Duration.ofSeconds(durationSeconds);
    }

    /** "soap c=N" and "json c=N" for N = 1, 4, 16, 64: {rps, p50 ms, p99 ms} of a closed loop of N clients. */
    Map<String, double[]> concurrency() throws InterruptedException {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int clients : CLIENTS) {
            int inputs = (int) (expectedRps * duration.toSeconds() + 2000);
            BenchCli.say("scaling: signing " + inputs + " requests for " + clients + " client(s), SOAP then JSON...");
            LoadGenerator.Result soap = LoadGenerator.closedLoop("bus closed loop", load.signedRequests(inputs), clients, duration,
                    load::viaBus, BenchCli::say);
            out.put("soap c=" + clients, point(soap));
            LoadGenerator.Result json = LoadGenerator.closedLoop("bus JSON closed loop", load.signedJsonRequests(inputs), clients, duration,
                    load::viaBusJson, BenchCli::say);
            out.put("json c=" + clients, point(json));
        }
        return out;
    }

    /**
     * "soap N KB" and "json N KB": the certificate of a person given enough flats for an answer of about N KB, in a
     * closed loop of {@code clients}, after 5 s unmeasured at that size (its first answers compile new paths).
     */
    Map<String, double[]> answerSizes(RealEstateSimulator registry, int clients) throws Exception {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < ANSWER_KB.length; i++) {
            int kb = ANSWER_KB[i];
            String iin = holder(i);
            registry.holdings(iin, "Держатель " + kb + " КБ", Math.max(1, kb * 1024 / BYTES_PER_FLAT));
            byte[] xml = ("<h:realEstateByIinRequest xmlns:h=\"urn:govbus:service:gbd-rn:real-estate-by-iin:v1\"><h:iin>" + iin
                    + "</h:iin></h:realEstateByIinRequest>").getBytes(StandardCharsets.UTF_8);
            byte[] json = ("{\"iin\":\"" + iin + "\"}").getBytes(StandardCharsets.UTF_8);
            String label = kb >= 1024 ? kb / 1024 + " MB" : kb + " KB";

            int soapBytes = probe(label, () -> load.answerViaBus(load.signedRequests(HOLDINGS, xml, 1).get(0)));
            LoadGenerator.Result warm = LoadGenerator.closedLoop("size warm-up", load.signedRequests(HOLDINGS, xml, inputs(expectedRps, SIZE_WARMUP)),
                    clients, SIZE_WARMUP, load::viaBus, BenchCli::say);
            List<SigningClient.SignedRequest> soap = load.signedRequests(HOLDINGS, xml, inputs(warm.rps(), duration));
            BenchCli.say("answer size " + label + ": SOAP answers of " + soapBytes + " bytes, " + soap.size() + " requests signed");
            out.put("soap " + label, point(withStages("soap", () -> LoadGenerator.closedLoop("bus closed loop " + label, soap, clients,
                    duration, load::viaBus, BenchCli::say)), soapBytes));

            int jsonBytes = probe(label, () -> load.answerViaBusJson(load.signedJsonRequests(HOLDINGS, json, 1).get(0)));
            LoadGenerator.Result warmJson = LoadGenerator.closedLoop("size warm-up JSON",
                    load.signedJsonRequests(HOLDINGS, json, inputs(expectedRps, SIZE_WARMUP)), clients, SIZE_WARMUP, load::viaBusJson, BenchCli::say);
            List<JsonSigningClient.SignedJson> jsonRequests = load.signedJsonRequests(HOLDINGS, json, inputs(warmJson.rps(), duration));
            BenchCli.say("answer size " + label + ": JSON answers of " + jsonBytes + " bytes");
            out.put("json " + label, point(withStages("json", () -> LoadGenerator.closedLoop("bus JSON closed loop " + label, jsonRequests,
                    clients, duration, load::viaBusJson, BenchCli::say)), jsonBytes));
        }
        return out;
    }

    private interface Loop {
        LoadGenerator.Result run() throws InterruptedException;
    }

    /** Runs a loop and says where the bus spent its time: the p50 of each stage of {@code format} during it. */
    private LoadGenerator.Result withStages(String format, Loop loop) throws Exception {
        StageTimes before = StageTimes.scrape(metrics);
        LoadGenerator.Result r = loop.run();
        Map<String, double[]> stages = StageTimes.scrape(metrics).since(before);
        BenchCli.say("  stage p50 ms: " + stages.entrySet().stream().filter(e -> e.getKey().startsWith(format + " "))
                .map(e -> e.getKey().substring(format.length() + 1) + " " + String.format(java.util.Locale.ROOT, "%.1f", e.getValue()[0]))
                .collect(java.util.stream.Collectors.joining(", ")) + (r.errors() > 0 ? "; " + r.errors() + " errors" : ""));
        return r;
    }

    /** Enough requests for {@code rps} over {@code time} with room to spare, without signing ten thousand for a 1 MB loop. */
    private static int inputs(double rps, Duration time) { return (int) (Math.max(rps, 20) * 2 * time.toSeconds()) + 200; }

    /** a valid IIN of nobody in the synthetic registry: born 1 January 1970, serial 3000i */
    static String holder(int i) {
        String first11 = "7001013000" + i;
        int check = Iin.checkDigit(first11);
        if (check < 0) throw new IllegalStateException(first11 + " has no valid check digit");
        return first11 + check;
    }

    private interface Probe {
        int answerBytes() throws Exception;
    }

    /** One request's answer size, or -1 when it failed: one size that fails must not cost the run its report. */
    private static int probe(String label, Probe probe) {
        try {
            return probe.answerBytes();
        } catch (Exception e) {
            BenchCli.say("answer size " + label + ": the first request failed (" + e + ")");
            return -1;
        }
    }

    /** {rps, p50 ms, p99 ms, errors}: a failed request counts in neither the throughput nor the latency, so it is shown. */
    private static double[] point(LoadGenerator.Result r) { return new double[] {r.rps(), r.ms(50), r.ms(99), r.errors()}; }

    private static double[] point(LoadGenerator.Result r, int answerBytes) {
        return new double[] {r.rps(), r.ms(50), r.ms(99), r.errors(), answerBytes};
    }
}
