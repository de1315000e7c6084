package org.govbus.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Bus nodes in child JVMs ({@code govbus run}), each one's output appended to a log file of its own: for what only a
 * separate process shows, a {@code kill -9} or a second process on the same data.
 */
final class NodeProcesses {
    static final Duration READY = Duration.ofSeconds(60);

    private NodeProcesses() {}

    /** Starts {@code govbus run --config config} without waiting for it; its output goes to {@code log}. */
    static Process launch(Path home, Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder b = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.govbus.app.GovBusCli", "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().putAll(Map.of("GOVBUS_HOME", home.toString()));
        return b.start();
    }

    /**
     * Starts a node and returns once it says it is ready and its {@code /health} on {@code port} answers 200; a node
     * not ready in {@link #READY} is killed, its log and threads kept beside the test reports.
     */
    static Process start(Path home, Path config, int port, Path log) throws Exception {
        long readyBefore = readyLines(log);
        Process p = launch(home, config, log);
        long until = System.nanoTime() + READY.toNanos();
        String last = "no answer";
        while (System.nanoTime() < until) {
            if (!p.isAlive()) throw new IllegalStateException("the node exited: " + Files.readString(log));
            // the node says it is ready once its HTTP paths are all published; only then is /health asked
            if (readyLines(log) > readyBefore) {
                try {
                    HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) return p;
                    last = health.statusCode() + " " + health.body();
                } catch (IOException notYet) {
                    last = notYet.toString();
                }
            }
            Thread.sleep(200);
        }
        // kept beside the test reports, for the node's threads tell why it did not come up
        Path report = Path.of("target", "surefire-reports", "node-" + p.pid() + ".txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, Files.readString(log) + "\n--- threads\n" + threadDump(p));
        p.destroyForcibly();
        String text = Files.readString(log);
        throw new IllegalStateException("the node was not ready in " + READY + " (/health: " + last + "): "
                + text.substring(Math.max(0, text.length() - 3000)) + "\n(the node's log and threads: " + report.toAbsolutePath() + ")");
    }

    private static long readyLines(Path log) throws IOException {
        if (!Files.exists(log)) return 0;
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(" ready in ")).count();
        }
    }

    /** What the node's threads are doing, for a start that did not finish. */
    private static String threadDump(Process p) {
        try {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(), Long.toString(p.pid()))
                    .redirectErrorStream(true).start();
            return new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "no thread dump: " + e;
        }
    }
}
