package org.govbus.core.soap;

import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.govbus.core.security.KeyMaterial;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs an envelope the way the bus requires of everyone, clients and the bus alike: a WS-Security header
 * with a Timestamp and the signer's certificate as a BinarySecurityToken, and one signature over the
 * Timestamp, the bus header and the Body (RSA-SHA256 or ECDSA-SHA256 by key type, exclusive c14n).
 */
public final class MessageSigner {
    static {
        WSSConfig.init();
    }

    private final KeyMaterial key;
    private final Merlin crypto;
    private final int timestampTtlSeconds;
    private final java.time.Clock clock;

    public MessageSigner(KeyMaterial key, int timestampTtlSeconds) {
        this(key, timestampTtlSeconds, java.time.Clock.systemUTC());
    }

    /** With a clock of its own, for tests that need a message from the past. */
    public MessageSigner(KeyMaterial key, int timestampTtlSeconds, java.time.Clock clock) {
        this.key = key;
        this.clock = clock;
        this.timestampTtlSeconds = timestampTtlSeconds;
        this.crypto = new Merlin();
        this.crypto.setKeyStore(key.keyStore());
        // unlocking a PKCS#12 key runs PBKDF2: once, not per signature
        this.crypto.setEnablePrivateKeyCaching(true);
    }

    public KeyMaterial key() { return key; }

    /** Adds the security header and signature over Timestamp, busHeader and Body to the envelope in place. */
    public void sign(SoapEnvelope envelope) {
        sign(envelope.document(), false, envelope.busHeader(), envelope.body());
    }

    /**
     * Adds a security header to a SOAP document and signs its Timestamp and the given elements. With
     * {@code portable}, no inclusive-namespace prefix lists are written, so the signature's canonical form does
     * not depend on the elements' ancestors and the signed blocks can be copied into other envelopes.
     */
    public Element sign(Document document, boolean portable, Element... parts) {
        try {
            WSSecHeader securityHeader = new WSSecHeader(document);
            Element security = securityHeader.insertSecurityHeader();
            WSSecTimestamp timestamp = new WSSecTimestamp(securityHeader);
            timestamp.setTimeToLive(timestampTtlSeconds);
            timestamp.setWsTimeSource(clock::instant);
            timestamp.build();

            WSSecSignature signature = new WSSecSignature(securityHeader);
            signature.setUserInfo(key.alias(), new String(key.password()));
            signature.setKeyIdentifierType(WSConstants.BST_DIRECT_REFERENCE);
            signature.setSignatureAlgorithm(
                    "EC".equals(key.privateKey().getAlgorithm()) ? WSConstants.ECDSA_SHA256 : WSConstants.RSA_SHA256);
            signature.setDigestAlgo(WSConstants.SHA256);
            signature.setSigCanonicalization(WSConstants.C14N_EXCL_OMIT_COMMENTS);
            if (portable) signature.setAddInclusivePrefixes(false);
            signature.getParts().add(part(timestamp.getElement()));
            for (Element p : parts) signature.getParts().add(part(p));
            signature.build(crypto);
            return security;
        } catch (WSSecurityException e) {
            throw new IllegalStateException("cannot sign the envelope: " + e.getMessage(), e);
        }
    }

    private static WSEncryptionPart part(Element element) {
        WSEncryptionPart part = new WSEncryptionPart(element.getLocalName(), element.getNamespaceURI(), "Element");
        part.setElement(element);
        return part;
    }

}
