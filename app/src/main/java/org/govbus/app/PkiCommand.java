package org.govbus.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.govbus.core.pki.DemoPki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pki", mixinStandardHelpOptions = true, description = "Certificates for the bus and its systems.",
        subcommands = PkiCommand.Init.class)
final class PkiCommand implements Runnable {
    @Override
    public void run() { new picocli.CommandLine(this).usage(System.out); }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Make a demo PKI: a root CA, the bus's signing certificate, the e-gov portal, a Public Service Center and the population register, as PKCS#12 keystores.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "directory to write the keystores to")
        Path out;

        @Option(names = "--password", defaultValue = "changeit", description = "password of every keystore (default: ${DEFAULT-VALUE})")
        String password;

        @Option(names = "--force", description = "overwrite keystores already there")
        boolean force;

        @Override
        public Integer call() {
            if (Files.exists(out.resolve(DemoPki.AUTHORITY)) && !force) {
                throw new IllegalStateException(out + " already holds a PKI; --force to replace it");
            }
            for (Path p : DemoPki.init(out, password.toCharArray())) System.out.println("wrote " + p);
            return 0;
        }
    }
}
