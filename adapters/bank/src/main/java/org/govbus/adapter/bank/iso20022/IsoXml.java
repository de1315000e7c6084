package org.govbus.adapter.bank.iso20022;

import java.util.ArrayList;
import java.util.List;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Writing and reading the few ISO 20022 elements the bank's messages use, by path under an element. */
final class IsoXml {
    private IsoXml() {}

    /** The root {@code Document} element of a new message of this kind (e.g. {@code pain.001.001.09}). */
    static Element newMessage(String message) {
        org.w3c.dom.Document doc = SecureXml.newDocument();
        return (Element) doc.appendChild(doc.createElementNS("urn:iso:std:iso:20022:tech:xsd:" + message, "Document"));
    }

    /** The message's bytes, once it is valid against ISO's schema: none leaves otherwise. */
    static byte[] checkedBytes(Element root, String message) {
        IsoSchemas.validate(root.getOwnerDocument(), message);
        return SecureXml.toBytes(root.getOwnerDocument());
    }

    /** A message parsed by the bus's hardened parser and checked against ISO's schema. */
    static Element parseChecked(byte[] xml, String message) {
        org.w3c.dom.Document doc = SecureXml.parse(xml);
        IsoSchemas.validate(doc, message);
        return doc.getDocumentElement();
    }

    /** Appends {@code path} (names separated by '/') under {@code parent}, reusing none, and sets the last one's text. */
    static Element add(Element parent, String path, String text) {
        Element at = parent;
        for (String name : path.split("/")) {
            at = (Element) at.appendChild(parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), name));
        }
        if (text != null) at.setTextContent(text);
        return at;
    }

    /** The first element at {@code path} under {@code parent}, or null. */
    static Element find(Element parent, String path) {
        Element at = parent;
        for (String name : path.split("/")) {
            at = child(at, name);
            if (at == null) return null;
        }
        return at;
    }

    /** The text at {@code path}, or null when it is absent. */
    static String text(Element parent, String path) {
        Element e = find(parent, path);
        return e == null ? null : e.getTextContent().trim();
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) out.add(e);
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) return e;
        }
        return null;
    }
}
