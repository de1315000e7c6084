package org.govbus.bench.jmh;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.govbus.core.log.Hop;
import org.govbus.core.log.JdbcLogStore;
import org.govbus.core.log.LogRecord;
import org.govbus.core.log.MessageLog;
import org.h2.jdbcx.JdbcConnectionPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** Appending a 4 KB entry to the hash-chained message log in an H2 file database, as the bus configures it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class MessageLogBench {
    JdbcConnectionPool db;
    MessageLog log;
    byte[] payload = new byte[4096];

    @Setup
    public void open() throws Exception {
        Arrays.fill(payload, (byte) 'x');
        db = JdbcConnectionPool.create("jdbc:h2:file:" + Files.createTempDirectory("govbus-jmh-log").resolve("log")
                + org.govbus.core.config.BusConfig.H2_FILE_OPTIONS, "govbus", ""); // BusConfig's file options: H2's own housekeeping, not the node's compaction steps
        log = new MessageLog(JdbcLogStore.open(db, db::dispose), "jmh");
    }

    @TearDown
    public void close() { db.dispose(); }

    @Benchmark
    @Threads(1)
    public Object appendOneWriter() { return append(); }

    /** Sixteen request threads at once: what group commit is for. */
    @Benchmark
    @Threads(16)
    public Object appendSixteenWriters() { return append(); }

    private Object append() {
        return log.append(new LogRecord(UUID.randomUUID(), Hop.CLIENT_REQUEST, "KZ/GOV/MJ/gbd-fl/person-by-iin/v1",
                "KZ/GOV/EGOV/portal", "operator-7", "public service 0001", "900101300017", "jmh", "CN=KZ/GOV/EGOV/portal #1", null, payload));
    }
}
