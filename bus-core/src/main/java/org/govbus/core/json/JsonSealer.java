package org.govbus.core.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.govbus.core.security.AnswerSealer;
import org.govbus.core.security.HashTree;
import org.govbus.core.security.KeyMaterial;

/**
 * Seals JSON answers through the bus's {@link AnswerSealer}, in the same batches as SOAP answers. The JSON form of
 * a batch seal is a compact JWS (attached payload {@code {"root": BASE64URL(root), "size": n}}, {@code x5c} = the
 * bus certificate), shared by the batch's JSON answers; each answer has its own proof.
 */
public final class JsonSealer implements AnswerSealer.BatchSigner<String> {
    private final AnswerSealer sealer;
    private final JWSHeader header;
    private final JWSSigner signer;

    public JsonSealer(AnswerSealer sealer, KeyMaterial busKey) {
        this.sealer = sealer;
        this.header = new JWSHeader.Builder(Jws.algorithmFor(busKey.privateKey()))
                .x509CertChain(List.of(Jws.x5c(busKey.certificate()))).build();
        this.signer = Jws.signer(busKey.privateKey());
    }

    /** The seal of one answer: the batch's JWS, and this answer's proof as {@code X-GovBus-Proof} writes it. */
    public record Seal(String jws, String proof) {}

    /** Seals an answer whose {@code X-GovBus-Header} decodes to {@code headerBytes}; returns once its batch is signed. */
    public Seal seal(byte[] headerBytes, byte[] body) {
        Seal[] out = new Seal[1];
        sealer.seal(HashTree.leaf(headerBytes, body), this, (jws, proof) -> out[0] = new Seal(jws, proofText(proof)));
        return out[0];
    }

    /** {@code L.<sibling>} or {@code R.<sibling>} (BASE64URL) per level, bottom up, comma-separated; empty for a batch of one. */
    static String proofText(List<HashTree.Step> proof) {
        return proof.stream().map(s -> (s.siblingOnLeft() ? "L." : "R.") + b64url(s.sibling())).collect(Collectors.joining(","));
    }

    @Override
    public String sign(byte[] root, int size) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("root", b64url(root));
        payload.put("size", size);
        JWSObject jws = new JWSObject(header, new Payload(StrictJson.bytes(payload)));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot seal the batch: " + e.getMessage(), e);
        }
        return jws.serialize();
    }

    static String b64url(byte[] b) { return Base64.getUrlEncoder().withoutPadding().encodeToString(b); }
}
