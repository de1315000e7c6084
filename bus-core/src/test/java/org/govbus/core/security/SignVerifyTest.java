package org.govbus.core.security;

import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.soap.MessageSigner;
import org.govbus.core.soap.MessageVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.pki.Pki;
import org.govbus.core.soap.BusHeaders;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.soap.SoapMessages;
import org.govbus.core.xml.SecureXml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class SignVerifyTest {
    static final SystemId PORTAL = SystemId.parse("KZ/GOV/EGOV/portal");
    static final char[] PW = "pw".toCharArray();
    static Pki.Authority ca;
    static KeyMaterial portal;
    static MessageVerifier verifier;

    @BeforeAll
    static void pki() {
        Instant now = Instant.now();
        ca = Pki.rootAuthority("Test CA", now.minusSeconds(3600), now.plus(Duration.ofDays(10)));
        portal = Pki.issue(ca, PORTAL, now.minusSeconds(3600), now.plus(Duration.ofDays(5)), PW);
        verifier = new MessageVerifier(TrustAnchors.of(List.of(ca.certificate())), Duration.ofMinutes(5));
    }

    static byte[] signedRequest(KeyMaterial key) {
        Element payload = SecureXml.parse("<p:personByIinRequest xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><p:iin>900101300017</p:iin></p:personByIinRequest>"
                .getBytes()).getDocumentElement();
        BusHeader f = new BusHeader(UUID.randomUUID(), null, PORTAL,
                ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1"), "operator-1", "test", Instant.now());
        SoapEnvelope env = SoapMessages.envelope(f, payload, null);
        new MessageSigner(key, 300).sign(env);
        return SecureXml.toBytes(env.document());
    }

    @Test
    void aSignedRequestVerifiesAndNamesItsSigner() {
        byte[] raw = signedRequest(portal);
        var signer = verifier.verify(SoapEnvelope.of(SecureXml.parse(raw)), Instant.now());
        assertThat(SystemCertificates.systemOf(signer.certificate())).isEqualTo(PORTAL);
    }

    @Test
    void anAlteredBodyFailsTheSignature() {
        String raw = new String(signedRequest(portal)).replace("900101300017", "900101300018");
        assertThatThrownBy(() -> verifier.verify(SoapEnvelope.of(SecureXml.parse(raw.getBytes())), Instant.now()))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.BAD_SIGNATURE));
    }

    /**
     * Defence in depth behind the header-shape checks: even if a signed Body were elsewhere in the document,
     * the Body the bus reads must be the very element the signature covers.
     */
    @Test
    void aBodyOtherThanTheSignedOneIsNotCovered() {
        SoapEnvelope signed = SoapEnvelope.of(SecureXml.parse(signedRequest(portal)));
        org.w3c.dom.Document doc = signed.document();
        Element signedBody = signed.body();
        Element stash = doc.createElementNS("urn:attacker", "x:Stash");
        signed.header().appendChild(stash);
        doc.getDocumentElement().removeChild(signedBody);
        stash.appendChild(signedBody);
        Element forgedBody = (Element) doc.getDocumentElement().appendChild(doc.createElementNS(SoapEnvelope.SOAP_NS, "soapenv:Body"));
        Element forged = (Element) forgedBody.appendChild(doc.importNode(signed.payload(), true));
        SoapEnvelope wrapped = new SoapEnvelope(doc, signed.header(), forgedBody, signed.busHeader(), forged);
        assertThatThrownBy(() -> verifier.verify(wrapped, Instant.now()))
                .isInstanceOfSatisfying(BusException.class, e -> {
                    assertThat(e.code()).isEqualTo(FaultCode.BAD_SIGNATURE);
                    assertThat(e.reason()).isEqualTo("the Body is not covered by the signature");
                });
    }

    @Test
    void aCertificateFromAnotherAuthorityIsUntrusted() {
        Instant now = Instant.now();
        Pki.Authority rogue = Pki.rootAuthority("Rogue CA", now.minusSeconds(3600), now.plus(Duration.ofDays(10)));
        KeyMaterial fake = Pki.issue(rogue, PORTAL, now.minusSeconds(3600), now.plus(Duration.ofDays(5)), PW);
        byte[] raw = signedRequest(fake);
        assertThatThrownBy(() -> verifier.verify(SoapEnvelope.of(SecureXml.parse(raw)), Instant.now()))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.UNTRUSTED_CERTIFICATE));
    }
}
