package org.govbus.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What keeping the message log costs on disk: the embedded database's size against the payload bytes the bus logged
 * (its {@code govbus_log_payload_bytes_total} and {@code govbus_log_requests_total}), over the whole run. The target:
 * at most twice the bytes logged.
 */
record DiskGrowth(long requests, long loggedBytes, long databaseBytes) {
    private static final Pattern COUNTER = Pattern.compile("^(govbus_log_payload_bytes_total|govbus_log_requests_total)(?:\\{[^}]*})? ([0-9.eE+-]+)$");

    static DiskGrowth measure(URI metrics, Path databaseDir) throws IOException, InterruptedException {
        String text = StageTimes.text(metrics);
        long requests = -1;
        long bytes = -1;
        for (String line : text.split("\n")) {
            Matcher m = COUNTER.matcher(line);
            if (!m.matches()) continue;
            long value = (long) Double.parseDouble(m.group(2));
            if (m.group(1).startsWith("govbus_log_requests")) requests = value; else bytes = value;
        }
        // a renamed metric must not read as a database that costs nothing
        if (requests < 0 || bytes < 0) throw new IllegalStateException("the bus's /metrics has no govbus_log_requests_total or govbus_log_payload_bytes_total");
        return new DiskGrowth(requests, bytes, sizeOf(databaseDir));
    }

    /** The H2 files only (not its trace or the node's port and secret files), listed once: a live directory changes. */
    private static long sizeOf(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".mv.db")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /**
     * What was logged and how the file grew between {@code earlier} and this: the growth per request of a warm node,
     * without the start's empty file and the warm-up's first 45 s (H2's retention time, before any space is reused).
     */
    DiskGrowth since(DiskGrowth earlier) {
        return new DiskGrowth(requests - earlier.requests, loggedBytes - earlier.loggedBytes, databaseBytes - earlier.databaseBytes);
    }

    double loggedPerRequest() { return requests == 0 ? 0 : (double) loggedBytes / requests; }

    double databasePerRequest() { return requests == 0 ? 0 : (double) databaseBytes / requests; }

    /** Database bytes per byte logged; 0 when nothing was logged. */
    double ratio() { return loggedBytes == 0 ? 0 : (double) databaseBytes / loggedBytes; }
}
