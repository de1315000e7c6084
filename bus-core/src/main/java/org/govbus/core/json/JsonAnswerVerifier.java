package org.govbus.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.SystemId;
import org.govbus.core.security.Digests;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.security.HashTree;
import org.govbus.core.security.SystemCertificates;
import org.govbus.core.security.TrustAnchors;

/**
 * What a JSON client checks of an answer: the seal is a JWS by the bus over a hash-tree root, this answer's header
 * and body lead to that root through its proof, and the header binds the answer to the request sent (same
 * messageId, requestHash = SHA-256 of the request's signing input). A stock JOSE library and these few lines.
 */
public final class JsonAnswerVerifier {
    private final TrustAnchors trust;
    private final SystemId bus;

    public JsonAnswerVerifier(TrustAnchors trust, SystemId bus) {
        this.trust = trust;
        this.bus = bus;
    }

    /**
     * Returns the verified answer body (200), or the verified receipt of an asynchronous request (202); a problem+json
     * answer is thrown as the BusException it states.
     *
     * @param headers the answer's HTTP headers by name
     * @param signingInput the request's signing input ({@link JwsRequestSigner#signingInput})
     */
    public JsonNode verify(int status, UnaryOperator<String> headers, byte[] body, byte[] signingInput, BusHeader request) {
        return verify(status, headers, body, signingInput, request.messageId());
    }

    /**
     * An answer fetched later without the request at hand ({@code govbus fetch}): the seal, the bus and the messageId
     * are checked, the requestHash cannot be.
     */
    public JsonNode verifyKept(int status, UnaryOperator<String> headers, byte[] body, java.util.UUID messageId) {
        return verify(status, headers, body, null, messageId);
    }

    private JsonNode verify(int status, UnaryOperator<String> headers, byte[] body, byte[] signingInput, java.util.UUID messageId) {
        if (status != 200 && status != 202) throw ProblemJson.read(body);
        try {
            return verifySealed(headers, body, signingInput, messageId);
        } catch (IllegalArgumentException e) {
            throw bad("the answer's seal holds something that is not base64url");
        }
    }

    private JsonNode verifySealed(UnaryOperator<String> headers, byte[] body, byte[] signingInput, java.util.UUID messageId) {
        String headerText = headers.apply(JwsJsonCodec.HEADER);
        String sealText = headers.apply(JwsJsonCodec.SEAL);
        if (headerText == null || sealText == null) throw bad("the answer carries no seal");
        JWSObject seal;
        try {
            seal = JWSObject.parse(sealText);
        } catch (ParseException e) {
            throw bad("the seal is not a compact JWS");
        }
        var chain = Jws.certificates(seal.getHeader().getX509CertChain());
        if (!Jws.verifies(seal.getHeader(), seal.getSigningInput(), seal.getSignature(), chain.get(0))) {
            throw bad("the seal's signature does not verify");
        }
        trust.verify(chain, Date.from(Instant.now()));
        if (!bus.equals(SystemCertificates.systemOf(chain.get(0)))) {
            throw bad("the answer is sealed by " + SystemCertificates.describe(chain.get(0)) + ", not by the bus " + bus);
        }
        JsonNode batch = StrictJson.parse(seal.getPayload().toBytes(), "the seal's payload");
        byte[] headerBytes = Base64.getUrlDecoder().decode(headerText);
        byte[] root = HashTree.fold(HashTree.leaf(headerBytes, body), proof(headers.apply(JwsJsonCodec.PROOF)));
        if (!MessageDigest.isEqual(root, Base64.getUrlDecoder().decode(batch.path("root").asText()))) {
            throw bad("the answer's header or body is not the one the bus sealed");
        }
        JsonNode header = StrictJson.parse(headerBytes, "the answer header");
        if (!messageId.toString().equals(header.path("messageId").asText())) {
            throw bad("the answer is for message " + header.path("messageId").asText() + ", not " + messageId);
        }
        if (signingInput != null && !MessageDigest.isEqual(Digests.sha256(signingInput), Base64.getUrlDecoder().decode(header.path("requestHash").asText()))) {
            throw bad("the answer's requestHash does not match the request sent");
        }
        return StrictJson.parse(body, "the answer body");
    }

    static List<HashTree.Step> proof(String text) {
        List<HashTree.Step> steps = new ArrayList<>();
        if (text == null || text.isBlank()) return steps;
        for (String step : text.split(",")) {
            String s = step.trim();
            if (s.length() < 3 || s.charAt(1) != '.' || (s.charAt(0) != 'L' && s.charAt(0) != 'R')) throw bad("a proof step is not L.<hash> or R.<hash>");
            steps.add(new HashTree.Step(s.charAt(0) == 'L', Base64.getUrlDecoder().decode(s.substring(2))));
        }
        return steps;
    }

    private static BusException bad(String reason) { return new BusException(FaultCode.BAD_SIGNATURE, reason); }
}
