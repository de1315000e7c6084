package org.govbus.app;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.govbus.core.config.BusConfig;
import org.govbus.core.config.ConfigException;
import org.govbus.core.log.CheckpointSigner;
import org.govbus.core.log.JdbcLogStore;
import org.govbus.core.log.LogArchive;
import org.govbus.core.log.LogStore;
import org.govbus.core.security.KeyMaterial;
import org.h2.jdbcx.JdbcConnectionPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "archive", mixinStandardHelpOptions = true,
        description = {"Move old entries of the message log into signed archive files, then delete them from the database.",
                "Per node, the whole checkpoints whose entries were all logged before DATE are archived, never the node's latest: one zip per node and run, DIR/NODE-FIRST-LAST.zip, with each entry's text and payload, the checkpoints with their signatures and time-stamps, the certificates, and a SHA256SUMS signed with the bus key. Only when the zip is complete are the entries deleted, together with the replay guard's messageIds older than twice the allowed timestamp skew. The database's chain then starts where the archive ends and still verifies; `govbus log verify --archive DIR` checks the archives offline. Runs beside a running node (the embedded database is reached through the node's loopback server, as its owner). Never migrates the schema: refuses one that is not current. Exit 0 when done (or nothing is old enough), 1 on failure."})
final class LogArchiveCommand extends LogCommand.Base {
    @Option(names = "--before", required = true, paramLabel = "DATE", converter = LogCommand.From.class,
            description = "archive entries logged before this: a date (its start, UTC) or an instant (2026-11-26T08:00:00Z)")
    Instant before;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the directory for the archive files (created if missing)")
    Path out;

    @Option(names = "--node", description = "only this node's chain (default: every node in the log)")
    String nodeName;

    /** An H2 file opened here rather than through the running node: compacted after the removal, so it shrinks. */
    private Path h2File;
    private boolean removed;

    @Override
    public Integer call() {
        BusConfig config = config();
        KeyMaterial busKey = KeyMaterial.load(config.security().keystore(), config.security().password());
        Instant guardCutoff = Instant.now().minus(config.security().timestampSkew().multipliedBy(2)).minus(Duration.ofMinutes(1));
        Instant seenBefore = before.isBefore(guardCutoff) ? before : guardCutoff;
        long fileBefore = 0;
        try (LogStore store = openForArchiving(config)) {
            if (h2File != null) fileBefore = size(h2File);
            LogArchive archiver = new LogArchive(store, new CheckpointSigner(busKey.privateKey(), busKey.certificate()), LogDatabase.anchors(config), out);
            List<LogArchive.Plan> plans = new ArrayList<>();
            for (String n : nodeName == null ? store.nodes() : List.of(nodeName)) archiver.plan(n, before).ifPresent(plans::add);
            if (plans.isEmpty()) {
                out().println("nothing to archive: no node has a checkpoint, other than its latest, whose entries were all logged before " + before);
                return 0;
            }
            LogCommand.ProgressBar bar = new LogCommand.ProgressBar(err(), plans.stream().mapToLong(LogArchive.Plan::entries).sum());
            long done = 0;
            for (LogArchive.Plan plan : plans) {
                long base = done;
                LogArchive.Archived a = archiver.archive(plan, seenBefore, n -> bar.show(base + n));
                removed = true;
                done += plan.entries();
                List<org.govbus.core.log.Checkpoint> cps = plan.checkpoints();
                out().printf("node %s: archived entries %,d–%,d (%,d entries, checkpoints %d–%d) to %s (%s); removed from the database: %s of payloads%n",
                        plan.node(), plan.firstSeq(), plan.lastSeq(), plan.entries(), cps.get(0).number(), cps.get(cps.size() - 1).number(),
                        a.file(), megabytes(a.fileBytes()), megabytes(a.payloadBytes()));
            }
            bar.end();
            out().println("the replay guard forgot the messageIds seen before " + seenBefore + " (older requests are refused as stale)");
        }
        if (h2File != null) {
            out().printf("database file %s: %s before, %s after compacting%n", h2File, megabytes(fileBefore), megabytes(size(h2File)));
        } else if (config.embeddedDatabase()) {
            out().println("the running node's database reuses the freed space; its file shrinks when this runs with the node stopped");
        }
        out().println("check the archives offline with: govbus log verify --archive " + out);
        return 0;
    }

    /**
     * The log opened for writing as the database's owner, its schema checked but never migrated: the embedded H2
     * through the node's loopback server when the node runs, else its file; a server database with the configured login.
     */
    private LogStore openForArchiving(BusConfig config) {
        if (config.embeddedDatabase()) {
            Path dir = config.embeddedDatabaseDir();
            Path file = dir.resolve("govbus.mv.db");
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(config.file(), 0, "there is no message log at " + file + " (has the bus run with this configuration?)");
            }
            String served = AuditorAccess.readerUrl(dir);
            boolean viaNode = served.startsWith("jdbc:h2:tcp:");
            String password = AuditorAccess.ownerPassword(config.jdbcUrl(), dir);
            JdbcConnectionPool pool = JdbcConnectionPool.create(viaNode ? served : config.jdbcUrl() + ";IFEXISTS=TRUE", AuditorAccess.OWNER, password);
            if (!viaNode) h2File = file;
            return LogDatabase.open(() -> JdbcLogStore.openCurrent(pool, () -> {
                if (!viaNode && removed) compact(pool);
                pool.dispose();
            }), pool::dispose);
        }
        HikariDataSource pool = LogDatabase.pool(config, false);
        return LogDatabase.open(() -> JdbcLogStore.openCurrent(pool, pool::close), pool::close);
    }

    /** Rewrites the H2 file without the freed pages; only when this command holds the file alone. */
    private void compact(JdbcConnectionPool pool) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            err().println("the database file was not compacted (the archive is complete): " + e.getMessage());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String megabytes(long bytes) { return String.format("%.1f MB", bytes / 1e6); }
}
