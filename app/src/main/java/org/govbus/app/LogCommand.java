package org.govbus.app;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.govbus.core.config.BusConfig;
import org.govbus.core.log.LogStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code govbus log …}: the auditor's commands. Each opens the log read-only (no migration, no new file), so they
 * run beside a running node — its embedded H2 in mixed mode, or the shared PostgreSQL — and cannot change it; except
 * {@code archive}, the operator's, which moves old entries into archive files and deletes them (never migrating).
 * Exit 0 only when all is well; 1 when a check fails or nothing is found; 2 on bad usage.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Verify, read, export and archive the message log (works while the bus runs; all but archive read-only).",
        subcommands = {LogVerifyCommand.class, LogShowCommand.class, LogWhoCommand.class, LogExportCommand.class, LogReplayCommand.class,
                LogCheckEvidenceCommand.class, LogArchiveCommand.class})
final class LogCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** What every log command shares: the node's configuration, which names the database and the trust store. */
    abstract static class Base extends NodeCommand {
        LogStore openLog(BusConfig config) { return LogDatabase.openForReading(config); }
    }

    /** {@code 2026-11-26} (the start of that day, UTC) or an instant {@code 2026-11-26T08:00:00Z}. */
    static final class From implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) { return instant(value, false); }
    }

    /** {@code 2026-11-26} (the end of that day, UTC) or an instant. */
    static final class To implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) { return instant(value, true); }
    }

    static Instant instant(String value, boolean endOfDay) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return endOfDay ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1000)
                        : day.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is neither a date (2026-11-26) nor an instant (2026-11-26T08:00:00Z)");
        }
    }

    /** A line on the terminal that rewrites itself: how far a long run has come. */
    static final class ProgressBar {
        private final PrintWriter err;
        private final long total;
        private final long started = System.nanoTime();
        private long shownAt;

        ProgressBar(PrintWriter err, long total) {
            this.err = err;
            this.total = Math.max(1, total);
        }

        void show(long done) {
            // a bar only for a person watching: redirected output gets the summary alone
            if (System.console() == null) return;
            long now = System.nanoTime();
            if (now - shownAt < 200_000_000L && done < total) return;
            shownAt = now;
            int width = 30;
            int filled = (int) Math.min(width, width * done / total);
            double seconds = (now - started) / 1e9;
            err.printf("\r[%s%s] %,d / %,d entries  %.0f s  ", "#".repeat(filled), " ".repeat(width - filled), done, total, seconds);
            err.flush();
        }

        void end() {
            if (System.console() == null) return;
            err.println();
            err.flush();
        }
    }

    static String joined(List<String> lines) { return String.join(System.lineSeparator(), lines); }
}
