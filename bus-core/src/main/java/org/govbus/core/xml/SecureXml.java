package org.govbus.core.xml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parsing and writing XML that arrives from outside. A DOCTYPE is refused outright, so neither external
 * entities nor entity expansion can happen; nothing is fetched from the network.
 */
public final class SecureXml {
    private static final DocumentBuilderFactory FACTORY = newFactory();
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(SecureXml::newBuilder);
    // a TransformerFactory is not promised to be thread-safe
    private static final ThreadLocal<TransformerFactory> TRANSFORMERS = ThreadLocal.withInitial(SecureXml::newTransformerFactory);
    /** the plain identity transformer, reused per thread: making one per message showed in profiles */
    private static final ThreadLocal<Transformer> IDENTITY = ThreadLocal.withInitial(() -> {
        try {
            return TRANSFORMERS.get().newTransformer();
        } catch (javax.xml.transform.TransformerConfigurationException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final int MAX_ELEMENT_DEPTH = 64;
    private static final int JDK_ATTRIBUTE_LIMIT = 10_000;
    private static final int JDK_NAME_LIMIT = 1_000;

    /** Every parse error stops the parse and nothing is printed to stderr. */
    static final DefaultHandler STRICT = new DefaultHandler() {
        @Override
        public void error(SAXParseException e) throws SAXException { throw e; }

        @Override
        public void fatalError(SAXParseException e) throws SAXException { throw e; }
    };

    private SecureXml() {}

    /** Parses a document, turning every problem into {@link FaultCode#INVALID_MESSAGE}. */
    public static Document parse(byte[] bytes) {
        DocumentBuilder builder = BUILDER.get();
        try {
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (SAXParseException e) {
            throw new BusException(FaultCode.INVALID_MESSAGE, reason(e.getMessage()) + " (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ")", e.getMessage(), null);
        } catch (SAXException | IOException e) {
            throw new BusException(FaultCode.INVALID_MESSAGE, reason(e.getMessage()), e.getMessage(), null);
        } finally {
            builder.reset();
            builder.setErrorHandler(STRICT);
        }
    }

    /** The parser's complaint in the bus's words: its own text names features and limit codes, so it goes to the log only. */
    private static String reason(String parserMessage) {
        String m = parserMessage == null ? "" : parserMessage;
        if (m.contains("DOCTYPE")) return "a DOCTYPE is not accepted";
        if (m.contains("JAXP") || m.contains("limit")) return "the message exceeds a parser limit (at most " + MAX_ELEMENT_DEPTH + " levels of nesting)";
        return "the message is not well-formed XML";
    }

    /**
     * Comments and processing instructions are not covered by an exclusive-c14n signature, so a value split by
     * a comment could be read differently from what was signed: the bus takes none, inside the root element or
     * beside it (given the Document, its own children are checked too).
     */
    public static void rejectCommentsAndInstructions(Node node) {
        for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.COMMENT_NODE || n.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
                throw new BusException(FaultCode.INVALID_MESSAGE, "comments and processing instructions are not accepted");
            }
            if (n.hasChildNodes()) rejectCommentsAndInstructions(n);
        }
    }

    /** A fresh empty document for building messages. */
    public static Document newDocument() { return BUILDER.get().newDocument(); }

    public static byte[] toBytes(Node node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        write(node, out, false);
        return out.toByteArray();
    }

    public static String toPrettyString(Node node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        write(node, out, true);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(Node node, ByteArrayOutputStream out, boolean indent) {
        try {
            Transformer t = indent ? TRANSFORMERS.get().newTransformer() : IDENTITY.get();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, node instanceof Document ? "no" : "yes");
            if (indent) {
                t.setOutputProperty(OutputKeys.INDENT, "yes");
                t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            }
            t.transform(new DOMSource(node), new StreamResult(out));
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialize XML", e);
        }
    }

    private static DocumentBuilderFactory newFactory() {
        // what the bus itself reads (answers, its own documents) is bounded only by the parser's defaults and the depth
        return BoundedXml.newFactory(MAX_ELEMENT_DEPTH, JDK_ATTRIBUTE_LIMIT, JDK_NAME_LIMIT);
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilder b = FACTORY.newDocumentBuilder();
            b.setErrorHandler(STRICT);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TransformerFactory newTransformerFactory() {
        TransformerFactory f = TransformerFactory.newInstance();
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return f;
    }
}
