package org.govbus.core.security;

import org.govbus.core.pipeline.BusHeader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.govbus.core.concurrent.Batches;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.security.Digests;
import org.govbus.core.pki.Pki;
import org.govbus.core.soap.AnswerVerifier;
import org.govbus.core.soap.BatchSeal;
import org.govbus.core.soap.BusHeaders;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.soap.SoapMessages;
import org.govbus.core.soap.SoapSealer;
import org.govbus.core.soap.MessageSigner;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.xml.SecureXml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class AnswerSealerTest {
    static final SystemId BUS = SystemId.parse("KZ/GOV/GOVBUS/bus");
    static final SystemId PORTAL = SystemId.parse("KZ/GOV/EGOV/portal");
    static final byte[] REQUEST = "the request as the client sent it".getBytes(StandardCharsets.UTF_8);
    static SoapSealer sealer;
    static AnswerVerifier answers;
    static KeyMaterial portalKey;

    @BeforeAll
    static void pki() {
        Instant now = Instant.now();
        Pki.Authority ca = Pki.rootAuthority("Test CA", now.minusSeconds(3600), now.plus(Duration.ofDays(10)));
        KeyMaterial busKey = Pki.issue(ca, BUS, now.minusSeconds(3600), now.plus(Duration.ofDays(5)), "pw".toCharArray());
        portalKey = Pki.issue(ca, PORTAL, now.minusSeconds(3600), now.plus(Duration.ofDays(5)), "pw".toCharArray());
        sealer = new SoapSealer(new AnswerSealer(), new MessageSigner(busKey, 300));
        answers = new AnswerVerifier(new MessageVerifier(TrustAnchors.of(List.of(ca.certificate())), Duration.ofMinutes(5)), BUS);
    }

    static BusHeader fields() {
        return new BusHeader(UUID.randomUUID(), null, PORTAL, ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1"),
                "operator-1", "test", Instant.now());
    }

    static SoapEnvelope answer(BusHeader f, String surname) {
        Element payload = SecureXml.parse(("<p:personByIinResponse xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\">"
                + "<p:found>true</p:found><p:surname>" + surname + "</p:surname></p:personByIinResponse>").getBytes(StandardCharsets.UTF_8))
                .getDocumentElement();
        return SoapMessages.envelope(f, payload, Digests.sha256(REQUEST));
    }

    static byte[] sealed(BusHeader f, String surname) {
        SoapEnvelope a = answer(f, surname);
        sealer.seal(a);
        return SecureXml.toBytes(a.document());
    }

    static void assertBadSignature(Runnable verification, String reasonPart) {
        assertThatThrownBy(verification::run).isInstanceOfSatisfying(BusException.class, e -> {
            assertThat(e.code()).isEqualTo(FaultCode.BAD_SIGNATURE);
            assertThat(e.reason()).contains(reasonPart);
        });
    }

    @Test
    void aSealedAnswerVerifiesAndIsBoundToItsRequest() {
        BusHeader f = fields();
        SoapEnvelope verified = answers.verify(sealed(f, "Петров"), REQUEST, f);
        assertThat(verified.payload().getTextContent()).contains("Петров");
    }

    @Test
    void theSealsHeaderBlocksAreWhatTheEnvelopeSchemaDescribes() {
        SoapEnvelope a = SoapEnvelope.ofAnswer(SecureXml.parse(sealed(fields(), "Петров")));
        org.govbus.core.xml.PayloadSchemas schemas = org.govbus.core.xml.PayloadSchemas.of(
                org.govbus.core.xml.ServiceCatalog.discover(getClass().getClassLoader()));
        schemas.validate(a.headerBlock(BatchSeal.SIGNED_BATCH), "the signedBatch");
        schemas.validate(a.headerBlock(BatchSeal.BATCH_PROOF), "the batchProof");
        schemas.validate(a.busHeader(), "the busHeader");
    }

    @Test
    void answersWaitingTogetherShareOneSignatureAndEachVerifies() throws Exception {
        int n = 12;
        List<BusHeader> fields = new ArrayList<>();
        List<SoapEnvelope> envelopes = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BusHeader f = fields();
            SoapEnvelope a = answer(f, "Person" + i);
            fields.add(f);
            envelopes.add(a);
            threads.add(new Thread(() -> sealer.seal(a)));
        }
        Batches.startTogether(sealer.batches(), threads);
        Batches.joinAll(threads);
        Set<String> signatures = new HashSet<>();
        for (int i = 0; i < n; i++) {
            byte[] bytes = SecureXml.toBytes(envelopes.get(i).document());
            answers.verify(bytes, REQUEST, fields.get(i));
            SoapEnvelope parsed = SoapEnvelope.ofAnswer(SecureXml.parse(bytes));
            signatures.add(parsed.document().getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "SignatureValue").item(0).getTextContent());
            assertThat(parsed.headerBlock(BatchSeal.SIGNED_BATCH).getTextContent()).endsWith(Integer.toString(n));
        }
        assertThat(signatures).hasSize(1);
    }

    @Test
    void whenSigningFailsEveryAnswerOfTheBatchFailsAndNoneWaitsForEver() throws Exception {
        KeyMaterial good = portalKey;
        KeyMaterial wrongAlias = new KeyMaterial(good.keyStore(), "no-such-alias", good.password(), good.privateKey(), good.certificate());
        SoapSealer broken = new SoapSealer(new AnswerSealer(), new MessageSigner(wrongAlias, 300));
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 4; i++) {
            SoapEnvelope a = answer(fields(), "Person" + i);
            threads.add(new Thread(() -> {
                try {
                    broken.seal(a);
                } catch (IllegalStateException e) {
                    failed.incrementAndGet();
                }
            }));
        }
        Batches.startTogether(broken.batches(), threads);
        Batches.joinAll(threads);
        assertThat(threads).noneMatch(Thread::isAlive);
        assertThat(failed.get()).isEqualTo(4);
    }

    @Test
    void anAlteredBodyDoesNotReachTheSignedRoot() {
        BusHeader f = fields();
        byte[] tampered = new String(sealed(f, "Петров"), StandardCharsets.UTF_8).replace("Петров", "Иванов").getBytes(StandardCharsets.UTF_8);
        assertBadSignature(() -> answers.verify(tampered, REQUEST, f), "not the one the bus signed");
    }

    @Test
    void anotherAnswersProofDoesNotFit() throws Exception {
        BusHeader f1 = fields();
        BusHeader f2 = fields();
        SoapEnvelope a1 = answer(f1, "One");
        SoapEnvelope a2 = answer(f2, "Two");
        List<Thread> both = List.of(new Thread(() -> sealer.seal(a1)), new Thread(() -> sealer.seal(a2)));
        Batches.startTogether(sealer.batches(), both);
        Batches.joinAll(both);
        // a1's busHeader and Body with a2's proof: same batch, same signature, wrong path
        Element proof1 = a1.headerBlock(BatchSeal.BATCH_PROOF);
        a1.header().replaceChild(a1.document().importNode(a2.headerBlock(BatchSeal.BATCH_PROOF), true), proof1);
        byte[] swapped = SecureXml.toBytes(a1.document());
        assertBadSignature(() -> answers.verify(swapped, REQUEST, f1), "not the one the bus signed");
    }

    @Test
    void anAlteredRootBreaksTheSignature() {
        BusHeader f = fields();
        SoapEnvelope a = SoapEnvelope.ofAnswer(SecureXml.parse(sealed(f, "Петров")));
        Element root = (Element) a.headerBlock(BatchSeal.SIGNED_BATCH).getElementsByTagNameNS(SoapEnvelope.BUS_NS, "root").item(0);
        // the root of a batch of one is its leaf: state the root of another answer instead
        root.setTextContent(java.util.Base64.getEncoder().encodeToString(HashTree.leaf("another answer".getBytes(StandardCharsets.UTF_8))));
        byte[] forged = SecureXml.toBytes(a.document());
        assertBadSignature(() -> answers.verify(forged, REQUEST, f), "the signature does not verify");
    }

    @Test
    void anAnswerWithoutSealIsRefused() {
        BusHeader f = fields();
        SoapEnvelope a = answer(f, "Петров");
        new MessageSigner(portalKey, 300).sign(a); // signed the way requests are, not sealed
        byte[] bytes = SecureXml.toBytes(a.document());
        assertBadSignature(() -> answers.verify(bytes, REQUEST, f), "no batch seal");
    }

    @Test
    void aSealBySomeoneOtherThanTheBusIsRefused() {
        BusHeader f = fields();
        SoapEnvelope a = answer(f, "Петров");
        new SoapSealer(new AnswerSealer(), new MessageSigner(portalKey, 300)).seal(a);
        byte[] bytes = SecureXml.toBytes(a.document());
        assertBadSignature(() -> answers.verify(bytes, REQUEST, f), "not by the bus");
    }
}
