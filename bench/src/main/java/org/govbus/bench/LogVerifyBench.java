package org.govbus.bench;

import static org.govbus.bench.BenchCli.say;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.govbus.core.log.CheckpointSigner;
import org.govbus.core.log.Checkpointer;
import org.govbus.core.log.Hop;
import org.govbus.core.log.JdbcLogStore;
import org.govbus.core.log.LogRecord;
import org.govbus.core.log.LogStore;
import org.govbus.core.log.LogTrust;
import org.govbus.core.log.LogVerifier;
import org.govbus.core.log.MessageLog;
import org.govbus.core.pki.BuiltInTimeStampAuthority;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.security.KeyMaterial;
import org.govbus.fixtures.TestPki;
import org.h2.jdbcx.JdbcConnectionPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code govbus bench log-verify}: fills an H2 file log as the node writes it (group-committed appends from many
 * threads, a signed and time-stamped checkpoint every 1,000 entries), then times {@code LogVerifier} over all of it,
 * which is what {@code govbus log verify} runs. The target: a million entries in under 60 s.
 */
@Command(name = "log-verify", mixinStandardHelpOptions = true,
        description = "Write N message-log entries to an H2 file as the node does, then time a full verification (chains, trees,"
                + " checkpoint signatures and time-stamps); exit 1 when it is not intact.")
final class LogVerifyBench implements Callable<Integer> {
    @Option(names = "--entries", defaultValue = "1000000", description = "entries to write (default: ${DEFAULT-VALUE})")
    int entries;

    @Option(names = "--payload", defaultValue = "4096", description = "bytes of each entry's payload (default: ${DEFAULT-VALUE})")
    int payloadBytes;

    @Option(names = "--keep", description = "keep the work directory")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        return BenchCli.inWorkDirectory("govbus-bench-log", keep, this::run);
    }

    private Integer run(Path work) throws Exception {
        TestPki pki = TestPki.create(work.resolve("pki"));
        KeyMaterial bus = pki.key(DemoPki.BUS);
        KeyMaterial tsa = KeyMaterial.load(pki.dir().resolve(DemoPki.TIME_STAMPING), TestPki.PASSWORD);
        JdbcConnectionPool db = JdbcConnectionPool.create("jdbc:h2:file:" + work.resolve("db/govbus").toAbsolutePath()
                + org.govbus.core.config.BusConfig.H2_FILE_OPTIONS, "govbus", "");
        try (LogStore store = JdbcLogStore.open(db, db::dispose)) {
            fill(store, bus, tsa);
            say(String.format(Locale.ROOT, "database: %,d MB for %,d entries of %,d payload bytes",
                    Files.size(work.resolve("db/govbus.mv.db")) >> 20, entries, payloadBytes));
            long started = System.nanoTime();
            AtomicLong shown = new AtomicLong();
            LogVerifier.Report report = new LogVerifier(store, new LogTrust(List.of(pki.authority().certificate()), DemoPki.BUS)).verify(null, null, null, n -> {
                        if (n - shown.get() >= 100_000) {
                            shown.set(n);
                            say(String.format(Locale.ROOT, "verified %,d entries", n));
                        }
                    });
            double seconds = (System.nanoTime() - started) / 1e9;
            say(String.format(Locale.ROOT, "verify: %,d entries, %s, in %.1f s = %,.0f entries/s (%.0f MB/s of payload)",
                    report.entries(), report.intact() ? "intact" : "BROKEN " + report.nodes(), seconds, report.entries() / seconds,
                    report.entries() * (double) payloadBytes / seconds / 1e6));
            return report.intact() && report.entries() == entries ? 0 : 1;
        }
    }

    /** 16 writers, as the node's request threads: the group commit batches them; a checkpoint per 1,000 entries. */
    private void fill(LogStore store, KeyMaterial bus, KeyMaterial tsa) throws InterruptedException {
        MessageLog log = new MessageLog(store, "bench");
        Checkpointer checkpoints = new Checkpointer(store, "bench", new CheckpointSigner(bus.privateKey(), bus.certificate()),
                new BuiltInTimeStampAuthority(tsa), new Checkpointer.Policy(1000, java.time.Duration.ofHours(1)));
        log.onCommit(checkpoints::committed);
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
        AtomicLong next = new AtomicLong();
        long started = System.nanoTime();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Thread w = new Thread(() -> {
                for (long i; (i = next.getAndIncrement()) < entries; ) {
                    log.append(new LogRecord(UUID.randomUUID(), i % 2 == 0 ? Hop.CLIENT_REQUEST : Hop.CLIENT_ANSWER,
                            "KZ/GOV/MJ/gbd-fl/person-by-iin/v1", "KZ/GOV/EGOV/portal", "operator-0042", "bench",
                            String.format("%012d", i), "bench", "CN=KZ/GOV/EGOV/portal", null, payload));
                    if (i > 0 && i % 100_000 == 0) say(String.format(Locale.ROOT, "written %,d entries", i));
                }
            });
            w.start();
            writers.add(w);
        }
        for (Thread w : writers) w.join();
        checkpoints.close();
        say(String.format(Locale.ROOT, "wrote %,d entries in %.0f s", entries, (System.nanoTime() - started) / 1e9));
    }
}
