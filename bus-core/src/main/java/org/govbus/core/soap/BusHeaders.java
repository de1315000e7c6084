package org.govbus.core.soap;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.xml.datatype.XMLGregorianCalendar;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.pipeline.BusHeader;
import org.govbus.core.xml.Jaxb;
import org.govbus.schema.envelope.RequestHash;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reads and writes {@code gb:busHeader} through the JAXB classes generated from {@code bus-envelope.xsd}. */
public final class BusHeaders {
    public static final String SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256";
    private static final JAXBContext JAXB = Jaxb.context(org.govbus.schema.envelope.BusHeader.class);
    private static final ThreadLocal<jakarta.xml.bind.Unmarshaller> UNMARSHALLERS = ThreadLocal.withInitial(() -> {
        try {
            return JAXB.createUnmarshaller();
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<Marshaller> MARSHALLERS = ThreadLocal.withInitial(() -> {
        try {
            return JAXB.createMarshaller();
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    });

    private BusHeaders() {}

    public static BusHeader read(Element busHeader) {
        org.govbus.schema.envelope.BusHeader h;
        try {
            h = UNMARSHALLERS.get().unmarshal(busHeader, org.govbus.schema.envelope.BusHeader.class).getValue();
        } catch (JAXBException e) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "the busHeader cannot be read", e.getMessage(), null);
        }
        try {
            return new BusHeader(UUID.fromString(h.getMessageId()), h.getCorrelationId(), SystemId.parse(h.getClient()),
                    ServiceId.parse(h.getService()), h.getUserId(), h.getPurpose(),
                    h.getTimestamp().toGregorianCalendar().toInstant());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "bad busHeader: " + e.getMessage());
        }
    }

    /**
     * The messageId a document claims (the first gb:messageId anywhere), trusting nothing else, so that even a
     * message refused for its shape gets a fault naming it. The caller decides whether it looks like an id.
     */
    public static String claimedMessageId(org.w3c.dom.Document doc) {
        var ids = doc.getElementsByTagNameNS(SoapEnvelope.BUS_NS, "messageId");
        if (ids.getLength() == 0) return null;
        String id = ids.item(0).getTextContent().trim();
        return id.length() <= 64 ? id : id.substring(0, 64);
    }

    /** Appends a bus header to {@code parent}; {@code requestHash} is set on answers only. */
    public static Element write(Node parent, BusHeader f, byte[] requestHash) {
        org.govbus.schema.envelope.BusHeader h = new org.govbus.schema.envelope.BusHeader();
        h.setMessageId(f.messageId().toString());
        h.setCorrelationId(f.correlationId());
        h.setClient(f.client().toString());
        h.setService(f.service().toString());
        h.setUserId(f.userId());
        h.setPurpose(f.purpose());
        h.setTimestamp(toXml(f.timestamp()));
        if (requestHash != null) {
            RequestHash rh = new RequestHash();
            rh.setAlgorithm(SHA256_URI);
            rh.setValue(requestHash);
            h.setRequestHash(rh);
        }
        try {
            MARSHALLERS.get().marshal(h, parent);
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot write busHeader", e);
        }
        return (Element) parent.getLastChild();
    }

    /** The request hash of an answer's header, or null when it has none. */
    public static byte[] requestHashOf(Element busHeader) {
        try {
            org.govbus.schema.envelope.BusHeader h = UNMARSHALLERS.get().unmarshal(busHeader, org.govbus.schema.envelope.BusHeader.class).getValue();
            return h.getRequestHash() == null ? null : h.getRequestHash().getValue();
        } catch (JAXBException e) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "the busHeader cannot be read", e.getMessage(), null);
        }
    }

    private static XMLGregorianCalendar toXml(Instant instant) {
        return Jaxb.DATATYPES.newXMLGregorianCalendar(
                java.util.GregorianCalendar.from(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC).toZonedDateTime()));
    }
}
