package org.govbus.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.govbus.core.id.SystemId;
import org.govbus.core.log.EvidenceCheck;
import org.govbus.core.log.LogTrust;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check-evidence", mixinStandardHelpOptions = true,
        description = {"Check an evidence package offline, with no database: every file against SHA256SUMS, the bytes against their entries, each entry's proof to its checkpoint, the checkpoint's signature and time-stamp.",
                "Exit 0 when all holds."})
final class LogCheckEvidenceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.zip", description = "an evidence package written by `govbus log export`")
    Path zip;

    @Option(names = "--ca", paramLabel = "CA.pem", description = "the CA(s) to trust (PEM), as your authority publishes them; without, the package is checked against the CAs it"
            + " carries and the result is not 'holds' (exit 1)")
    List<Path> cas = new ArrayList<>();

    @Option(names = "--bus", paramLabel = "SYSTEM", defaultValue = "KZ/GOV/GOVBUS/bus",
            description = "the bus's system id: only its certificate may sign checkpoints (default: ${DEFAULT-VALUE}, the demo's)")
    String bus;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, CertificateException {
        List<X509Certificate> anchors = new ArrayList<>();
        for (Path ca : cas) {
            try (InputStream in = Files.newInputStream(ca)) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) anchors.add((X509Certificate) c);
            }
        }
        EvidenceCheck.Result result = EvidenceCheck.check(zip, new LogTrust(anchors, SystemId.parse(bus)));
        result.checked().forEach(line -> spec.commandLine().getOut().println("ok  " + line));
        result.problems().forEach(line -> spec.commandLine().getOut().println("BAD " + line));
        spec.commandLine().getOut().println(result.intact() ? "the evidence holds" : "the evidence does NOT hold");
        return result.intact() ? 0 : 1;
    }
}
