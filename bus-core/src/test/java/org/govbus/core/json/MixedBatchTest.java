package org.govbus.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.govbus.core.concurrent.Batches;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.security.Digests;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.pki.Pki;
import org.govbus.core.security.AnswerSealer;
import org.govbus.core.security.KeyMaterial;
import org.govbus.core.security.TrustAnchors;
import org.govbus.core.soap.AnswerVerifier;
import org.govbus.core.soap.MessageSigner;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.soap.SoapMessages;
import org.govbus.core.soap.SoapSealer;
import org.govbus.core.xml.SecureXml;
import org.junit.jupiter.api.Test;

/** SOAP and JSON answers waiting together share one hash tree: each format signs the root once, every answer verifies. */
class MixedBatchTest {
    static final SystemId BUS = SystemId.parse("KZ/GOV/GOVBUS/bus");
    static final SystemId PORTAL = SystemId.parse("KZ/GOV/EGOV/portal");
    static final byte[] REQUEST = "the request as signed".getBytes(StandardCharsets.UTF_8);
    static final String NS = "urn:govbus:service:gbd-fl:person-by-iin:v1";

    static BusHeader header() {
        return new BusHeader(UUID.randomUUID(), null, PORTAL, ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1"), "operator-1", "test", Instant.now());
    }

    @Test
    void soapAndJsonAnswersOfOneBatchEachVerify() throws Exception {
        Instant now = Instant.now();
        Pki.Authority ca = Pki.rootAuthority("Test CA", now.minusSeconds(3600), now.plus(Duration.ofDays(10)));
        KeyMaterial busKey = Pki.issue(ca, BUS, now.minusSeconds(3600), now.plus(Duration.ofDays(5)), "pw".toCharArray());
        TrustAnchors trust = TrustAnchors.of(List.of(ca.certificate()));
        AnswerSealer sealer = new AnswerSealer();
        SoapSealer soap = new SoapSealer(sealer, new MessageSigner(busKey, 300));
        JsonSealer json = new JsonSealer(sealer, busKey);
        List<Integer> batchSizes = new ArrayList<>();
        sealer.batches().observe((size, nanos) -> batchSizes.add(size));

        int n = 5;
        List<BusHeader> headers = new ArrayList<>();
        List<SoapEnvelope> soapAnswers = new ArrayList<>();
        List<byte[]> jsonHeaders = new ArrayList<>();
        byte[] jsonBody = "{\"found\":false}".getBytes(StandardCharsets.UTF_8);
        JsonSealer.Seal[] seals = new JsonSealer.Seal[n];
        List<Thread> threads = new ArrayList<>();
        byte[] requestHash = Digests.sha256(REQUEST);
        for (int i = 0; i < n; i++) {
            BusHeader h = header();
            headers.add(h);
            SoapEnvelope a = SoapMessages.envelope(h, SecureXml.parse(("<p:personByIinResponse xmlns:p=\"" + NS + "\"><p:found>false</p:found>"
                    + "</p:personByIinResponse>").getBytes(StandardCharsets.UTF_8)).getDocumentElement(), requestHash);
            soapAnswers.add(a);
            byte[] jh = StrictJson.bytes(BusHeaderJson.write(h, requestHash));
            jsonHeaders.add(jh);
            int k = i;
            threads.add(new Thread(() -> soap.seal(a)));
            threads.add(new Thread(() -> seals[k] = json.seal(jh, jsonBody)));
        }
        Batches.startTogether(sealer.batches(), threads);
        Batches.joinAll(threads);

        assertThat(batchSizes).containsExactly(2 * n);
        AnswerVerifier soapVerifier = new AnswerVerifier(new MessageVerifier(trust, Duration.ofMinutes(5)), BUS);
        JsonAnswerVerifier jsonVerifier = new JsonAnswerVerifier(trust, BUS);
        String sharedJws = seals[0].jws();
        for (int i = 0; i < n; i++) {
            soapVerifier.verify(SecureXml.toBytes(soapAnswers.get(i).document()), REQUEST, headers.get(i));
            assertThat(seals[i].jws()).as("one JWS for the batch's JSON answers").isEqualTo(sharedJws);
            assertThat(seals[i].proof()).as("a path through a tree of %d leaves", 2 * n).matches("([LR]\\.[A-Za-z0-9_-]{43},?){2,4}");
            Map<String, String> h = Map.of(JwsJsonCodec.HEADER, Base64.getUrlEncoder().withoutPadding().encodeToString(jsonHeaders.get(i)),
                    JwsJsonCodec.SEAL, seals[i].jws(), JwsJsonCodec.PROOF, seals[i].proof());
            JsonNode body = jsonVerifier.verify(200, h::get, jsonBody, REQUEST, headers.get(i));
            assertThat(body.path("found").asBoolean(true)).isFalse();
        }
        // the JSON seal states the whole batch, SOAP answers included
        String payload = new String(Base64.getUrlDecoder().decode(sharedJws.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"size\":" + 2 * n);
        // another answer's proof does not fit
        Map<String, String> swapped = Map.of(JwsJsonCodec.HEADER, Base64.getUrlEncoder().withoutPadding().encodeToString(jsonHeaders.get(0)),
                JwsJsonCodec.SEAL, sharedJws, JwsJsonCodec.PROOF, seals[1].proof());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jsonVerifier.verify(200, swapped::get, jsonBody, REQUEST, headers.get(0)))
                .hasMessageContaining("not the one the bus sealed");
    }

    @Test
    void whenOneFormatCannotSignTheOtherFormatsAnswersAreStillSealed() throws Exception {
        Instant now = Instant.now();
        Pki.Authority ca = Pki.rootAuthority("Test CA", now.minusSeconds(3600), now.plus(Duration.ofDays(10)));
        KeyMaterial busKey = Pki.issue(ca, BUS, now.minusSeconds(3600), now.plus(Duration.ofDays(5)), "pw".toCharArray());
        KeyMaterial wrongAlias = new KeyMaterial(busKey.keyStore(), "no-such-alias", busKey.password(), busKey.privateKey(), busKey.certificate());
        AnswerSealer sealer = new AnswerSealer();
        SoapSealer brokenSoap = new SoapSealer(sealer, new MessageSigner(wrongAlias, 300));
        JsonSealer json = new JsonSealer(sealer, busKey);
        java.util.concurrent.atomic.AtomicInteger soapFailed = new java.util.concurrent.atomic.AtomicInteger();
        JsonSealer.Seal[] seal = new JsonSealer.Seal[1];
        BusHeader h = header();
        SoapEnvelope a = SoapMessages.envelope(h, SecureXml.parse(("<p:personByIinResponse xmlns:p=\"" + NS + "\"><p:found>false</p:found>"
                + "</p:personByIinResponse>").getBytes(StandardCharsets.UTF_8)).getDocumentElement(), new byte[32]);
        List<Thread> threads = List.of(new Thread(() -> {
            try {
                brokenSoap.seal(a);
            } catch (IllegalStateException e) {
                soapFailed.incrementAndGet();
            }
        }), new Thread(() -> seal[0] = json.seal("{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8))));
        Batches.startTogether(sealer.batches(), threads);
        Batches.joinAll(threads);
        assertThat(soapFailed.get()).isEqualTo(1);
        assertThat(seal[0]).isNotNull();
        assertThat(seal[0].proof()).matches("[LR]\\.[A-Za-z0-9_-]{43}");
    }
}
