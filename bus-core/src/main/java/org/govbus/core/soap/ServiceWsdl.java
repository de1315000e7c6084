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
    private static final String ASYNC_XSD = "xsd/bus-async.xsd";

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

    /**
     * The bus WSDL ({@code /soap?wsdl}): one operation per catalogued service the routing table routes (named
     * {@code code-vN}), each schema imported by its location as a classpath resource ({@code xsd/…}), so CXF serves
     * them at {@code ?xsd=}. Write it and those schemas with {@link #writeBusWsdl}.
     */
    public static byte[] ofBus(java.util.Collection<ServiceCatalog.Entry> services, String soapAddress) {
        return ofBus(services, java.util.Set.of(), false, soapAddress);
    }

    /**
     * The bus WSDL where the services keyed in {@code asynchronous} ({@code code/version}) are routed asynchronously
     * only: their operation answers with the receipt {@code ga:accepted}. With {@code fetch} (some service is routed
     * asynchronously) the operation {@code fetch} ({@code ga:fetch} in) gets an answer later: the service's own
     * response element once the request ended (its operation names it), the receipt while it is under way, or the fault.
     */
    public static byte[] ofBus(java.util.Collection<ServiceCatalog.Entry> services, java.util.Set<String> asynchronous, boolean fetch,
                               String soapAddress) {
        StringBuilder imports = new StringBuilder("<xs:import namespace=\"urn:govbus:envelope:v1\" schemaLocation=\"" + ENVELOPE_XSD + "\"/>");
        StringBuilder messages = new StringBuilder();
        StringBuilder portType = new StringBuilder();
        StringBuilder binding = new StringBuilder();
        StringBuilder namespaces = new StringBuilder();
        if (fetch) {
            namespaces.append(" xmlns:ga=\"urn:govbus:async:v1\"");
            imports.append("<xs:import namespace=\"urn:govbus:async:v1\" schemaLocation=\"" + ASYNC_XSD + "\"/>");
            messages.append("<wsdl:message name=\"gaFetch\"><wsdl:part name=\"body\" element=\"ga:fetch\"/></wsdl:message>")
                    .append("<wsdl:message name=\"gaAccepted\"><wsdl:part name=\"body\" element=\"ga:accepted\"/></wsdl:message>");
            operation(portType, binding, "fetch", "gaFetch", "gaAccepted");
        }
        int n = 0;
        for (ServiceCatalog.Entry e : services) {
            String op = e.key().replace('/', '-');
            String prefix = "s" + n++;
            namespaces.append(" xmlns:").append(prefix).append("=\"").append(e.request().getNamespaceURI()).append('"');
            imports.append("<xs:import namespace=\"").append(e.request().getNamespaceURI()).append("\" schemaLocation=\"")
                    .append(e.schema()).append("\"/>");
            messages.append("<wsdl:message name=\"").append(e.request().getLocalPart()).append("\"><wsdl:part name=\"body\" element=\"")
                    .append(prefix).append(':').append(e.request().getLocalPart()).append("\"/></wsdl:message>")
                    .append("<wsdl:message name=\"").append(e.response().getLocalPart()).append("\"><wsdl:part name=\"body\" element=\"")
                    .append(prefix).append(':').append(e.response().getLocalPart()).append("\"/></wsdl:message>");
            operation(portType, binding, op, e.request().getLocalPart(),
                    asynchronous.contains(e.key()) ? "gaAccepted" : e.response().getLocalPart());
        }
        String wsdl = """
                <wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
                    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:gb="urn:govbus:envelope:v1" xmlns:tns="urn:govbus:wsdl:v1"%s
                    name="GovBus" targetNamespace="urn:govbus:wsdl:v1">
                  <wsdl:documentation>The bus's SOAP 1.1 interface: one operation per service this node routes. Every request
                    carries gb:busHeader and is signed with WS-Security over the wsu:Timestamp, the busHeader and the Body; the
                    routing table, not the operation, decides which agency answers. One WSDL per service: /wsdl/{service id}.</wsdl:documentation>
                  <wsdl:types><xs:schema>%s</xs:schema></wsdl:types>
                  <wsdl:message name="busHeader"><wsdl:part name="busHeader" element="gb:busHeader"/></wsdl:message>
                  <wsdl:message name="fault"><wsdl:part name="faultDetail" element="gb:faultDetail"/></wsdl:message>
                  %s
                  <wsdl:portType name="GovBusPortType">%s</wsdl:portType>
                  <wsdl:binding name="GovBusSoapBinding" type="tns:GovBusPortType">
                    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>%s
                  </wsdl:binding>
                  <wsdl:service name="GovBus"><wsdl:port name="GovBusSoapPort" binding="tns:GovBusSoapBinding"><soap:address location=""/></wsdl:port></wsdl:service>
                </wsdl:definitions>
                """.formatted(namespaces, imports, messages, portType, binding);
        Document doc = SecureXml.parse(wsdl.getBytes(StandardCharsets.UTF_8));
        ((Element) doc.getElementsByTagNameNS("http://schemas.xmlsoap.org/wsdl/soap/", "address").item(0)).setAttribute("location", soapAddress);
        return SecureXml.toBytes(doc);
    }

    private static void operation(StringBuilder portType, StringBuilder binding, String op, String input, String output) {
        portType.append("<wsdl:operation name=\"").append(op).append("\"><wsdl:input message=\"tns:").append(input)
                .append("\"/><wsdl:output message=\"tns:").append(output)
                .append("\"/><wsdl:fault name=\"busFault\" message=\"tns:fault\"/></wsdl:operation>");
        binding.append("<wsdl:operation name=\"").append(op).append("\"><soap:operation soapAction=\"\"/>")
                .append("<wsdl:input><soap:header message=\"tns:busHeader\" part=\"busHeader\" use=\"literal\"/><soap:body use=\"literal\"/></wsdl:input>")
                .append("<wsdl:output><soap:header message=\"tns:busHeader\" part=\"busHeader\" use=\"literal\"/><soap:body use=\"literal\"/></wsdl:output>")
                .append("<wsdl:fault name=\"busFault\"><soap:fault name=\"busFault\" use=\"literal\"/></wsdl:fault></wsdl:operation>");
    }

    /**
     * Writes the bus WSDL and every schema it imports under {@code dir} ({@code govbus.wsdl}, {@code xsd/…}), and
     * returns the schema locations it names: the only values {@code ?xsd=} serves.
     */
    public static java.util.Set<String> writeBusWsdl(java.nio.file.Path dir, java.util.Collection<ServiceCatalog.Entry> services,
                                                     String soapAddress) throws IOException {
        return writeBusWsdl(dir, services, java.util.Set.of(), false, soapAddress);
    }

    /** As {@link #writeBusWsdl(java.nio.file.Path, java.util.Collection, String)}, the rest as {@link #ofBus(java.util.Collection, java.util.Set, boolean, String)} takes it. */
    public static java.util.Set<String> writeBusWsdl(java.nio.file.Path dir, java.util.Collection<ServiceCatalog.Entry> services,
                                                     java.util.Set<String> asynchronous, boolean fetch, String soapAddress) throws IOException {
        java.util.Set<String> locations = new java.util.TreeSet<>();
        locations.add(ENVELOPE_XSD);
        if (fetch) locations.add(ASYNC_XSD);
        services.forEach(e -> locations.add(e.schema()));
        for (String location : locations) {
            java.nio.file.Path file = dir.resolve(location);
            java.nio.file.Files.createDirectories(file.getParent());
            try (InputStream in = ServiceWsdl.class.getClassLoader().getResourceAsStream(location)) {
                if (in == null) throw new IllegalStateException(location + " is not on the classpath");
                java.nio.file.Files.write(file, in.readAllBytes());
            }
        }
        java.nio.file.Files.write(dir.resolve("govbus.wsdl"), ofBus(services, asynchronous, fetch, soapAddress));
        return locations;
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
