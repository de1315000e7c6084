package org.govbus.core.pipeline;

import java.time.Instant;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The bus's own {@code urn:govbus:async:v1} elements: the receipt of an asynchronous request. */
public final class Receipts {
    public static final String NS = "urn:govbus:async:v1";
    /** Where a client fetches an answer, the messageId appended: {@code GET /api/v1/messages/{messageId}}. */
    public static final String FETCH_PATH = "/api/v1/messages/";

    private Receipts() {}

    /** {@code <accepted><messageId/><state>ACCEPTED</state><expires/><answer>/api/v1/messages/ID</answer></accepted>}. */
    static Element accepted(UUID messageId, Instant expires) { return of(messageId, "ACCEPTED", expires, 0); }

    /** The receipt of a request in {@code state}, with the tries made so far when there were any. */
    static Element of(UUID messageId, String state, Instant expires, int attempts) {
        Document d = document();
        Element root = d.createElementNS(NS, "ga:accepted");
        // declared as an attribute, as a parsed document has it: canonicalization signs the declarations it finds
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:ga", NS);
        d.appendChild(root);
        child(root, "messageId", messageId.toString());
        child(root, "state", state);
        child(root, "expires", expires.toString());
        if (attempts > 0) child(root, "attempts", Integer.toString(attempts));
        child(root, "answer", FETCH_PATH + messageId);
        return root;
    }

    private static void child(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(NS, "ga:" + name);
        e.setTextContent(text);
        parent.appendChild(e);
    }

    private static Document document() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
