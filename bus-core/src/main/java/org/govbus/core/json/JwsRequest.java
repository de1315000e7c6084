package org.govbus.core.json;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.security.Digests;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.pipeline.WireRequest;
import org.govbus.core.security.TrustAnchors;
import org.w3c.dom.Element;

/** A JSON request as received: its body, its detached JWS, the bus header in it, and the payload in canonical XML. */
final class JwsRequest implements WireRequest {
    private final BusHeader header;
    private final JWSHeader jwsHeader;
    private final Base64URL protectedHeader;
    private final Base64URL signature;
    private final byte[] signingInput;
    private final byte[] body;
    private final ServiceId target;
    private final Supplier<Element> translation;
    private final TrustAnchors trust;
    private Element payload;

    /** @param translation the body in canonical XML, checked against the service's JSON Schema: made when first asked for */
    JwsRequest(BusHeader header, JWSHeader jwsHeader, Base64URL protectedHeader, Base64URL signature, byte[] body,
               ServiceId target, Supplier<Element> translation, TrustAnchors trust) {
        this.header = header;
        this.jwsHeader = jwsHeader;
        this.protectedHeader = protectedHeader;
        this.signature = signature;
        this.body = body;
        this.signingInput = signingInput(protectedHeader, body);
        this.target = target;
        this.translation = translation;
        this.trust = trust;
    }

    /** ASCII(BASE64URL(protected header)) || '.' || the body exactly as sent (RFC 7797, unencoded payload). */
    static byte[] signingInput(Base64URL protectedHeader, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + protectedHeader.toString().length() + 1);
        out.writeBytes(protectedHeader.toString().getBytes(StandardCharsets.US_ASCII));
        out.write('.');
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Override
    public BusHeader header() { return header; }

    /** The JWS with its payload in place: BASE64URL(protected) '.' body '.' BASE64URL(signature), all the client signed and its signature. */
    @Override
    public byte[] logged() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(signingInput.length + signature.toString().length() + 1);
        out.writeBytes(signingInput);
        out.write('.');
        out.writeBytes(signature.toString().getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** SHA-256 of the signing input: the protected header (so the bus header) and the body. */
    @Override
    public byte[] requestHash() { return Digests.sha256(signingInput); }

    /** Called by the request's own thread only (authorize, then dispatch). */
    @Override
    public Element payload() {
        if (payload == null) payload = translation.get();
        return payload;
    }

    /** The signature over the signing input with the x5c certificate's key, the service signed = the URL's, then trust. */
    @Override
    public X509Certificate verifySignature(Instant now) {
        List<X509Certificate> chain = Jws.certificates(jwsHeader.getX509CertChain());
        if (!Jws.verifies(jwsHeader, signingInput, signature, chain.get(0))) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the signature does not verify over the protected header and the body as sent");
        }
        if (!header.service().equals(target)) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the request is signed for " + header.service() + ", not for " + target + " of the URL");
        }
        trust.verify(chain, Date.from(now));
        return chain.get(0);
    }
}
