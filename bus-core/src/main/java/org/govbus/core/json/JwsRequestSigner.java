package org.govbus.core.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.security.KeyMaterial;

/**
 * What a JSON client does to sign a request (see the README for the same in a few lines of any language): the
 * protected header with the bus header as {@code govbus}, and a detached JWS over the body exactly as sent.
 */
public final class JwsRequestSigner {
    private final KeyMaterial key;
    private final JWSSigner signer;

    public JwsRequestSigner(KeyMaterial key) {
        this.key = key;
        this.signer = Jws.signer(key.privateKey());
    }

    /** The protected header the bus expects, for this key and bus header. */
    public ObjectNode protectedHeader(BusHeader header) {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        h.put("alg", Jws.algorithmFor(key.privateKey()).getName());
        h.put("b64", false);
        h.putArray("crit").add("b64");
        h.putArray("x5c").add(Jws.x5c(key.certificate()).toString());
        h.set("govbus", BusHeaderJson.write(header, null));
        return h;
    }

    /** The value of {@code X-GovBus-Signature} for {@code body}. */
    public String sign(BusHeader header, byte[] body) { return sign(protectedHeader(header), body); }

    /** Signs with a protected header as given (tests build odd ones): BASE64URL(header) + ".." + BASE64URL(signature). */
    public String sign(ObjectNode protectedHeader, byte[] body) {
        Base64URL encoded = Base64URL.encode(StrictJson.bytes(protectedHeader));
        JWSHeader parsed;
        try {
            parsed = JWSHeader.parse(encoded);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWS header: " + e.getMessage(), e);
        }
        return encoded + ".." + Jws.sign(signer, parsed, JwsRequest.signingInput(encoded, body));
    }

    /** The signing input of a request, whose SHA-256 the answer states as {@code requestHash}. */
    public static byte[] signingInput(String signatureHeader, byte[] body) {
        return JwsRequest.signingInput(new Base64URL(signatureHeader.substring(0, signatureHeader.indexOf('.'))), body);
    }
}
