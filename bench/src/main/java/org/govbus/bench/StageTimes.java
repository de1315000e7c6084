package org.govbus.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bus's time per pipeline stage during one phase, from its own histograms ({@code govbus_stage_seconds} on
 * {@code /metrics}, recorded by the pipeline's listener hook): the bucket counts before and after the phase, and the
 * p50 and p99 of the difference, per format and stage. A bucket's upper bound stands for the values in it, so a
 * percentile is at most one bucket high (Micrometer's bounds from 1.05 ms to 30 s are 9–33 % apart).
 */
final class StageTimes {
    private static final Pattern BUCKET = Pattern.compile(
            "^govbus_stage_seconds_bucket\\{(?=.*format=\"([^\"]+)\")(?=.*stage=\"([^\"]+)\")(?=.*le=\"([^\"]+)\").*} ([0-9.eE+-]+)$");

    /** cumulative count by "format stage" and then bucket bound in seconds */
    private final Map<String, TreeMap<Double, Double>> buckets;

    private StageTimes(Map<String, TreeMap<Double, Double>> buckets) { this.buckets = buckets; }

    /** What the bus's histograms hold now. */
    static StageTimes scrape(URI metrics) throws IOException, InterruptedException {
        String text = text(metrics);
        Map<String, TreeMap<Double, Double>> buckets = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = BUCKET.matcher(line);
            if (!m.matches()) continue;
            double le = "+Inf".equals(m.group(3)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(3));
            buckets.computeIfAbsent(m.group(1) + " " + m.group(2), k -> new TreeMap<>()).put(le, Double.parseDouble(m.group(4)));
        }
        return new StageTimes(buckets);
    }

    /** The bus's /metrics as Prometheus text. */
    static String text(URI metrics) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Per "format stage": {p50 ms, p99 ms, count} of what was recorded between {@code before} and this. */
    Map<String, double[]> since(StageTimes before) {
        Map<String, double[]> out = new TreeMap<>();
        buckets.forEach((key, now) -> {
            TreeMap<Double, Double> then = before.buckets.getOrDefault(key, new TreeMap<>());
            double total = now.lastEntry().getValue() - then.getOrDefault(now.lastKey(), 0.0);
            if (total <= 0) return;
            out.put(key, new double[] {percentile(now, then, total, 0.50), percentile(now, then, total, 0.99), total});
        });
        return out;
    }

    /** In ms; a percentile beyond the last finite bucket is given as that bucket's bound (JSON has no infinity). */
    private static double percentile(TreeMap<Double, Double> now, TreeMap<Double, Double> then, double total, double q) {
        double lastFinite = 0;
        for (Map.Entry<Double, Double> e : now.entrySet()) {
            if (e.getKey().isInfinite()) break;
            lastFinite = e.getKey();
            if (e.getValue() - then.getOrDefault(e.getKey(), 0.0) >= q * total) return e.getKey() * 1000;
        }
        return lastFinite * 1000;
    }

    /** The table's lines: a format and stage each. */
    static String table(Map<String, double[]> stages) {
        StringBuilder b = new StringBuilder();
        stages.forEach((key, v) -> b.append(String.format(Locale.ROOT, "  %-32s p50 %8.2f ms   p99 %8.2f ms   (%.0f)%n", key, v[0], v[1], v[2])));
        return b.toString();
    }
}
