package org.govbus.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.govbus.core.config.BusConfig;
import org.govbus.core.log.LogArchive;
import org.govbus.core.log.LogStore;
import org.govbus.core.id.SystemId;
import org.govbus.core.log.LogTrust;
import org.govbus.core.log.LogVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recompute every node's chain, the checkpoints' hash trees, signatures and time-stamps.",
                "Names the first broken entry of a chain and what is wrong with it: altered, missing, reordered, cut off the end, a checkpoint that does not match, a bad signature or time-stamp. Exit 0 when intact. A chain whose start was archived (`govbus log archive`) is verified from where the archive ends; with --archive DIR the archive files are verified instead, offline: no database, and no configuration either when the CAs are given with --ca."})
final class LogVerifyCommand extends LogCommand.Base {
    private static final Pattern ARCHIVE_NAME = Pattern.compile(".+-(\\d{1,17})-(\\d{1,17})\\.zip");

    @Option(names = "--from", converter = LogCommand.From.class, description = "only entries logged at or after (date or instant, UTC)")
    Instant from;

    @Option(names = "--to", converter = LogCommand.To.class, description = "only entries logged at or before (date or instant, UTC)")
    Instant to;

    @Option(names = "--node", description = "only this node's chain (default: every node in the log)")
    String nodeName;

    @Option(names = "--archive", paramLabel = "DIR",
            description = "verify the archive files in DIR offline instead of the database: each zip's signed SHA256SUMS, entries,"
                    + " checkpoints, and each node's archives following one another from entry 1")
    Path archive;

    @Option(names = "--ca", paramLabel = "CA.pem", description = "with --archive: the CA(s) to trust (PEM), instead of the configuration's trust store")
    List<Path> cas = new ArrayList<>();

    @Option(names = "--bus", paramLabel = "SYSTEM", defaultValue = "KZ/GOV/GOVBUS/bus",
            description = "with --archive and --ca: the bus's system id, whose certificate alone signs archives (default: ${DEFAULT-VALUE})")
    String bus;

    @Override
    public Integer call() {
        if (archive != null) return verifyArchive();
        if (!cas.isEmpty()) throw new CommandLine.ParameterException(spec.commandLine(), "--ca goes with --archive");
        BusConfig config = config();
        try (LogStore store = openLog(config)) {
            long total = 0;
            for (String n : nodeName == null ? store.nodes() : java.util.List.of(nodeName)) total += store.count(n);
            LogCommand.ProgressBar bar = new LogCommand.ProgressBar(err(), total);
            long started = System.nanoTime();
            LogVerifier.Report report = new LogVerifier(store, LogDatabase.trust(config)).verify(nodeName, from, to, bar::show);
            bar.end();
            double seconds = (System.nanoTime() - started) / 1e9;
            boolean found = false;
            for (LogVerifier.NodeResult r : report.nodes()) {
                found |= r.entries() > 0 || r.checkpoints() > 0;
                if (r.intact()) {
                    out().printf("node %s: intact — %,d entries, %,d checkpoints; %,d entries after the last checkpoint (not yet provable)%n",
                            r.node(), r.entries(), r.checkpoints(), r.uncovered());
                } else {
                    printBroken(r);
                }
                // the mark itself is the database's word: only the archive files prove what it stands for
                store.archived(r.node()).ifPresent(mark -> out().printf("node %s: entries 1–%d were archived: check the archive files with"
                        + " `govbus log verify --archive DIR`%n", r.node(), mark.lastSeq()));
            }
            if (!found) out().println(nodeName == null ? "the log is empty" : "the log holds no chain of node " + nodeName);
            out().printf("verified %,d entries in %.1f s (%,.0f entries/s)%n", report.entries(), seconds, report.entries() / Math.max(seconds, 1e-3));
            // a node named but absent is nothing verified, not an intact chain
            return report.intact() && (found || nodeName == null) ? 0 : 1;
        }
    }

    private int verifyArchive() {
        if (from != null || to != null) throw new CommandLine.ParameterException(spec.commandLine(), "--from and --to do not go with --archive");
        if (!Files.isDirectory(archive)) throw new CommandLine.ParameterException(spec.commandLine(), archive + " is not a directory");
        LogTrust trust = cas.isEmpty() ? LogDatabase.trust(config()) : new LogTrust(pems(cas), SystemId.parse(bus));
        LogCommand.ProgressBar bar = new LogCommand.ProgressBar(err(), archivedEntries(archive));
        long started = System.nanoTime();
        LogVerifier.Report report = LogArchive.verify(archive, trust, bar::show);
        bar.end();
        double seconds = (System.nanoTime() - started) / 1e9;
        List<LogVerifier.NodeResult> nodes = report.nodes().stream().filter(r -> nodeName == null || nodeName.equals(r.node())).toList();
        for (LogVerifier.NodeResult r : nodes) {
            if (r.intact()) out().printf("node %s: archives intact — %,d entries, %,d checkpoints, from entry 1 on%n", r.node(), r.entries(), r.checkpoints());
            else printBroken(r);
        }
        if (nodes.isEmpty()) {
            out().println(nodeName == null ? "no archive files (*.zip) in " + archive : "no archive of node " + nodeName + " in " + archive);
            return 1;
        }
        long entries = nodes.stream().mapToLong(LogVerifier.NodeResult::entries).sum();
        out().printf("verified %,d archived entries in %.1f s%n", entries, seconds);
        out().println("the archives do not show whether the database goes on where they end: `govbus log verify` checks that side");
        return nodes.stream().allMatch(LogVerifier.NodeResult::intact) ? 0 : 1;
    }

    private void printBroken(LogVerifier.NodeResult r) {
        out().printf("node %s: BROKEN at entry %d — %s: %s%n", r.node(), r.finding().seq(), r.finding().problem(), r.finding().detail());
    }

    /** The entries the archive files' names promise: for the progress bar only. */
    private static long archivedEntries(Path dir) {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.zip")) {
            for (Path f : files) {
                Matcher m = ARCHIVE_NAME.matcher(f.getFileName().toString());
                if (m.matches()) total += Math.max(0, Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)) + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return total;
    }

    private static List<X509Certificate> pems(List<Path> files) {
        List<X509Certificate> out = new ArrayList<>();
        for (Path pem : files) {
            try (InputStream in = Files.newInputStream(pem)) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) out.add((X509Certificate) c);
            } catch (IOException | CertificateException e) {
                throw new IllegalArgumentException("cannot read the CA certificate(s) in " + pem + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
