package org.govbus.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.govbus.core.config.InputLimits;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.pipeline.Codec;
import org.govbus.core.pipeline.WireInput;
import org.govbus.core.pipeline.WireReply;
import org.govbus.core.pipeline.WireRequest;
import org.govbus.core.security.TrustAnchors;
import org.w3c.dom.Element;

/**
 * JSON over HTTP, signed with JWS: the body is the service's request in its JSON form, and
 * {@code X-GovBus-Signature} a compact JWS with a detached, unencoded payload (RFC 7515 appendix F, RFC 7797)
 * whose protected header carries {@code alg}, {@code "b64": false}, {@code "crit": ["b64"]}, the signer's
 * {@code x5c} chain and the bus header as {@code govbus}. Answers are JSON with the bus header and the batch seal in
 * {@code X-GovBus-*} headers; faults are problem+json.
 */
public final class JwsJsonCodec implements Codec {
    public static final String SIGNATURE = "X-GovBus-Signature";
    public static final String HEADER = "X-GovBus-Header";
    public static final String SEAL = "X-GovBus-Seal";
    public static final String PROOF = "X-GovBus-Proof";
    public static final String CONTENT_TYPE = "application/json";

    /** Protected-header parameters the profile reads; anything else is refused. */
    private static final Set<String> PARAMETERS = Set.of("alg", "b64", "crit", "x5c", "govbus", "typ", "kid");
    /** Ways to name a key other than x5c: each would let the message choose its own trust. */
    private static final Set<String> KEY_REFERENCES = Set.of("jwk", "jku", "x5u", "x5t", "x5t#S256");

    private final JsonForms forms;
    private final TrustAnchors trust;
    private final JsonSealer sealer;
    private final StrictJson json;

    public JwsJsonCodec(JsonForms forms, TrustAnchors trust, JsonSealer sealer) {
        this(forms, trust, sealer, InputLimits.DEFAULTS);
    }

    public JwsJsonCodec(JsonForms forms, TrustAnchors trust, JsonSealer sealer, InputLimits limits) {
        this.forms = forms;
        this.trust = trust;
        this.sealer = sealer;
        this.json = new StrictJson(limits);
    }

    @Override
    public String format() { return "json"; }

    /**
     * Content type, then the body within the edge limits, then the JWS profile and the bus header. The payload is
     * translated and checked against the service's JSON Schema only when the pipeline asks for it, after the
     * signature and the routing table, as SOAP payloads are: nothing about the catalogue is told to an unsigned request.
     */
    @Override
    public WireRequest read(WireInput input, Consumer<String> claimedMessageId) {
        requireJson(input.contentType());
        ServiceId target = target(input.target());
        String signature = input.headers().apply(SIGNATURE);
        String[] parts = signature == null ? null : signature.trim().split("\\.", -1);
        JsonNode body = json.read(input.body(), "the body");
        if (parts == null || signature.isBlank()) throw bad("the request is not signed: " + SIGNATURE + " is missing");
        if (parts.length != 3 || !parts[1].isEmpty() || parts[0].isEmpty()) {
            throw bad(SIGNATURE + " must be a compact JWS with a detached payload: BASE64URL(header)..BASE64URL(signature)");
        }
        Base64URL protectedHeader = new Base64URL(parts[0]);
        JsonNode header = protectedHeader(protectedHeader);
        checkProfile(header);
        if (parts[2].isEmpty()) throw bad("the JWS has no signature");
        JWSHeader jwsHeader;
        try {
            jwsHeader = JWSHeader.parse(protectedHeader);
        } catch (ParseException e) {
            throw bad("the JWS protected header cannot be read");
        }
        BusHeader busHeader = BusHeaderJson.read(header.get("govbus"));
        return new JwsRequest(busHeader, jwsHeader, protectedHeader, new Base64URL(parts[2]), input.body(), target,
                () -> forms.requestToXml(target, body), trust);
    }

    /** The messageId the protected header claims, read before anything is checked so that every fault can name it. */
    @Override
    public String claimedMessageId(UnaryOperator<String> headers) {
        String signature = headers.apply(SIGNATURE);
        String[] parts = signature == null ? null : signature.trim().split("\\.", -1);
        if (parts == null || parts.length != 3 || parts[0].length() > 16_384) return null;
        try {
            return BusHeaderJson.claimedMessageId(StrictJson.parse(new Base64URL(parts[0]).decode(), "the protected header"));
        } catch (RuntimeException e) {
            return null; // the checks that follow say what is wrong with it
        }
    }

    /**
     * The service a signature's protected header names, read before anything is checked (null when unreadable): what a
     * fetch is verified against, so that whether a messageId exists is told only to its own client, after its signature.
     */
    public static String claimedService(String signature) {
        String[] parts = signature == null ? null : signature.trim().split("\\.", -1);
        if (parts == null || parts.length != 3 || parts[0].length() > 16_384) return null;
        try {
            return BusHeaderJson.claimedService(StrictJson.parse(new Base64URL(parts[0]).decode(), "the protected header"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean acceptsContentType(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        return type.equals(CONTENT_TYPE) || type.equals(CONTENT_TYPE + ";charset=utf-8");
    }

    private void requireJson(String contentType) {
        if (!acceptsContentType(contentType)) {
            throw new BusException(FaultCode.UNSUPPORTED_MEDIA_TYPE, "the content type must be application/json (UTF-8)");
        }
    }

    private static ServiceId target(String service) {
        try {
            return ServiceId.parse(service);
        } catch (IllegalArgumentException e) {
            throw new BusException(FaultCode.UNKNOWN_SERVICE, "the URL names no service: /api/v1/services/INSTANCE/CLASS/MEMBER/SUBSYSTEM/CODE/VERSION");
        }
    }

    private static JsonNode protectedHeader(Base64URL encoded) {
        JsonNode header;
        try {
            header = StrictJson.parse(encoded.decode(), "the JWS protected header");
        } catch (BusException e) {
            throw bad(e.reason());
        }
        if (!header.isObject()) throw bad("the JWS protected header is not a JSON object");
        return header;
    }

    /** alg from the accepted list, the unencoded-payload parameters exactly, the key only by x5c. */
    private static void checkProfile(JsonNode header) {
        for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (KEY_REFERENCES.contains(name)) throw bad("the key must come as an x5c certificate chain, not as " + name);
            if (!PARAMETERS.contains(name)) throw bad("the protected header parameter " + name + " is not accepted");
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual() || Jws.ALGORITHMS.stream().map(JWSAlgorithm::getName).noneMatch(alg.asText()::equals)) {
            throw bad("the algorithm " + (alg == null ? "(none)" : alg.asText()) + " is not accepted (RS256, PS256, ES256)");
        }
        JsonNode b64 = header.get("b64");
        if (b64 == null || !b64.isBoolean() || b64.asBoolean()) throw bad("the protected header must say \"b64\": false (unencoded payload)");
        JsonNode crit = header.get("crit");
        if (crit == null || !crit.isArray() || crit.size() != 1 || !"b64".equals(crit.get(0).asText())) {
            throw bad("the protected header must say \"crit\": [\"b64\"]");
        }
        JsonNode x5c = header.get("x5c");
        if (x5c == null || !x5c.isArray() || x5c.isEmpty()) throw bad("the protected header carries no x5c certificate chain");
    }

    @Override
    public WireReply answer(byte[] requestHash, BusHeader header, Element payload) {
        return sealed(200, requestHash, header, StrictJson.bytes(forms.answerToJson(header.service(), payload)));
    }

    /** 202 Accepted, the receipt's fields as a JSON object, sealed like an answer. */
    @Override
    public WireReply accepted(byte[] requestHash, BusHeader header, Element receipt) {
        com.fasterxml.jackson.databind.node.ObjectNode json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (org.w3c.dom.Node n = receipt.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) json.put(e.getLocalName(), e.getTextContent());
        }
        return sealed(202, requestHash, header, StrictJson.bytes(json));
    }

    private WireReply sealed(int status, byte[] requestHash, BusHeader header, byte[] body) {
        byte[] headerBytes = StrictJson.bytes(BusHeaderJson.write(header, requestHash));
        JsonSealer.Seal seal = sealer.seal(headerBytes, body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HEADER, JsonSealer.b64url(headerBytes));
        headers.put(SEAL, seal.jws());
        headers.put(PROOF, seal.proof());
        return new WireReply(status, CONTENT_TYPE, headers, body);
    }

    @Override
    public WireReply fault(FaultCode code, String reason, String messageId) {
        return new WireReply(code.httpStatus(), ProblemJson.CONTENT_TYPE, Map.of(), ProblemJson.of(code, reason, messageId));
    }

    private static BusException bad(String reason) { return new BusException(FaultCode.BAD_SIGNATURE, reason); }
}
