package org.govbus.adapter.bank.iso20022;

import java.io.IOException;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** ISO 20022's published schemas, vendored in the {@code schemas} module under {@code iso20022/}, compiled once each. */
public final class IsoSchemas {
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();

    private IsoSchemas() {}

    /** A document that is not valid against its message's ISO schema: what is wrong, with where for an XML document. */
    public static final class NotValid extends RuntimeException {
        NotValid(String reason) { super(reason, null, false, false); }
    }

    /** Checks {@code doc} against the schema of {@code message} (e.g. {@code pain.001.001.09}). */
    public static void validate(Document doc, String message) {
        String namespace = "urn:iso:std:iso:20022:tech:xsd:" + message;
        if (!namespace.equals(doc.getDocumentElement().getNamespaceURI())) {
            throw new NotValid("not a " + message + " document but <" + doc.getDocumentElement().getLocalName() + ">"
                    + (doc.getDocumentElement().getNamespaceURI() == null ? " in no namespace" : " of " + doc.getDocumentElement().getNamespaceURI()));
        }
        Validator v = COMPILED.computeIfAbsent(message, IsoSchemas::compile).newValidator();
        try {
            v.validate(new DOMSource(doc));
        } catch (SAXParseException e) {
            throw new NotValid(message + " is not valid against ISO's schema: " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw new NotValid(message + " could not be checked against ISO's schema: " + e.getMessage());
        }
    }

    private static Schema compile(String message) {
        URL xsd = IsoSchemas.class.getClassLoader().getResource("iso20022/" + message + ".xsd");
        if (xsd == null) throw new IllegalStateException("ISO 20022 schema " + message + " missing from the classpath");
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return f.newSchema(new StreamSource(xsd.toExternalForm()));
        } catch (SAXException e) {
            throw new IllegalStateException("ISO 20022 schema " + message + " does not compile: " + e.getMessage(), e);
        }
    }
}
