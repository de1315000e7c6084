package org.govbus.core.soap;

import java.util.List;
import java.util.UUID;
import org.govbus.core.concurrent.GroupCommit;
import org.govbus.core.security.AnswerSealer;
import org.govbus.core.security.HashTree;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Seals SOAP answers through the bus's {@link AnswerSealer}. The SOAP form of a batch seal is a WS-Security header
 * whose one signature covers a {@code gb:signedBatch} block holding the root; both are copied into every SOAP answer
 * of the batch, with the answer's own {@code gb:batchProof}. See {@link BatchSeal}.
 */
public final class SoapSealer implements AnswerSealer.BatchSigner<SoapSealer.SignedBatch> {
    private static final String SOAP_PREFIX = "soapenv";
    private final AnswerSealer sealer;
    private final MessageSigner signer;

    public SoapSealer(AnswerSealer sealer, MessageSigner signer) {
        this.sealer = sealer;
        this.signer = signer;
    }

    /** Seals an answer in place; returns once the batch it joined is signed. */
    public void seal(SoapEnvelope answer) {
        sealer.seal(BatchSeal.leafOf(answer), this, (batch, proof) -> batch.copyInto(answer, proof));
    }

    /** The batching behind this sealer, for tests that need answers to wait together. */
    public GroupCommit<?> batches() { return sealer.batches(); }

    /** The signed blocks of one batch, in a document of their own. */
    public record SignedBatch(Element security, Element signedBatch) {
        void copyInto(SoapEnvelope answer, List<HashTree.Step> proof) {
            Document doc = answer.document();
            Element header = answer.header();
            header.insertBefore(doc.importNode(security, true), header.getFirstChild());
            header.appendChild(doc.importNode(signedBatch, true));
            BatchSeal.writeProof(header, proof);
        }
    }

    @Override
    public SignedBatch sign(byte[] root, int size) {
        Document template = SecureXml.newDocument();
        Element envelope = template.createElementNS(SoapEnvelope.SOAP_NS, SOAP_PREFIX + ":Envelope");
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:" + SOAP_PREFIX, SoapEnvelope.SOAP_NS);
        template.appendChild(envelope);
        Element header = (Element) envelope.appendChild(template.createElementNS(SoapEnvelope.SOAP_NS, SOAP_PREFIX + ":Header"));
        envelope.appendChild(template.createElementNS(SoapEnvelope.SOAP_NS, SOAP_PREFIX + ":Body"));
        Element signedBatch = BatchSeal.writeSignedBatch(header, "SB-" + UUID.randomUUID(), root, size);
        Element security = signer.sign(template, true, signedBatch);
        return new SignedBatch(security, signedBatch);
    }
}
