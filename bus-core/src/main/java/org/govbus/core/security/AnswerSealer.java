package org.govbus.core.security;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.govbus.core.soap.BatchSeal;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs the bus's answers in batches: one RSA signature, the dominant cost of an answer, over the root of a
 * hash tree of every answer waiting at that moment. Whichever caller holds the lock signs everything queued
 * (as a group commit does), so under low load a batch is one answer and nothing waits for a timer, and under
 * high load one signature serves many answers.
 *
 * <p>Each answer gets a copy of the same WS-Security header (Timestamp, the bus's certificate, the signature)
 * and of the signed {@code gb:signedBatch}, plus its own {@code gb:batchProof}: see {@link BatchSeal}.
 */
public final class AnswerSealer {
    /** A bound on one batch, so a proof stays short (log2 of it) and one signer does not work for ever. */
    static final int MAX_BATCH = 256;
    private static final String SOAP_PREFIX = "soapenv";

    private final MessageSigner signer;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

    public AnswerSealer(MessageSigner signer) {
        this.signer = signer;
    }

    public MessageSigner signer() { return signer; }

    /** An answer waiting for its batch; its fields are written and read under the sealer's lock. */
    private static final class Pending {
        final SoapEnvelope answer;
        final byte[] leaf;
        boolean sealed;
        RuntimeException failure;

        Pending(SoapEnvelope answer) {
            this.answer = answer;
            this.leaf = BatchSeal.leafOf(answer);
        }
    }

    /** Seals an answer in place; returns once the batch it joined is signed. */
    public void seal(SoapEnvelope answer) {
        Pending mine = new Pending(answer);
        queue.add(mine);
        synchronized (this) {
            // mine is either sealed (or failed) by an earlier holder of the lock, or still queued for this one
            while (!mine.sealed && mine.failure == null) {
                if (!signQueued()) mine.failure = new IllegalStateException("the answer left the queue unsealed");
            }
        }
        if (mine.failure != null) throw mine.failure;
    }

    /**
     * Called with the lock held: one tree, one signature, for up to {@link #MAX_BATCH} queued answers; every one
     * taken ends sealed or failed. False when there was nothing to take.
     */
    private boolean signQueued() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) batch.add(p);
        if (batch.isEmpty()) return false;
        try {
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
            // copied here, under the lock, so that no two threads ever read one DOM
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                Document doc = p.answer.document();
                Element answerHeader = p.answer.header();
                answerHeader.insertBefore(doc.importNode(security, true), answerHeader.getFirstChild());
                answerHeader.appendChild(doc.importNode(signedBatch, true));
                BatchSeal.writeProof(answerHeader, tree.paths().get(i));
                p.sealed = true;
            }
        } catch (Throwable t) {
            // an Error too: the others of the batch are waiting for this lock and must not wait for ever
            RuntimeException failure = t instanceof RuntimeException r ? r : new IllegalStateException("cannot seal answers", t);
            for (Pending p : batch) {
                p.sealed = false;
                p.failure = failure;
            }
            if (t instanceof Error e) throw e;
        }
        return true;
    }
}
