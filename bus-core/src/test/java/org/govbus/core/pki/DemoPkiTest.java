package org.govbus.core.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.govbus.core.security.KeyMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo PKI's time-stamping authority: written beside the systems' keystores, trusted through the demo CA. */
class DemoPkiTest {
    static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    @Test
    void initWritesATimeStampingAuthorityThatTheDemoCaVouchesFor() throws Exception {
        List<Path> written = DemoPki.init(dir, PASSWORD);

        Path tsaFile = dir.resolve(DemoPki.TIME_STAMPING);
        assertThat(written).contains(tsaFile, dir.resolve(DemoPki.AUTHORITY_PEM)).hasSize(8).allMatch(p -> p.toFile().isFile());
        KeyMaterial tsa = KeyMaterial.load(tsaFile, PASSWORD);
        assertThat(tsa.certificate().getSubjectX500Principal().getName()).contains("CN=" + DemoPki.TIME_STAMPING_NAME);
        assertThat(tsa.certificate().getCriticalExtensionOIDs()).contains("2.5.29.37");
        assertThat(tsa.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertThat(tsa.certificate().getKeyUsage()[0]).as("digitalSignature").isTrue();

        KeyMaterial ca = KeyMaterial.load(dir.resolve(DemoPki.AUTHORITY), PASSWORD);
        byte[] imprint = TimeStampFixtures.sha256(TimeStampFixtures.randomBytes(32));
        byte[] token = new BuiltInTimeStampAuthority(tsa).stamp(imprint);
        assertThat(TimeStamps.verify(token, imprint, List.of(ca.certificate()))).isNotNull();
    }
}
