package org.govbus.core.soap;

import org.govbus.core.pipeline.BusHeader;

import java.security.MessageDigest;
import java.time.Instant;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.SystemId;
import org.govbus.core.security.Digests;
import org.govbus.core.security.HashTree;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.security.SystemCertificates;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Element;

/**
 * What a client checks of an answer: signed by the bus, for this very request (same messageId, and the
 * requestHash equals the hash of the bytes the client sent).
 */
public final class AnswerVerifier {
    private final MessageVerifier verifier;
    private final SystemId bus;

    public AnswerVerifier(MessageVerifier verifier, SystemId bus) {
        this.verifier = verifier;
        this.bus = bus;
    }

    /** Returns the verified answer envelope; a fault answer is thrown as the BusException it carries. */
    public SoapEnvelope verify(byte[] answer, byte[] requestSent, BusHeader request) {
        SoapEnvelope envelope = verifyKept(answer, request.messageId());
        byte[] hash = BusHeaders.requestHashOf(envelope.busHeader());
        if (hash == null || !MessageDigest.isEqual(hash, Digests.sha256(requestSent))) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the answer's requestHash does not match the request sent");
        }
        return envelope;
    }

    /**
     * An answer fetched later without the request at hand ({@code govbus fetch}): the seal, the bus and the messageId
     * are checked, the requestHash cannot be. A fault answer is thrown as the BusException it carries.
     */
    public SoapEnvelope verifyKept(byte[] answer, java.util.UUID messageId) {
        org.w3c.dom.Document doc;
        try {
            doc = SecureXml.parse(answer);
        } catch (BusException e) {
            throw new IllegalStateException("the bus's answer is not XML (" + answer.length + " bytes)");
        }
        // a comment is outside what exclusive c14n covers: it could split a value without breaking the seal
        SecureXml.rejectCommentsAndInstructions(doc);
        String faultCode = SoapMessages.faultCodeOf(doc);
        if (faultCode != null) {
            // an unknown code is not passed off as one of the taxonomy
            FaultCode code;
            try {
                code = FaultCode.fromCode(faultCode);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the bus answered with an unknown fault code " + faultCode);
            }
            throw new BusException(code, SoapMessages.faultStringOf(doc));
        }
        SoapEnvelope envelope = SoapEnvelope.ofAnswer(doc);
        verifySeal(envelope);
        BusHeader header = BusHeaders.read(envelope.busHeader());
        if (!header.messageId().equals(messageId)) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the answer is for message " + header.messageId() + ", not " + messageId);
        }
        return envelope;
    }

    /**
     * The bus's signature covers the signedBatch, and this answer's busHeader and Body lead through its
     * batchProof to the root the signedBatch states: the answer is one the bus signed, unaltered.
     */
    public void verifySeal(SoapEnvelope answer) {
        Element signedBatch = answer.headerBlock(BatchSeal.SIGNED_BATCH);
        Element proof = answer.headerBlock(BatchSeal.BATCH_PROOF);
        if (signedBatch == null || proof == null) throw new BusException(FaultCode.BAD_SIGNATURE, "the answer carries no batch seal");
        var cert = verifier.verifyCovering(answer, Instant.now(), signedBatch).certificate();
        if (!bus.equals(SystemCertificates.systemOf(cert))) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the answer is signed by " + SystemCertificates.describe(cert) + ", not by the bus " + bus);
        }
        byte[] root = HashTree.fold(BatchSeal.leafOf(answer), BatchSeal.pathOf(proof));
        if (!MessageDigest.isEqual(root, BatchSeal.rootOf(signedBatch))) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the answer's busHeader or Body is not the one the bus signed");
        }
    }
}
