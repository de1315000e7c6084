package org.govbus.core.soap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A SOAP 1.1 envelope, held as the very DOM nodes the bus goes on to read. Verification checks that these
 * same nodes (not look-alikes elsewhere in the document) are covered by the signature.
 */
public record SoapEnvelope(Document document, Element header, Element body, Element busHeader, Element payload) {
    public static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String BUS_NS = "urn:govbus:envelope:v1";
    public static final String WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    /** Reads a request strictly: one Header, one Body, one bus header, one payload element. */
    public static SoapEnvelope of(Document doc) {
        return of(doc, Set.of());
    }

    /** Reads an answer: as a request, and the bus's {@link BatchSeal} blocks may be in the Header, once each. */
    public static SoapEnvelope ofAnswer(Document doc) {
        return of(doc, Set.of(BatchSeal.SIGNED_BATCH, BatchSeal.BATCH_PROOF));
    }

    /** The one header block of the bus's namespace with this local name, or null. */
    public Element headerBlock(String localName) {
        for (Element e : children(header)) {
            if (is(e, BUS_NS, localName)) return e;
        }
        return null;
    }

    private static SoapEnvelope of(Document doc, Set<String> otherBusBlocks) {
        Element env = doc.getDocumentElement();
        if (!is(env, SOAP_NS, "Envelope")) {
            throw invalid("the document is not a SOAP 1.1 Envelope");
        }
        List<Element> parts = children(env);
        if (parts.size() != 2 || !is(parts.get(0), SOAP_NS, "Header") || !is(parts.get(1), SOAP_NS, "Body")) {
            throw invalid("the Envelope must hold exactly one Header followed by one Body");
        }
        Element header = parts.get(0);
        Element body = parts.get(1);
        Element busHeader = null;
        boolean security = false;
        Set<String> seen = new HashSet<>();
        for (Element e : children(header)) {
            if (is(e, BUS_NS, "busHeader")) {
                if (busHeader != null) throw invalid("more than one busHeader");
                busHeader = e;
            } else if (BUS_NS.equals(e.getNamespaceURI()) && otherBusBlocks.contains(e.getLocalName())) {
                if (!seen.add(e.getLocalName())) throw invalid("more than one " + e.getLocalName());
            } else if (is(e, WSSE_NS, "Security")) {
                // a second Security header, e.g. one addressed to another actor, is not read by anyone: refuse it
                if (security) throw invalid("more than one wsse:Security header");
                security = true;
            } else {
                throw invalid("unexpected header block {" + e.getNamespaceURI() + "}" + e.getLocalName());
            }
        }
        if (busHeader == null) throw invalid("the SOAP Header holds no busHeader");
        List<Element> payloads = children(body);
        if (payloads.size() != 1) throw invalid("the Body must hold exactly one payload element");
        return new SoapEnvelope(doc, header, body, busHeader, payloads.get(0));
    }

    /** The element children of a node, failing on stray text: SOAP envelopes carry no mixed content. */
    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) n);
            } else if (n.getNodeType() == Node.TEXT_NODE && !n.getNodeValue().isBlank()) {
                throw invalid("unexpected text inside " + parent.getLocalName());
            }
        }
        return out;
    }

    private static boolean is(Element e, String ns, String localName) {
        return ns.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    private static BusException invalid(String reason) {
        return new BusException(FaultCode.INVALID_MESSAGE, reason);
    }
}
