package org.govbus.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.govbus.core.id.Bin;
import org.govbus.core.id.Iin;
import org.govbus.core.log.LogEntry;
import org.govbus.core.log.LogStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "who", mixinStandardHelpOptions = true,
        description = {"Every request about one person (IIN) or company (BIN): when, which client system, which official (userId), which service, under which purpose, and how it ended — the citizen's \"who looked at my data and why\".",
                "Exit 1 when there is none."})
final class LogWhoCommand extends LogCommand.Base {
    @Option(names = "--subject", required = true, paramLabel = "IIN|BIN", description = "the 12-digit IIN or BIN")
    String subject;

    @Option(names = "--from", converter = LogCommand.From.class, description = "from (date or instant, UTC; default: the beginning)")
    Instant from = Instant.EPOCH;

    @Option(names = "--to", converter = LogCommand.To.class, description = "to (date or instant, UTC; default: now)")
    Instant to;

    @Option(names = "--json", description = "a JSON array instead of lines")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Iin.isValid(subject) && !Bin.isValid(subject)) {
            err().println("'" + subject + "' is not a valid IIN or BIN (12 digits, check digit)");
            return 2;
        }
        Instant until = to == null ? Instant.now() : to;
        try (LogStore store = openLog(config())) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LogEntry e : store.requestsAbout(subject, from, until)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("time", e.loggedAt().toString());
                row.put("client", e.client());
                row.put("userId", e.userId());
                row.put("service", e.service());
                row.put("purpose", e.purpose());
                row.put("messageId", e.messageId().toString());
                row.put("outcome", LogShowCommand.outcome(store.entriesOf(e.messageId())));
                rows.add(row);
            }
            if (json) {
                out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } else {
                out().printf("%d request(s) about %s from %s to %s%n", rows.size(), subject, from, until);
                for (Map<String, Object> r : rows) {
                    out().printf("%s  %s  user=%s  %s  purpose=\"%s\"  messageId=%s  %s%n", r.get("time"), r.get("client"), r.get("userId"),
                            r.get("service"), r.get("purpose"), r.get("messageId"), r.get("outcome"));
                }
            }
            return rows.isEmpty() ? 1 : 0;
        }
    }
}
