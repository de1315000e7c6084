package org.govbus.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The bus under test, as an operator runs it: {@code govbus run} in a JVM of its own, so that its CPU and
 * heap are its own and not the load generator's. Samples both through the JVM's local management agent.
 */
final class BusProcess implements AutoCloseable {
    private final Process process;
    private final long readyMillis;
    private final JMXConnector jmx;
    private final MBeanServerConnection mbeans;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bus-sampler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong heapMaxBytes = new AtomicLong();
    private final boolean training;

    private BusProcess(Process process, long readyMillis, JMXConnector jmx, boolean training) throws IOException {
        this.process = process;
        this.training = training;
        this.readyMillis = readyMillis;
        this.jmx = jmx;
        this.mbeans = jmx.getMBeanServerConnection();
        sampler.scheduleAtFixedRate(this::sampleHeap, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Starts {@code govbus run --config config} with the given heap and waits until its HTTP port answers. */
    static BusProcess start(Path home, Path config, int port, String maxHeap, Path logFile, List<String> jvmOptions) throws Exception {
        return start(home, config, port, maxHeap, logFile, jvmOptions, null);
    }

    /** The same on the {@code java} at {@code javaHome} (a JDK's directory), or on the bench's own Java when null. */
    static BusProcess start(Path home, Path config, int port, String maxHeap, Path logFile, List<String> jvmOptions, Path javaHome)
            throws Exception {
        Path jar = home.resolve("app/target/govbus.jar");
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: build first (./govbus bench does)");
        Path jdk = javaHome == null ? Path.of(System.getProperty("java.home")) : javaHome;
        // as the launcher runs it: G1 regions in which H2's pooled chunk buffers (up to 3 MB) are not humongous, short pauses
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(), "-Xmx" + maxHeap, "-Xms" + maxHeap,
                "-XX:+UseG1GC", "-XX:G1HeapRegionSize=8m", "-XX:MaxGCPauseMillis=10"));
        // as the launcher does: from 24 on the JDK warns at Netty's off-heap memory and native library
        if (featureVersion(jdk) >= 24) cmd.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        // as the launcher runs it: the node, its libraries, and the adapters found in adapters/target/lib
        String classpath = String.join(java.io.File.pathSeparator, jar.toString(), home.resolve("app/target/lib/*").toString(),
                home.resolve("adapters/target/lib/*").toString());
        cmd.addAll(List.of("-cp", classpath, "org.govbus.app.GovBusCli", "run", "--config", config.toString()));
        long started = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile())
                .directory(home.toFile()).start();
        while (!listening(port)) {
            if (!p.isAlive()) throw new IllegalStateException("the bus exited at start; see " + logFile);
            if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(60)) {
                p.destroyForcibly();
                throw new IllegalStateException("the bus did not open port " + port + " within 60 s; see " + logFile);
            }
            Thread.sleep(20);
        }
        long ready = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        VirtualMachine vm = VirtualMachine.attach(Long.toString(p.pid()));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        return new BusProcess(p, ready, JMXConnectorFactory.connect(new JMXServiceURL(address)),
                jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:AOTCacheOutput")));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The JDK's feature version from its {@code release} file (17 when it cannot be read). */
    static int featureVersion(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^JAVA_VERSION=\"(\\d+)").matcher(line);
                if (m.find()) return Integer.parseInt(m.group(1));
            }
        } catch (IOException e) {
            // a JDK without its release file: taken as the oldest the bus runs on
        }
        return 17;
    }

    /** Starts (file != null) or stops a JFR recording in the bus, with jcmd from the same JDK. */
    void flightRecording(Path file) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        List<String> cmd = file != null
                ? List.of(jcmd, Long.toString(process.pid()), "JFR.start", "name=bench", "settings=profile", "filename=" + file)
                : List.of(jcmd, Long.toString(process.pid()), "JFR.stop", "name=bench");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) throw new IllegalStateException("jcmd " + String.join(" ", cmd.subList(2, cmd.size())) + " failed");
    }

    /** From process start to the SOAP port accepting connections. */
    long readyMillis() { return readyMillis; }

    /** CPU time the bus process has used so far, in nanoseconds. */
    long cpuNanos() {
        try {
            return (Long) mbeans.getAttribute(new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the bus's CPU time", e);
        }
    }

    /** Milliseconds the bus's JIT compilers have worked so far. */
    long compileMillis() {
        try {
            return (Long) mbeans.getAttribute(new ObjectName(ManagementFactory.COMPILATION_MXBEAN_NAME), "TotalCompilationTime");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the bus's compilation time", e);
        }
    }

    /** The largest heap in use seen since the last reset, sampled every 100 ms. */
    long heapMaxBytes() { return heapMaxBytes.get(); }

    void resetHeapMax() { heapMaxBytes.set(0); }

    /**
     * The heap the bus still holds after full collections: what it retains, not what it has yet to collect. Twice,
     * because what a collection hands to reference processing and cleaners only becomes free at the next one.
     */
    long heapUsedAfterGcBytes() {
        try {
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(mbeans, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            memory.gc();
            Thread.sleep(500);
            memory.gc();
            return memory.getHeapMemoryUsage().getUsed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the bus collected", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the bus collect its heap", e);
        }
    }

    private void sampleHeap() {
        try {
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(mbeans, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            long used = memory.getHeapMemoryUsage().getUsed();
            heapMaxBytes.accumulateAndGet(used, Math::max);
        } catch (Exception e) {
            // the process is stopping
        }
    }

    static URI soapUrl(int port) { return URI.create("http://127.0.0.1:" + port + "/soap"); }

    @Override
    public void close() throws Exception {
        sampler.shutdownNow();
        try {
            jmx.close();
        } catch (IOException ignored) {
            // the bus may already be gone
        }
        process.destroy();
        // a training run (-XX:AOTCacheOutput) writes its AOT cache as it exits: a minute or more on two cores
        if (!process.waitFor(training ? 300 : 20, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
