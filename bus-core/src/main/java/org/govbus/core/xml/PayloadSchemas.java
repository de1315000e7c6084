package org.govbus.core.xml;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The XSDs of the bus envelope and of every service, compiled once. Validating the header and the payload
 * before anything is logged or queued means a provider never sees a message its schema does not allow.
 */
public final class PayloadSchemas {
    private static final String ENVELOPE = "xsd/bus-envelope.xsd";

    private final Schema schema;
    private final ServiceCatalog catalog;
    // a Validator is not thread-safe but is reusable: one per thread instead of one per message
    private final ThreadLocal<Validator> validators;

    private PayloadSchemas(Schema schema, ServiceCatalog catalog) {
        this.schema = schema;
        this.catalog = catalog;
        this.validators = ThreadLocal.withInitial(this::newValidator);
    }

    private Validator newValidator() {
        Validator v = schema.newValidator();
        try {
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("the validator cannot be made safe", e);
        }
        return v;
    }

    /** The bus envelope's schema and the schema of every service in the catalog, compiled together. */
    public static PayloadSchemas of(ServiceCatalog catalog) {
        ClassLoader cl = PayloadSchemas.class.getClassLoader();
        List<String> files = new ArrayList<>(List.of(ENVELOPE));
        catalog.entries().stream().map(ServiceCatalog.Entry::schema).distinct().forEach(files::add);
        List<Source> sources = new ArrayList<>();
        for (String name : files) {
            URL url = cl.getResource(name);
            if (url == null) throw new IllegalStateException("schema " + name + " missing from the classpath");
            sources.add(new StreamSource(url.toExternalForm()));
        }
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar:file");
            return new PayloadSchemas(f.newSchema(sources.toArray(Source[]::new)), catalog);
        } catch (SAXException e) {
            throw new IllegalStateException("the built-in schemas do not compile: " + e.getMessage(), e);
        }
    }

    /** Checks that a request payload is the service's own request element and valid against its schema. */
    public void validateRequest(ServiceId service, Element payload) {
        ServiceCatalog.Entry entry = catalog.find(service).orElseThrow(() ->
                new BusException(FaultCode.UNKNOWN_SERVICE, "no schema for service " + ServiceCatalog.keyOf(service)));
        requireName(payload, entry.request(), FaultCode.INVALID_MESSAGE);
        validate(payload, "the payload");
    }

    /**
     * The IIN or BIN a valid request is about: the text of the first element named as the service's subject in
     * its catalogue entry, or null when the service declares none.
     */
    public String subjectOf(ServiceId service, Element payload) {
        String name = catalog.find(service).map(ServiceCatalog.Entry::subject).orElse(null);
        if (name == null) return null;
        org.w3c.dom.NodeList found = payload.getElementsByTagNameNS("*", name);
        return found.getLength() == 0 ? null : found.item(0).getTextContent().trim();
    }

    /** Checks a provider's answer the same way; a bad one is the provider's fault, not the client's. */
    public void validateResponse(ServiceId service, Element payload) {
        try {
            ServiceCatalog.Entry entry = catalog.find(service).orElseThrow();
            requireName(payload, entry.response(), FaultCode.PROVIDER_ERROR);
            validate(payload, "the provider's answer");
        } catch (BusException e) {
            throw new BusException(FaultCode.PROVIDER_ERROR, e.reason());
        }
    }

    private static void requireName(Element e, QName expected, FaultCode code) {
        if (!expected.getNamespaceURI().equals(e.getNamespaceURI()) || !expected.getLocalPart().equals(e.getLocalName())) {
            throw new BusException(code, "expected " + expected + " but found {" + e.getNamespaceURI() + "}" + e.getLocalName());
        }
    }

    /** Validates one element (a bus header or a payload) against the element declaration of its name. */
    public void validate(Element element, String what) {
        Validator v = validators.get();
        try {
            v.validate(new DOMSource(element));
        } catch (SAXException | IOException e) {
            // the validator's text names the schema's patterns and the offending value (an IIN, say): neither leaves here
            String rule = rule(e.getMessage());
            String at = currentElement(v);
            throw new BusException(FaultCode.INVALID_MESSAGE, what + " does not match its schema" + (at == null ? "" : " at element " + at)
                    + " (" + RULES.getOrDefault(rule, "the schema's rules") + ")", rule + (at == null ? "" : " at " + at), null);
        }
    }

    /** What each kind of XSD violation is called in a fault; the validator's own keys never reach the client. */
    private static final java.util.Map<String, String> RULES = java.util.Map.of(
            "cvc-pattern-valid", "the value does not match the pattern",
            "cvc-length-valid", "the value has the wrong length",
            "cvc-minLength-valid", "the value is too short",
            "cvc-maxLength-valid", "the value is too long",
            "cvc-enumeration-valid", "the value is not one of those allowed",
            "cvc-datatype-valid.1.2.1", "the value is not of the element's type",
            "cvc-complex-type.2.4.a", "an element that is not expected here",
            "cvc-complex-type.2.4.b", "a required element is missing",
            "cvc-complex-type.2.3", "text where only elements are allowed",
            "cvc-elt.1.a", "an element the schema does not declare");

    private static String rule(String message) {
        if (message == null || !message.startsWith("cvc-") || message.indexOf(':') < 0) return "schema";
        return message.substring(0, message.indexOf(':'));
    }

    /** The element the validator was at when it failed, by local name; null when it cannot tell. */
    private static String currentElement(Validator v) {
        try {
            Object node = v.getProperty("http://apache.org/xml/properties/dom/current-element-node");
            return node instanceof org.w3c.dom.Node n ? n.getLocalName() : null;
        } catch (SAXException e) {
            return null;
        }
    }
}
