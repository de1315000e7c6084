package org.govbus.core.security;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.govbus.core.concurrent.GroupCommit;
import org.govbus.core.soap.BatchSeal;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs the bus's answers in batches: one RSA signature, the dominant cost of an answer, over the root of a
 * hash tree of every answer waiting at that moment ({@link GroupCommit}), so under low load a batch is one
 * answer and nothing waits for a timer, and under high load one signature serves many answers.
 *
 * <p>Each answer gets a copy of the same WS-Security header (Timestamp, the bus's certificate, the signature)
 * and of the signed {@code gb:signedBatch}, plus its own {@code gb:batchProof}: see {@link BatchSeal}.
 */
public final class AnswerSealer {
    /** A bound on one batch, so a proof stays short (log2 of it) and one signer does not work for ever. */
    static final int MAX_BATCH = 256;
    private static final String SOAP_PREFIX = "soapenv";

    private final MessageSigner signer;
    private final GroupCommit<Pending> batches = new GroupCommit<>(MAX_BATCH, this::signBatch);

    public AnswerSealer(MessageSigner signer) {
        this.signer = signer;
    }

    public MessageSigner signer() { return signer; }

    /** The batching of this sealer, for tests that need answers to wait together. */
    GroupCommit<Pending> batches() { return batches; }

    /** An answer waiting for its batch. */
    static final class Pending extends GroupCommit.Job {
        final SoapEnvelope answer;
        final byte[] leaf;

        Pending(SoapEnvelope answer) {
            this.answer = answer;
            this.leaf = BatchSeal.leafOf(answer);
        }
    }

    /** Seals an answer in place; returns once the batch it joined is signed. */
    public void seal(SoapEnvelope answer) {
        batches.submit(new Pending(answer));
    }

    /** One tree, one signature, for the batch; then each answer gets its copy of the seal and its own proof. */
    private void signBatch(List<Pending> batch) {
        List<byte[]> leaves = new ArrayList<>(batch.size());
        for (Pending p : batch) leaves.add(p.leaf);
        HashTree.Tree tree = HashTree.of(leaves);

        Document template = SecureXml.newDocument();
        Element envelope = template.createElementNS(SoapEnvelope.SOAP_NS, SOAP_PREFIX + ":Envelope");
        envelope.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:" + SOAP_PREFIX, SoapEnvelope.SOAP_NS);
        template.appendChild(envelope);
        Element header = (Element) envelope.appendChild(template.createElementNS(SoapEnvelope.SOAP_NS, SOAP_PREFIX + ":Header"));
        envelope.appendChild(template.createElementNS(SoapEnvelope.SOAP_NS, SOAP_PREFIX + ":Body"));
        Element signedBatch = BatchSeal.writeSignedBatch(header, "SB-" + UUID.randomUUID(), tree.root(), batch.size());
        Element security = signer.sign(template, true, signedBatch);
        // copied here, by the one thread holding the lock, so that no two threads ever read one DOM; the answers'
        // owners are waiting and read their documents only once their job is done
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            Document doc = p.answer.document();
            Element answerHeader = p.answer.header();
            answerHeader.insertBefore(doc.importNode(security, true), answerHeader.getFirstChild());
            answerHeader.appendChild(doc.importNode(signedBatch, true));
            BatchSeal.writeProof(answerHeader, tree.paths().get(i));
        }
    }
}
