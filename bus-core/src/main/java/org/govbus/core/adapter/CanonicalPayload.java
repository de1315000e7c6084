package org.govbus.core.adapter;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlSchema;
import java.io.ByteArrayOutputStream;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Element;

/**
 * The canonical payloads an adapter reads and writes, as the JAXB classes generated from its service's XSD: the
 * request in, the answer out. The bus has checked the request against its schema already; a payload of another
 * element is still refused, as {@code Client.InvalidMessage}.
 */
public final class CanonicalPayload {
    private CanonicalPayload() {}

    /** The request as {@code type} (a generated root element class). */
    public static <T> T read(JAXBContext jaxb, byte[] payload, Class<T> type) {
        XmlRootElement root = type.getAnnotation(XmlRootElement.class);
        if (root == null) throw new IllegalArgumentException(type + " is not a root element class");
        String namespace = "##default".equals(root.namespace()) ? type.getPackage().getAnnotation(XmlSchema.class).namespace() : root.namespace();
        String name = "##default".equals(root.name()) ? type.getSimpleName() : root.name();
        try {
            // from a DOM of the pooled secure parser: unmarshalling a stream makes JAXB build a SAX parser per call
            Element element = SecureXml.parse(payload).getDocumentElement();
            if (!name.equals(element.getLocalName()) || !namespace.equals(element.getNamespaceURI())) {
                throw new BusException(FaultCode.INVALID_MESSAGE, "not a " + name);
            }
            return jaxb.createUnmarshaller().unmarshal(element, type).getValue();
        } catch (JAXBException | BusException e) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "not a " + name);
        }
    }

    /** The answer's bytes, as the bus checks, seals and logs them. */
    public static byte[] write(JAXBContext jaxb, Object answer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try {
            jaxb.createMarshaller().marshal(answer, bytes);
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot write " + answer.getClass().getSimpleName(), e);
        }
        return bytes.toByteArray();
    }
}
