package org.govbus.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.govbus.core.pki.TimeStampFixtures.CA;
import static org.govbus.core.pki.TimeStampFixtures.NOT_A_TSA;
import static org.govbus.core.pki.TimeStampFixtures.NOW;
import static org.govbus.core.pki.TimeStampFixtures.OTHER_CA;
import static org.govbus.core.pki.TimeStampFixtures.STRANGER_TSA;
import static org.govbus.core.pki.TimeStampFixtures.TSA;
import static org.govbus.core.pki.TimeStampFixtures.handMadeToken;
import static org.govbus.core.pki.TimeStampFixtures.randomBytes;
import static org.govbus.core.pki.TimeStampFixtures.sha256;
import static org.govbus.core.pki.TimeStampFixtures.withSignatureFlipped;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;

/** Tokens from the built-in authority, and every way {@link TimeStamps#verify} must refuse one. */
class TimeStampsTest {
    static final List<X509Certificate> ANCHORS = List.of(CA.certificate());
    final BuiltInTimeStampAuthority tsa = new BuiltInTimeStampAuthority(TSA);
    final byte[] imprint = sha256(randomBytes(100));

    @Test
    void aStampVerifiesToTheTimeItWasMadeAndNamesItsAuthority() {
        Instant before = Instant.now();
        byte[] token = tsa.stamp(imprint);
        Instant after = Instant.now();

        // genTime is truncated to whole seconds
        assertThat(TimeStamps.verify(token, imprint, ANCHORS)).isBetween(before.minusSeconds(1), after);
        assertThat(TimeStamps.signerOf(token)).isEqualTo(TSA.certificate());
    }

    @Test
    void twoStampsHaveDifferentSerialNumbers() throws Exception {
        var first = new TimeStampToken(new CMSSignedData(tsa.stamp(imprint)));
        var second = new TimeStampToken(new CMSSignedData(tsa.stamp(imprint)));
        assertThat(first.getTimeStampInfo().getSerialNumber()).isNotEqualTo(second.getTimeStampInfo().getSerialNumber());
        assertThat(first.getTimeStampInfo().getPolicy().getId()).isEqualTo(BuiltInTimeStampAuthority.POLICY_OID);
    }

    @Test
    void aStampOfAnotherImprintDoesNotCoverTheCheckpoint() {
        byte[] token = tsa.stamp(sha256(randomBytes(100)));
        assertThatThrownBy(() -> TimeStamps.verify(token, imprint, ANCHORS))
                .isInstanceOf(TimeStamps.Invalid.class).hasMessage("the time-stamp does not cover this checkpoint");
    }

    @Test
    void aFlippedBitInTheSignatureIsCaught() throws Exception {
        byte[] token = withSignatureFlipped(tsa.stamp(imprint));
        assertThatThrownBy(() -> TimeStamps.verify(token, imprint, ANCHORS))
                .isInstanceOf(TimeStamps.Invalid.class).hasMessageStartingWith("the time-stamp's signature is invalid");
    }

    @Test
    void anAuthorityFromAnotherCaIsNotTrusted() {
        byte[] token = new BuiltInTimeStampAuthority(STRANGER_TSA).stamp(imprint);
        assertThatThrownBy(() -> TimeStamps.verify(token, imprint, ANCHORS))
                .isInstanceOf(TimeStamps.Invalid.class).hasMessageStartingWith("the time-stamp authority is not trusted");
        assertThat(TimeStamps.verify(token, imprint, List.of(OTHER_CA.certificate()))).isNotNull();
        assertThatThrownBy(() -> TimeStamps.verify(token, imprint, List.of()))
                .isInstanceOf(TimeStamps.Invalid.class).hasMessageContaining("no trust anchors");
    }

    @Test
    void aCertificateWithoutTheTimeStampingPurposeCannotStamp() throws Exception {
        assertThat(TimeStamps.verify(handMadeToken(TSA, imprint), imprint, ANCHORS)).as("the hand-made token itself is sound").isNotNull();

        byte[] token = handMadeToken(NOT_A_TSA, imprint);
        assertThatThrownBy(() -> TimeStamps.verify(token, imprint, ANCHORS))
                .isInstanceOf(TimeStamps.Invalid.class).hasMessageContaining("is not a time-stamp authority");
        assertThatThrownBy(() -> new BuiltInTimeStampAuthority(NOT_A_TSA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot time-stamp with");
    }

    @Test
    void aStampMadeOutsideItsCertificateValidityIsRefused() {
        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(60)), ZoneOffset.UTC);
        byte[] token = new BuiltInTimeStampAuthority(TSA, later).stamp(imprint);
        assertThatThrownBy(() -> TimeStamps.verify(token, imprint, ANCHORS))
                .isInstanceOf(TimeStamps.Invalid.class).hasMessageContaining("outside its authority's certificate validity");
    }

    @Test
    void garbageAndAWholeResponseAreNotTokens() throws Exception {
        assertThatThrownBy(() -> TimeStamps.verify(randomBytes(300), imprint, ANCHORS))
                .isInstanceOf(TimeStamps.Invalid.class).hasMessageStartingWith("not a time-stamp token");
        byte[] response = tsa.respond(TimeStamps.request(imprint).getEncoded());
        assertThatThrownBy(() -> TimeStamps.verify(response, imprint, ANCHORS))
                .isInstanceOf(TimeStamps.Invalid.class).hasMessageStartingWith("not a time-stamp token");
        assertThatThrownBy(() -> TimeStamps.signerOf(randomBytes(10))).isInstanceOf(TimeStamps.Invalid.class);
    }

    @Test
    void respondGrantsARequestAndRejectsGarbage() throws Exception {
        TimeStampRequest request = TimeStamps.request(imprint);
        TimeStampResponse granted = new TimeStampResponse(tsa.respond(request.getEncoded()));
        assertThat(granted.getStatus()).isEqualTo(PKIStatus.GRANTED);
        granted.validate(request);
        assertThat(TimeStamps.verify(granted.getTimeStampToken().getEncoded(), imprint, ANCHORS)).isNotNull();

        TimeStampResponse rejected = new TimeStampResponse(tsa.respond(randomBytes(50)));
        assertThat(rejected.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(rejected.getTimeStampToken()).isNull();
    }

    @Test
    void onlyASha256ImprintIsStamped() {
        assertThatThrownBy(() -> tsa.stamp(new byte[20])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
