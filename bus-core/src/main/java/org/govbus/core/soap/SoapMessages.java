package org.govbus.core.soap;

import org.govbus.core.pipeline.BusHeader;

import org.govbus.core.error.FaultCode;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Builds the envelopes the bus and its clients exchange: requests, answers and faults. */
public final class SoapMessages {
    private SoapMessages() {}

    /**
     * An unsigned envelope holding a bus header and one payload element (imported, the caller's copy is untouched).
     * {@code requestHash} is null for requests and the hash of the request for answers.
     */
    public static SoapEnvelope envelope(BusHeader fields, Element payload, byte[] requestHash) {
        Document doc = SecureXml.newDocument();
        Element env = doc.createElementNS(SoapEnvelope.SOAP_NS, "soapenv:Envelope");
        env.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:soapenv", SoapEnvelope.SOAP_NS);
        doc.appendChild(env);
        Element header = (Element) env.appendChild(doc.createElementNS(SoapEnvelope.SOAP_NS, "soapenv:Header"));
        Element body = (Element) env.appendChild(doc.createElementNS(SoapEnvelope.SOAP_NS, "soapenv:Body"));
        Element busHeader = BusHeaders.write(header, fields, requestHash);
        Element imported = (Element) body.appendChild(doc.importNode(payload, true));
        return new SoapEnvelope(doc, header, body, busHeader, imported);
    }

    /** A SOAP 1.1 Fault whose faultcode is the taxonomy code and whose detail names the messageId. */
    public static byte[] fault(FaultCode code, String reason, String messageId) {
        Document doc = SecureXml.newDocument();
        Element env = doc.createElementNS(SoapEnvelope.SOAP_NS, "soapenv:Envelope");
        env.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:soapenv", SoapEnvelope.SOAP_NS);
        doc.appendChild(env);
        Element body = child(env, SoapEnvelope.SOAP_NS, "soapenv:Body", null);
        Element fault = child(body, SoapEnvelope.SOAP_NS, "soapenv:Fault", null);
        child(fault, null, "faultcode", "soapenv:" + code.code());
        child(fault, null, "faultstring", reason);
        Element detail = child(fault, null, "detail", null);
        Element d = child(detail, SoapEnvelope.BUS_NS, "gb:faultDetail", null);
        child(d, SoapEnvelope.BUS_NS, "gb:code", code.code());
        if (messageId != null) child(d, SoapEnvelope.BUS_NS, "gb:messageId", messageId);
        child(d, SoapEnvelope.BUS_NS, "gb:reason", reason);
        child(d, SoapEnvelope.BUS_NS, "gb:retryable", Boolean.toString(code.retryable()));
        return SecureXml.toBytes(doc);
    }

    /** The taxonomy code of a fault envelope (its Body holds a soapenv:Fault), or null when it is not a fault. */
    public static String faultCodeOf(Document doc) {
        Element fault = faultOf(doc);
        if (fault == null) return null;
        var codes = fault.getElementsByTagNameNS(SoapEnvelope.BUS_NS, "code");
        return codes.getLength() == 0 ? "Server.Internal" : codes.item(0).getTextContent();
    }

    /** The faultstring of a fault envelope, or an empty string. */
    public static String faultStringOf(Document doc) {
        Element fault = faultOf(doc);
        var strings = fault == null ? null : fault.getElementsByTagName("faultstring");
        return strings == null || strings.getLength() == 0 ? "" : strings.item(0).getTextContent();
    }

    private static Element faultOf(Document doc) {
        Element env = doc.getDocumentElement();
        if (env == null || !SoapEnvelope.SOAP_NS.equals(env.getNamespaceURI())) return null;
        for (var n = env.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element body && "Body".equals(body.getLocalName()) && SoapEnvelope.SOAP_NS.equals(body.getNamespaceURI())) {
                for (var c = body.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element f && "Fault".equals(f.getLocalName()) && SoapEnvelope.SOAP_NS.equals(f.getNamespaceURI())) {
                        return f;
                    }
                }
            }
        }
        return null;
    }

    private static Element child(Element parent, String ns, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(ns, name);
        if (text != null) e.setTextContent(text);
        parent.appendChild(e);
        return e;
    }
}
