package org.govbus.app;

import java.nio.file.Path;
import java.util.UUID;
import org.govbus.core.config.BusConfig;
import org.govbus.core.log.EvidencePackage;
import org.govbus.core.log.LogStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the evidence of one message to a zip: its raw messages, signer certificates and CAs, each entry's inclusion proof, the signed checkpoint and its time-stamp token, and a README with the steps to check it by hand (sha256sum, openssl).",
                "`govbus log check-evidence` checks it with no database."})
final class LogExportCommand extends LogCommand.Base {
    @Parameters(paramLabel = "MESSAGE_ID", description = "the messageId of the request")
    UUID messageId;

    @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "the evidence package to write")
    Path out;

    @Override
    public Integer call() {
        BusConfig config = config();
        try (LogStore store = openLog(config)) {
            EvidencePackage.export(store, messageId, LogDatabase.anchors(config), out);
            out().println("wrote the evidence of " + messageId + " to " + out + "; check it with: govbus log check-evidence " + out);
            return 0;
        } catch (EvidencePackage.NotExportable e) {
            err().println(e.getMessage());
            return 1;
        }
    }
}
