package org.govbus.core.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.govbus.core.config.InputLimits;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses XML from outside within {@link InputLimits}, refusing what breaks them before anything else reads the
 * document. The parser itself stops at the depth, attributes per element and name length (its own limits, set from
 * ours); one pass over the tree then counts elements, namespace declarations and text lengths, so a refusal costs
 * about one parse. Without these bounds, 45,000 namespace declarations in one megabyte cost the schema validation and
 * signature code a second of CPU. As {@link SecureXml}: no DOCTYPE, nothing fetched.
 */
public final class BoundedXml {
    /**
     * A parser keeps every name it has read in its symbol table for as long as it lives: one that has read this
     * much is replaced, so a stream of made-up names cannot grow the heap without end.
     */
    private static final long RENEW_AFTER_BYTES = 16L << 20;

    private static final DefaultHandler STRICT = SecureXml.STRICT;

    private final InputLimits limits;
    private final DocumentBuilderFactory factory;
    private final ThreadLocal<Parser> parsers;

    public BoundedXml(InputLimits limits) {
        this.limits = limits;
        this.factory = newFactory(limits.depth(), limits.attributes(), limits.nameLength());
        this.parsers = ThreadLocal.withInitial(() -> new Parser(newBuilder(factory)));
    }

    private static final class Parser {
        final DocumentBuilder builder;
        long bytesRead;

        Parser(DocumentBuilder builder) {
            this.builder = builder;
        }
    }

    /** Parses and bounds a document; every problem is {@link FaultCode#INVALID_MESSAGE} in the bus's words. */
    public Document parse(byte[] bytes) {
        return parse(bytes, doc -> { });
    }

    /**
     * As {@link #parse(byte[])}, showing the parsed document to {@code firstLook} before the tree is counted (to read
     * the messageId it claims, so even a refusal for the limits names it); {@code firstLook} must cost no more than a
     * look at a few elements.
     */
    public Document parse(byte[] bytes, Consumer<Document> firstLook) {
        Parser parser = parsers.get();
        boolean renew = (parser.bytesRead += bytes.length) > RENEW_AFTER_BYTES;
        try {
            Document doc = parser.builder.parse(new ByteArrayInputStream(bytes));
            firstLook.accept(doc);
            new Count().visit(doc.getDocumentElement());
            return doc;
        } catch (SAXParseException e) {
            renew = true;
            throw new BusException(FaultCode.INVALID_MESSAGE, reason(e.getMessage()) + " (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ")", e.getMessage(), null);
        } catch (SAXException | IOException e) {
            renew = true;
            throw new BusException(FaultCode.INVALID_MESSAGE, reason(e.getMessage()), e.getMessage(), null);
        } catch (BusException refused) {
            renew = true;
            throw refused;
        } finally {
            if (renew) {
                parsers.remove();
            } else {
                parser.builder.reset();
                parser.builder.setErrorHandler(STRICT);
            }
        }
    }

    /** The parser's complaint in the bus's words: its own text names properties and limit codes, so it goes to the log. */
    private String reason(String parserMessage) {
        String m = parserMessage == null ? "" : parserMessage;
        if (m.contains("DOCTYPE")) return "a DOCTYPE is not accepted";
        // the JDK's limit messages, by their codes (their texts differ between JDK versions)
        if (m.startsWith("JAXP00010006")) return "the message is nested deeper than " + limits.depth() + " levels";
        if (m.startsWith("JAXP00010002")) {
            return "an element has more than " + limits.attributes() + " attributes and namespace declarations";
        }
        if (m.startsWith("JAXP00010005")) return "a name is longer than " + limits.nameLength() + " characters";
        if (m.contains("JAXP") || m.contains("limit")) return "the message exceeds a parser limit";
        return "the message is not well-formed XML";
    }

    /** One pass over the tree, iterative: what the parser does not bound itself. */
    private final class Count {
        int elements;
        int namespaces;

        void visit(Node root) {
            Node n = root;
            while (n != null) {
                check(n);
                if (n.getFirstChild() != null) {
                    n = n.getFirstChild();
                    continue;
                }
                while (n != null && n != root && n.getNextSibling() == null) n = n.getParentNode();
                n = n == null || n == root ? null : n.getNextSibling();
            }
        }

        private void check(Node n) {
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> {
                    if (++elements > limits.elements()) refuse("the message has more than " + limits.elements() + " elements");
                    NamedNodeMap attributes = n.getAttributes();
                    for (int i = 0; i < attributes.getLength(); i++) {
                        Attr a = (Attr) attributes.item(i);
                        if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI()) && ++namespaces > limits.namespaces()) {
                            refuse("the message declares more than " + limits.namespaces() + " namespaces");
                        }
                        if (a.getValue().length() > limits.textLength()) {
                            refuse("an attribute value is longer than " + limits.textLength() + " characters");
                        }
                    }
                }
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                    if (n.getNodeValue().length() > limits.textLength()) {
                        refuse("a text is longer than " + limits.textLength() + " characters");
                    }
                }
                default -> { }
            }
        }
    }

    private static void refuse(String reason) {
        throw new BusException(FaultCode.INVALID_MESSAGE, reason);
    }

    /** A namespace-aware parser that refuses a DOCTYPE, fetches nothing and stops at these limits. */
    static DocumentBuilderFactory newFactory(int depth, int attributes, int nameLength) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute("jdk.xml.maxElementDepth", depth);
            f.setAttribute("jdk.xml.elementAttributeLimit", attributes);
            f.setAttribute("jdk.xml.maxXMLNameLimit", nameLength);
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the XML parser cannot be made safe", e);
        }
        return f;
    }

    private static DocumentBuilder newBuilder(DocumentBuilderFactory factory) {
        try {
            DocumentBuilder b = factory.newDocumentBuilder();
            b.setErrorHandler(STRICT);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
