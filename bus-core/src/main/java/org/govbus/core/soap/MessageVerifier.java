package org.govbus.core.soap;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.wss4j.common.crypto.AlgorithmSuite;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.WSDataRef;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.engine.WSSecurityEngine;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.RequestData;
import org.apache.wss4j.dom.handler.WSHandlerResult;
import org.apache.wss4j.dom.message.token.Timestamp;
import org.apache.wss4j.dom.validate.NoOpValidator;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.security.TrustAnchors;
import org.w3c.dom.Element;

/**
 * Verifies the WS-Security header of an envelope with WSS4J, then checks what WSS4J leaves to the caller:
 * that the Body, the bus header and the Timestamp the bus reads are the very elements the one signature
 * covers (no signature wrapping), and that the signer's certificate is valid and chains to a trust anchor.
 */
public final class MessageVerifier {
    static {
        WSSConfig.init();
    }

    private final TrustAnchors trust;
    private final Duration allowedSkew;
    private final WSSConfig config;
    private final Merlin crypto;

    public MessageVerifier(TrustAnchors trust, Duration allowedSkew) {
        this.trust = trust;
        this.allowedSkew = allowedSkew;
        this.config = WSSConfig.getNewInstance();
        // WSS4J would check trust with its own error codes; the bus checks it after, to tell
        // an expired or unknown certificate apart from a broken signature.
        this.config.setValidator(WSConstants.SIGNATURE, new NoOpValidator());
        this.crypto = new Merlin();
        this.crypto.setTrustStore(trust.keyStore());
    }

    /** The verified signer of an envelope. */
    public record Signer(X509Certificate certificate) {}

    /** Verifies a request: the one signature covers its Timestamp, busHeader and Body. */
    public Signer verify(SoapEnvelope envelope, Instant now) {
        return verifyCovering(envelope, now, envelope.body(), envelope.busHeader());
    }

    /** Verifies that the one signature covers the Timestamp and these very elements, and trusts its certificate. */
    public Signer verifyCovering(SoapEnvelope envelope, Instant now, Element... mustBeCovered) {
        checkSecurityHeaderShape(envelope);
        WSHandlerResult result = process(envelope);
        if (result == null) throw new BusException(FaultCode.BAD_SIGNATURE, "the message is not signed");
        List<WSSecurityEngineResult> signatures = result.getActionResults().getOrDefault(WSConstants.SIGN, List.of());
        if (signatures.isEmpty()) throw new BusException(FaultCode.BAD_SIGNATURE, "the message is not signed");
        if (signatures.size() != 1) throw new BusException(FaultCode.BAD_SIGNATURE, "exactly one signature is expected");
        List<WSSecurityEngineResult> stamps = result.getActionResults().getOrDefault(WSConstants.TS, List.of());
        if (stamps.size() != 1) throw new BusException(FaultCode.BAD_SIGNATURE, "exactly one wsu:Timestamp is expected");

        WSSecurityEngineResult signature = signatures.get(0);
        Set<Element> covered = Collections.newSetFromMap(new IdentityHashMap<>());
        @SuppressWarnings("unchecked")
        List<WSDataRef> refs = (List<WSDataRef>) signature.get(WSSecurityEngineResult.TAG_DATA_REF_URIS);
        if (refs != null) {
            for (WSDataRef ref : refs) covered.add(ref.getProtectedElement());
        }
        Element timestamp = ((Timestamp) stamps.get(0).get(WSSecurityEngineResult.TAG_TIMESTAMP)).getElement();
        for (Element e : mustBeCovered) requireCovered(covered, e, "the " + e.getLocalName());
        requireCovered(covered, timestamp, "the Timestamp");

        X509Certificate certificate = (X509Certificate) signature.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE);
        if (certificate == null) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the signature must carry its certificate as a BinarySecurityToken");
        }
        trust.verify(List.of(certificate), Date.from(now));
        return new Signer(certificate);
    }

    /**
     * Only what the bus's own profile uses may be in the Security header: a token, a signature, a timestamp,
     * addressed to no particular actor. Anything else (SAML, encrypted keys, usernames) is refused before
     * WSS4J gets to process it.
     */
    private static void checkSecurityHeaderShape(SoapEnvelope envelope) {
        Element security = null;
        for (org.w3c.dom.Node n = envelope.header().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && SoapEnvelope.WSSE_NS.equals(e.getNamespaceURI()) && "Security".equals(e.getLocalName())) {
                security = e;
            }
        }
        if (security == null) throw new BusException(FaultCode.BAD_SIGNATURE, "the message is not signed");
        if (security.hasAttributeNS(SoapEnvelope.SOAP_NS, "actor")) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the Security header must not be addressed to an actor");
        }
        for (org.w3c.dom.Node n = security.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && !ALLOWED_IN_SECURITY.contains(e.getNamespaceURI() + " " + e.getLocalName())) {
                throw new BusException(FaultCode.BAD_SIGNATURE,
                        "{" + e.getNamespaceURI() + "}" + e.getLocalName() + " is not accepted in the Security header");
            }
        }
    }

    private static final Set<String> ALLOWED_IN_SECURITY = Set.of(
            SoapEnvelope.WSSE_NS + " BinarySecurityToken",
            WSConstants.WSU_NS + " Timestamp",
            WSConstants.SIG_NS + " Signature");

    private WSHandlerResult process(SoapEnvelope envelope) {
        RequestData data = new RequestData();
        data.setWssConfig(config);
        data.setSigVerCrypto(crypto);
        int skew = (int) allowedSkew.toSeconds();
        data.setTimeStampTTL(skew);
        data.setTimeStampFutureTTL(skew);
        data.setTimeStampStrict(true);
        data.setRequireTimestampExpires(true);
        data.setAlgorithmSuite(algorithms());
        WSSecurityEngine engine = new WSSecurityEngine();
        engine.setWssConfig(config);
        try {
            return engine.processSecurityHeader(envelope.document(), data);
        } catch (WSSecurityException e) {
            throw translate(e);
        } catch (RuntimeException | LinkageError e) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the Security header cannot be processed");
        }
    }

    private static BusException translate(WSSecurityException e) {
        if (e.getErrorCode() == WSSecurityException.ErrorCode.MESSAGE_EXPIRED) {
            return new BusException(FaultCode.STALE_TIMESTAMP, "the wsu:Timestamp is outside the allowed skew");
        }
        String reason = switch (e.getErrorCode()) {
            case FAILED_CHECK -> "the signature does not verify";
            case UNSUPPORTED_ALGORITHM -> "the signature uses an algorithm the bus does not accept";
            case SECURITY_TOKEN_UNAVAILABLE -> "the signature's certificate is not in the message";
            case INVALID_SECURITY, INVALID_SECURITY_TOKEN -> "the Security header is not valid";
            default -> "the Security header cannot be verified";
        };
        // WSS4J's text names its rules (BSP:R5423) and classes: for the operator's log, not the client
        return new BusException(FaultCode.BAD_SIGNATURE, reason, e.getErrorCode() + ": " + e.getMessage(), null);
    }

    private static void requireCovered(Set<Element> covered, Element element, String what) {
        if (!covered.contains(element)) {
            throw new BusException(FaultCode.BAD_SIGNATURE, what + " is not covered by the signature");
        }
    }

    private static AlgorithmSuite algorithms() {
        AlgorithmSuite suite = new AlgorithmSuite();
        suite.addSignatureMethod(WSConstants.RSA_SHA256);
        suite.addSignatureMethod(WSConstants.ECDSA_SHA256);
        suite.addDigestAlgorithm(WSConstants.SHA256);
        suite.addC14nAlgorithm(WSConstants.C14N_EXCL_OMIT_COMMENTS);
        suite.addTransformAlgorithm(WSConstants.C14N_EXCL_OMIT_COMMENTS);
        suite.setMinimumAsymmetricKeyLength(2048);
        suite.setMinimumEllipticCurveKeyLength(256);
        return suite;
    }
}
