package org.govbus.app;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.govbus.core.log.Hop;
import org.govbus.core.log.LogEntry;
import org.govbus.core.log.LogStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Every hop of one message: when, which node, its signer (certificate subject, serial, issuer),"
                + " its size, the checkpoint that proves it, and how the message ended.")
final class LogShowCommand extends LogCommand.Base {
    @Parameters(paramLabel = "MESSAGE_ID", description = "the messageId of the request")
    UUID messageId;

    @Option(names = "--payload", description = "also print each hop's bytes (personal data: mind where the output goes)")
    boolean payload;

    @Override
    public Integer call() {
        try (LogStore store = openLog(config())) {
            List<LogEntry> hops = store.entriesOf(messageId);
            if (hops.isEmpty()) {
                err().println("the log holds no message " + messageId);
                return 1;
            }
            LogEntry first = hops.get(0);
            out().printf("message %s%n  service  %s%n  client   %s%n  userId   %s%n  purpose  %s%n  subject  %s%n  routing table %s%n",
                    messageId, first.service(), first.client(), first.userId(), first.purpose(),
                    first.subject() == null ? "(none declared)" : first.subject(), first.routingVersion());
            for (LogEntry e : hops) {
                out().printf("  +%-6d ms  %s  %-14s node %s entry %d  %,d bytes  %s%n", Duration.between(first.loggedAt(), e.loggedAt()).toMillis(),
                        e.loggedAt(), e.hop(), e.node(), e.seq(), e.payload().length, proof(store, e));
                out().println("             signer: " + signer(store, e));
                if (e.hop() == Hop.STATE) out().println("             " + state(e));
                if (payload) out().println(new String(e.payload(), StandardCharsets.UTF_8).indent(13));
            }
            out().println("  outcome  " + outcome(hops));
            return 0;
        }
    }

    private static String signer(LogStore store, LogEntry e) {
        if (e.signerCertificate() == null) return e.signer();
        return store.certificate(e.signerCertificate()).map(LogShowCommand::describe).orElse(e.signer() + " (certificate missing from the log)");
    }

    /** Subject, serial and issuer: more than the log line's {@code SystemCertificates.describe}, which omits the issuer. */
    private static String describe(X509Certificate c) {
        return c.getSubjectX500Principal().getName() + ", serial " + c.getSerialNumber().toString(16) + ", issuer "
                + c.getIssuerX500Principal().getName();
    }

    private static String proof(LogStore store, LogEntry e) {
        return store.checkpoints(e.node()).stream().filter(c -> c.covers(e.seq())).findFirst()
                .map(c -> "under checkpoint " + c.number() + " of " + c.createdAt()).orElse("not yet under a checkpoint");
    }

    /** A delivery state entry in words: {@code state: DELIVERED — try 1 of 3}. */
    private static String state(LogEntry e) {
        String text = new String(e.payload(), StandardCharsets.UTF_8);
        String state = text.lines().filter(l -> l.startsWith("state=")).findFirst().orElse("state=?").substring("state=".length());
        String reason = text.lines().filter(l -> l.startsWith("reason=")).findFirst().orElse("reason=").substring("reason=".length());
        return "state: " + state + (reason.isEmpty() ? "" : " — " + reason);
    }

    /** How the message ended, from its last hop; for an asynchronous one, from its last delivery state. */
    static String outcome(List<LogEntry> hops) {
        LogEntry last = hops.get(hops.size() - 1);
        Duration took = Duration.between(hops.get(0).loggedAt(), last.loggedAt());
        if (hops.stream().anyMatch(e -> e.hop() == Hop.ACCEPTED)) {
            return hops.stream().filter(e -> e.hop() == Hop.STATE).reduce((a, b) -> b)
                    .map(s -> "asynchronous, last " + state(s) + " (" + Duration.between(hops.get(0).loggedAt(), s.loggedAt()).toMillis() + " ms after the request)")
                    .orElse("asynchronous, accepted; no delivery recorded yet");
        }
        if (last.hop() == Hop.CLIENT_ANSWER) return "answered in " + took.toMillis() + " ms";
        if (last.hop() == Hop.FAULT) return "fault " + last.signer().replace("unsigned fault ", "") + " after " + took.toMillis() + " ms";
        return "no answer logged (last hop " + last.hop() + ")";
    }
}
