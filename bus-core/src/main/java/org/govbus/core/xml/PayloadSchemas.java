package org.govbus.core.xml;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The XSDs of the bus envelope and of every service, compiled once. Validating the header and the payload
 * before anything is logged or queued means a provider never sees a message its schema does not allow.
 */
public final class PayloadSchemas {
    /** The schema files shipped in the {@code schemas} module, in dependency order. */
    public static final List<String> BUILT_IN = List.of("xsd/bus-envelope.xsd", "xsd/person-by-iin-v1.xsd");

    private final Schema schema;

    private PayloadSchemas(Schema schema) { this.schema = schema; }

    public static PayloadSchemas builtIn() {
        ClassLoader cl = PayloadSchemas.class.getClassLoader();
        List<Source> sources = new ArrayList<>();
        for (String name : BUILT_IN) {
            URL url = cl.getResource(name);
            if (url == null) throw new IllegalStateException("schema " + name + " missing from the classpath");
            sources.add(new StreamSource(url.toExternalForm()));
        }
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar:file");
            return new PayloadSchemas(f.newSchema(sources.toArray(Source[]::new)));
        } catch (SAXException e) {
            throw new IllegalStateException("the built-in schemas do not compile: " + e.getMessage(), e);
        }
    }

    /** Validates one element (a bus header or a payload) against the element declaration of its name. */
    public void validate(Element element, String what) {
        Validator v = schema.newValidator();
        try {
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            v.validate(new DOMSource(element));
        } catch (SAXParseException e) {
            throw new BusException(FaultCode.INVALID_MESSAGE, what + " does not match its schema: " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw new BusException(FaultCode.INVALID_MESSAGE, what + " does not match its schema: " + e.getMessage());
        }
    }
}
