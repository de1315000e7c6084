package org.govbus.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govbus.core.pki.TimeStampFixtures.CA;
import static org.govbus.core.pki.TimeStampFixtures.TSA;
import static org.govbus.core.pki.TimeStampFixtures.randomBytes;
import static org.govbus.core.pki.TimeStampFixtures.sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in authority's tokens as an independent implementation sees them: {@code openssl ts -verify}. */
class OpenSslTimeStampTest {
    @TempDir
    Path dir;

    record Run(int exit, String output) {}

    @BeforeAll
    static void needsOpenssl() {
        boolean present;
        try {
            present = run(List.of("openssl", "version")).exit() == 0;
        } catch (IOException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "openssl is not on the PATH");
    }

    static Run run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl did not finish: " + command);
            }
            return new Run(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    Run verify(byte[] token, byte[] data) throws Exception {
        Path tokenFile = Files.write(dir.resolve("token.der"), token);
        Path dataFile = Files.write(dir.resolve("data.bin"), data);
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(CA.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
        return run(List.of("openssl", "ts", "-verify", "-token_in", "-in", tokenFile.toString(), "-data", dataFile.toString(),
                "-CAfile", ca.toString()));
    }

    @Test
    void opensslAcceptsTheBuiltInAuthoritysTokenForItsDataOnly() throws Exception {
        byte[] data = randomBytes(1000);
        byte[] token = new BuiltInTimeStampAuthority(TSA).stamp(sha256(data));

        Run ok = verify(token, data);
        assertThat(ok.output()).contains("Verification: OK");
        assertThat(ok.exit()).isZero();

        byte[] altered = data.clone();
        altered[0] ^= 0x01;
        Run bad = verify(token, altered);
        assertThat(bad.output()).doesNotContain("Verification: OK");
        assertThat(bad.exit()).isNotZero();
    }
}
