package org.govbus.core.soap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.namespace.QName;
import org.govbus.core.id.ServiceId;
import org.govbus.core.xml.SecureXml;
import org.govbus.core.xml.ServiceCatalog;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One WSDL per service, generated from the catalog: one operation named after the service code, its request and
 * response elements, the bus header and fault, and both XSDs inlined so the document stands alone. The address is
 * the bus's configured SOAP address, never one taken from a request.
 */
public final class ServiceWsdl {
    private static final String ENVELOPE_XSD = "xsd/bus-envelope.xsd";

    private ServiceWsdl() {}

    public static byte[] of(ServiceId service, ServiceCatalog.Entry entry, String soapAddress) {
        QName request = entry.request();
        QName response = entry.response();
        String op = service.code();
        String tns = "urn:govbus:wsdl:v1:" + service;
        String wsdl = """
                <wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
                    xmlns:gb="urn:govbus:envelope:v1" xmlns:svc="%s" xmlns:tns="%s" name="%s" targetNamespace="%s">
                  <wsdl:documentation>GovBus service %s. Every request carries gb:busHeader (service = %s) and is signed with
                    WS-Security over the wsu:Timestamp, the busHeader and the Body; the answer is sealed by the bus.</wsdl:documentation>
                  <wsdl:types/>
                  <wsdl:message name="busHeader"><wsdl:part name="busHeader" element="gb:busHeader"/></wsdl:message>
                  <wsdl:message name="fault"><wsdl:part name="faultDetail" element="gb:faultDetail"/></wsdl:message>
                  <wsdl:message name="request"><wsdl:part name="body" element="svc:%s"/></wsdl:message>
                  <wsdl:message name="response"><wsdl:part name="body" element="svc:%s"/></wsdl:message>
                  <wsdl:portType name="PortType">
                    <wsdl:operation name="%s">
                      <wsdl:input message="tns:request"/><wsdl:output message="tns:response"/><wsdl:fault name="busFault" message="tns:fault"/>
                    </wsdl:operation>
                  </wsdl:portType>
                  <wsdl:binding name="SoapBinding" type="tns:PortType">
                    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
                    <wsdl:operation name="%s">
                      <soap:operation soapAction=""/>
                      <wsdl:input><soap:header message="tns:busHeader" part="busHeader" use="literal"/><soap:body use="literal"/></wsdl:input>
                      <wsdl:output><soap:header message="tns:busHeader" part="busHeader" use="literal"/><soap:body use="literal"/></wsdl:output>
                      <wsdl:fault name="busFault"><soap:fault name="busFault" use="literal"/></wsdl:fault>
                    </wsdl:operation>
                  </wsdl:binding>
                  <wsdl:service name="GovBus"><wsdl:port name="SoapPort" binding="tns:SoapBinding"><soap:address location=""/></wsdl:port></wsdl:service>
                </wsdl:definitions>
                """.formatted(request.getNamespaceURI(), tns, op, tns, service, service, request.getLocalPart(),
                response.getLocalPart(), op, op);
        Document doc = SecureXml.parse(wsdl.getBytes(StandardCharsets.UTF_8));
        Element types = (Element) doc.getElementsByTagNameNS("http://schemas.xmlsoap.org/wsdl/", "types").item(0);
        types.appendChild(doc.importNode(schema(ENVELOPE_XSD), true));
        types.appendChild(doc.importNode(schema(entry.schema()), true));
        ((Element) doc.getElementsByTagNameNS("http://schemas.xmlsoap.org/wsdl/soap/", "address").item(0)).setAttribute("location", soapAddress);
        return SecureXml.toBytes(doc);
    }

    private static Element schema(String resource) {
        try (InputStream in = ServiceWsdl.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the classpath");
            return SecureXml.parse(in.readAllBytes()).getDocumentElement();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
