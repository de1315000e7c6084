package org.govbus.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.govbus.core.id.SystemId;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.pki.DemoRevocation;
import org.govbus.core.security.KeyMaterial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pki", mixinStandardHelpOptions = true, description = "Certificates for the bus and its systems.",
        subcommands = {PkiCommand.Init.class, PkiCommand.Revoke.class})
final class PkiCommand implements Runnable {
    @Override
    public void run() { new picocli.CommandLine(this).usage(System.out); }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Make a demo PKI: a root CA, the bus's signing certificate, the e-gov portal, a Public Service Center, the population register and a time-stamping authority (tsa.p12), as PKCS#12 keystores.")
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

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a demo system's certificate at the demo CA: its OCSP responder and CRL (served by govbus demo)",
                    "report it revoked from now on, and the bus refuses the system's messages with Client.UntrustedCertificate",
                    "once its cached answer expires (at most 10 s for OCSP)."})
    static final class Revoke implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SYSTEM", description = "the system id, e.g. KZ/GOV/CSC/psc")
        String system;

        @Option(names = "--pki", defaultValue = "data/demo/pki", description = "the demo PKI directory (default: ${DEFAULT-VALUE})")
        Path pki;

        @Option(names = "--password", defaultValue = "changeit", description = "password of the keystores (default: ${DEFAULT-VALUE})")
        String password;

        @Override
        public Integer call() throws Exception {
            Path dir = pki.isAbsolute() ? pki : GovBusCli.home().resolve(pki);
            Path keystore = DemoPki.keyStoreOf(dir, SystemId.parse(system));
            if (!Files.exists(keystore)) throw new IllegalStateException("no keystore for " + system + " in " + dir);
            X509Certificate cert = KeyMaterial.load(keystore, password.toCharArray()).certificate();
            DemoRevocation.revoke(dir, cert);
            System.out.println("revoked " + system + " certificate serial " + cert.getSerialNumber().toString(16));
            if (cert.getExtensionValue(Extension.authorityInfoAccess.getId()) == null
                    && cert.getExtensionValue(Extension.cRLDistributionPoints.getId()) == null) {
                System.out.println("note: this certificate names no OCSP responder or CRL, so no bus can learn of it;"
                        + " delete " + dir + " and start the demo again for certificates that do");
            }
            return 0;
        }
    }
}
