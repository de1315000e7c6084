package org.govbus.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The bench's result as a table for people and as JSON for scripts. */
record Report(LoadGenerator.Result viaBus, LoadGenerator.Result direct, LoadGenerator.Result open, LoadGenerator.Result viaBusJson,
              int openRate, double busCpuPercent, double jsonCpuPercent, double busJitPercent, long busHeapMaxBytes, long busReadyMillis, long warmupMillis,
              java.util.List<Double> warmupCurve, Map<String, double[]> stages, Map<String, double[]> scaling, int concurrency,
              int durationSeconds, String busJava, DiskGrowth disk, DiskGrowth diskMeasured) {
    /** "warm" means this share of the steady state's closed-loop throughput */
    static final double WARM_SHARE = 0.8;
    static final int ROUND_SECONDS = 10;

    double ratio() { return viaBus.rps() / direct.rps(); }

    /** Seconds from the bus's start to the end of the first 10 s round at 80 % of its steady state; -1 when none in the curve (its first minute, or less with a shorter --warmup-max). */
    int warmAfterSeconds() {
        for (int i = 0; i < warmupCurve.size(); i++) if (warmupCurve.get(i) >= WARM_SHARE * viaBus.rps()) return (i + 1) * ROUND_SECONDS;
        return -1;
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-34s %10s %9s %9s %9s %9s %7s%n", "phase", "rps", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"));
        for (LoadGenerator.Result r : new LoadGenerator.Result[] {viaBus, direct, open, viaBusJson}) {
            String name = r == open ? r.name() + " @" + openRate + "/s" : r.name() + " c=" + concurrency;
            b.append(String.format(Locale.ROOT, "%-34s %10.0f %9.2f %9.2f %9.2f %9.2f %7d%s%n", name, r.rps(), r.ms(50), r.ms(90),
                    r.ms(99), r.maxMs(), r.errors(), r.ranOutOfInputs() ? "  (ran out of pre-signed requests: raise --expected-rps)" : ""));
        }
        b.append(String.format(Locale.ROOT, "bus/direct throughput ratio        %.2f (JSON %.2f)%n", ratio(), viaBusJson.rps() / direct.rps()));
        b.append(String.format(Locale.ROOT, "bus CPU (closed loop)              %.0f %% of one core (%d cores here)%n", busCpuPercent,
                Runtime.getRuntime().availableProcessors()));
        b.append(String.format(Locale.ROOT, "  of which JIT compiling            %.0f %% of one core (after %d s of warm-up)%n", busJitPercent,
                warmupMillis / 1000));
        b.append(String.format(Locale.ROOT, "bus CPU (JSON closed loop)         %.0f %% of one core%n", jsonCpuPercent));
        b.append(String.format(Locale.ROOT, "bus heap, most in use              %d MB%n", busHeapMaxBytes / (1024 * 1024)));
        b.append(String.format(Locale.ROOT, "bus ready after start              %d ms (on %s)%n", busReadyMillis, busJava));
        b.append(String.format(Locale.ROOT, "bus from cold, rps per %d s         %s%n", ROUND_SECONDS,
                warmupCurve.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).collect(Collectors.joining(" "))));
        b.append("time per pipeline stage in the measured closed loops (the bus's own histograms' bucket bounds; 1.05 ms = at most that):")
                .append(System.lineSeparator());
        b.append(StageTimes.table(stages));
        b.append(String.format(Locale.ROOT, "database per request               %.1f KB for %.1f KB logged: %.2f x (%,d requests, %d MB)%n",
                disk.databasePerRequest() / 1024, disk.loggedPerRequest() / 1024, disk.ratio(), disk.requests(), disk.databaseBytes() >> 20));
        b.append(String.format(Locale.ROOT, "  in the measured phases (warm)    %.1f KB for %.1f KB logged: %.2f x (%,d requests, +%d MB)%n",
                diskMeasured.databasePerRequest() / 1024, diskMeasured.loggedPerRequest() / 1024, diskMeasured.ratio(),
                diskMeasured.requests(), diskMeasured.databaseBytes() >> 20));
        int warm = warmAfterSeconds();
        b.append(String.format(Locale.ROOT, "  80 %% of steady state reached     %s%n", warm < 0
                ? "not within the first " + warmupCurve.size() * ROUND_SECONDS + " s" : "after " + warm + " s"));
        if (!scaling.isEmpty()) b.append("scaling with concurrency (person-by-iin) and answer size (real-estate-by-iin, "
                + concurrency + " clients), closed loops:").append(System.lineSeparator());
        scaling.forEach((key, v) -> b.append(String.format(Locale.ROOT, "  %-32s %8.0f rps   p50 %8.2f ms   p99 %8.2f ms   %,d errors%s%n", key,
                v[0], v[1], v[2], (long) v[3], v.length > 4 ? String.format(Locale.ROOT, "   answer %,d bytes", (long) v[4]) : "")));
        return b.toString();
    }

    String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bus_rps", round(viaBus.rps()));
        m.put("direct_rps", round(direct.rps()));
        m.put("ratio", round(ratio()));
        // the latency targets are about a bus at half its maximum throughput: the open loop
        m.put("p50_ms", round(open.ms(50)));
        m.put("p90_ms", round(open.ms(90)));
        m.put("p99_ms", round(open.ms(99)));
        m.put("max_ms", round(open.maxMs()));
        m.put("open_rate", openRate);
        m.put("closed_p50_ms", round(viaBus.ms(50)));
        m.put("closed_p99_ms", round(viaBus.ms(99)));
        m.put("direct_p50_ms", round(direct.ms(50)));
        m.put("direct_p99_ms", round(direct.ms(99)));
        m.put("json_rps", round(viaBusJson.rps()));
        m.put("json_ratio", round(viaBusJson.rps() / direct.rps()));
        m.put("json_closed_p50_ms", round(viaBusJson.ms(50)));
        m.put("json_closed_p99_ms", round(viaBusJson.ms(99)));
        m.put("json_cpu_percent", round(jsonCpuPercent));
        m.put("errors", viaBus.errors() + direct.errors() + open.errors() + viaBusJson.errors());
        m.put("bus_heap_max_mb", busHeapMaxBytes / (1024 * 1024));
        m.put("bus_cpu_percent", round(busCpuPercent));
        m.put("bus_jit_percent", round(busJitPercent));
        m.put("warmup_s", warmupMillis / 1000);
        m.put("bus_ready_ms", busReadyMillis);
        m.put("warmup_curve_rps", warmupCurve.stream().map(Report::round).toList());
        m.put("warm_80_s", warmAfterSeconds());
        m.put("db_bytes_per_request", Math.round(disk.databasePerRequest()));
        m.put("logged_bytes_per_request", Math.round(disk.loggedPerRequest()));
        m.put("db_growth_ratio", round(disk.ratio()));
        m.put("db_growth_ratio_measured_phases", round(diskMeasured.ratio()));
        m.put("db_bytes_per_request_measured_phases", Math.round(diskMeasured.databasePerRequest()));
        scaling.forEach((key, v) -> {
            // "soap c=16" -> scaling_soap_c16, "json 100 KB" -> scaling_json_100KB
            String name = "scaling_" + key.replace(" c=", "_c").replace(" KB", "KB").replace(" MB", "MB").replace(' ', '_');
            m.put(name + "_rps", round(v[0]));
            m.put(name + "_p50_ms", round(v[1]));
            m.put(name + "_p99_ms", round(v[2]));
            m.put(name + "_errors", (long) v[3]);
            if (v.length > 4) m.put(name + "_answer_bytes", (long) v[4]);
        });
        stages.forEach((key, v) -> {
            String name = "stage_" + key.replace(' ', '_').replace('-', '_');
            m.put(name + "_p50_ms", round(v[0]));
            m.put(name + "_p99_ms", round(v[1]));
        });
        m.put("concurrency", concurrency);
        m.put("duration_s", durationSeconds);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.version"));
        m.put("bus_java", busJava);
        return m.entrySet().stream().map(e -> "  \"" + e.getKey() + "\": " + (e.getValue() instanceof String s ? "\"" + s + "\""
                        : e.getValue() instanceof java.util.List<?> l ? l.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"))
                        : e.getValue()))
                .collect(Collectors.joining(",\n", "{\n", "\n}\n"));
    }

    private static double round(double v) { return Math.round(v * 100) / 100.0; }
}
