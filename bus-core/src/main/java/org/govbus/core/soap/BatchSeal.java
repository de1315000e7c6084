package org.govbus.core.soap;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.security.HashTree;
import org.govbus.core.xml.Canonical;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The two header blocks by which an answer shows that the bus signed it as one of a batch:
 * {@code gb:signedBatch}, the same in every answer of the batch and covered by the bus's signature, holds the
 * root of the hash tree over the batch's answers; {@code gb:batchProof}, this answer's own, holds the path from
 * its leaf (its busHeader and Body) to that root. See {@link HashTree}.
 */
public final class BatchSeal {
    public static final String SIGNED_BATCH = "signedBatch";
    public static final String BATCH_PROOF = "batchProof";
    static final String WSU_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final String SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256";

    private BatchSeal() {}

    /** The leaf of an answer: its busHeader and its Body, each in exclusive canonical form. */
    public static byte[] leafOf(SoapEnvelope answer) {
        return HashTree.leaf(Canonical.bytes(answer.busHeader()), Canonical.bytes(answer.body()));
    }

    /** Appends {@code <gb:signedBatch wsu:Id=id>} with the root and the batch size to {@code parent}. */
    public static Element writeSignedBatch(Element parent, String id, byte[] root, int size) {
        Element batch = add(parent, SIGNED_BATCH, null);
        declare(batch);
        batch.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:wsu", WSU_NS);
        batch.setAttributeNS(WSU_NS, "wsu:Id", id);
        batch.setIdAttributeNS(WSU_NS, "Id", true);
        add(batch, "root", Base64.getEncoder().encodeToString(root)).setAttribute("algorithm", SHA256_URI);
        add(batch, "size", Integer.toString(size));
        return batch;
    }

    /** Appends this answer's {@code <gb:batchProof>}: one {@code gb:left} or {@code gb:right} sibling per level. */
    public static Element writeProof(Element parent, List<HashTree.Step> path) {
        Element proof = add(parent, BATCH_PROOF, null);
        declare(proof);
        for (HashTree.Step s : path) add(proof, s.siblingOnLeft() ? "left" : "right", Base64.getEncoder().encodeToString(s.sibling()));
        return proof;
    }

    /** The root a signedBatch element states. */
    public static byte[] rootOf(Element signedBatch) {
        Element root = null;
        for (Element e : SoapEnvelope.children(signedBatch)) {
            if ("root".equals(e.getLocalName()) && SoapEnvelope.BUS_NS.equals(e.getNamespaceURI())) root = e;
        }
        if (root == null || !SHA256_URI.equals(root.getAttribute("algorithm"))) throw bad("the signedBatch holds no SHA-256 root");
        return decode(root, 32);
    }

    public static List<HashTree.Step> pathOf(Element batchProof) {
        List<HashTree.Step> path = new ArrayList<>();
        for (Element e : SoapEnvelope.children(batchProof)) {
            boolean left = "left".equals(e.getLocalName());
            if (!SoapEnvelope.BUS_NS.equals(e.getNamespaceURI()) || !(left || "right".equals(e.getLocalName()))) {
                throw bad("the batchProof holds {" + e.getNamespaceURI() + "}" + e.getLocalName());
            }
            if (path.size() == 32) throw bad("the batchProof is longer than any batch");
            path.add(new HashTree.Step(left, decode(e, 32)));
        }
        return path;
    }

    private static byte[] decode(Element e, int length) {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(e.getTextContent().trim());
        } catch (IllegalArgumentException x) {
            throw bad("a hash in the batch seal is not base64");
        }
        if (b.length != length) throw bad("a hash in the batch seal is not " + length + " bytes");
        return b;
    }

    /** Declared on the element itself, so its canonical form does not depend on where it is put. */
    private static void declare(Element e) {
        e.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:gb", SoapEnvelope.BUS_NS);
    }

    private static Element add(Node parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(SoapEnvelope.BUS_NS, "gb:" + name);
        if (text != null) e.setTextContent(text);
        parent.appendChild(e);
        return e;
    }

    private static BusException bad(String reason) {
        return new BusException(FaultCode.BAD_SIGNATURE, reason);
    }
}
