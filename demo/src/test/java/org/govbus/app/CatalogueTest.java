package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.wsdl.Definition;
import javax.wsdl.Port;
import javax.wsdl.Service;
import javax.wsdl.extensions.soap.SOAPAddress;
import javax.wsdl.factory.WSDLFactory;
import javax.wsdl.xml.WSDLReader;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/** The catalogue a new client reads first: OpenAPI for JSON, one WSDL per service for SOAP; both checked by stock parsers. */
class CatalogueTest extends OneBusPerClass {

    static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bus.node.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOpenApiDocumentIsValidOpenApi31AndDescribesEveryService() throws Exception {
        HttpResponse<String> response = get("/api/v1/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body(), null, options);
        assertThat(parsed.getMessages()).isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        for (String service : new String[] {BusHarness.SERVICE, BusHarness.SHORT_SERVICE, BusHarness.OFFLINE_SERVICE}) {
            Operation post = api.getPaths().get("/api/v1/services/" + service).getPost();
            assertThat(post.getParameters()).anySatisfy(p -> assertThat(p.getName()).isEqualTo("X-GovBus-Signature"));
            assertThat(post.getRequestBody().getContent().get("application/json").getSchema().get$ref())
                    .isEqualTo("#/components/schemas/person-by-iin.v1.personByIinRequest");
            assertThat(post.getResponses().get("200").getHeaders()).containsKeys("X-GovBus-Header", "X-GovBus-Seal", "X-GovBus-Proof");
            assertThat(post.getResponses()).containsKeys("400", "401", "403", "404", "409", "500", "502", "504");
        }
        assertThat(api.getComponents().getSchemas()).containsKeys("Problem", "person-by-iin.v1.personByIinRequest",
                "person-by-iin.v1.personByIinResponse", "person-by-iin.v1.Person");
        assertThat(api.getPaths()).containsKeys("/health", "/metrics", "/api/v1/openapi.json");
    }

    @Test
    void eachServiceHasAWsdlOfItsOwnAddressedToTheConfiguredBus() throws Exception {
        HttpResponse<String> response = get("/wsdl/" + BusHarness.SERVICE);
        assertThat(response.statusCode()).isEqualTo(200);
        WSDLReader reader = WSDLFactory.newInstance().newWSDLReader();
        reader.setFeature("javax.wsdl.verbose", false);
        Definition wsdl = reader.readWSDL(null, new InputSource(new ByteArrayInputStream(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(wsdl.getPortTypes()).hasSize(1);
        assertThat(wsdl.getBindings()).hasSize(1);
        Service service = (Service) wsdl.getServices().values().iterator().next();
        Port port = (Port) service.getPorts().values().iterator().next();
        assertThat(port.getBinding().getBindingOperation("person-by-iin", null, null)).isNotNull();
        assertThat(((SOAPAddress) port.getExtensibilityElements().get(0)).getLocationURI()).isEqualTo(bus.node.soapUrl());
        assertThat(wsdl.getMessage(new QName(wsdl.getTargetNamespace(), "request")).getPart("body").getElementName())
                .isEqualTo(new QName("urn:govbus:service:gbd-fl:person-by-iin:v1", "personByIinRequest"));
        assertThat(response.body()).contains("targetNamespace=\"urn:govbus:envelope:v1\"", "name=\"personByIinResponse\"");
    }

    @Test
    void theBusWsdlIsStillServedBesideThem() throws Exception {
        HttpResponse<String> response = get("/soap?wsdl");
        assertThat(response.statusCode()).isEqualTo(200);
        // one operation per service code the node routes, each schema served beside it
        assertThat(response.body()).contains("GovBusSoapPort", "wsdl:operation name=\"person-by-iin-v1\"", "?xsd=xsd/person-by-iin-v1.xsd",
                "?xsd=xsd/bus-envelope.xsd");
        assertThat(get("/soap?xsd=xsd/person-by-iin-v1.xsd").body()).contains("personByIinRequest");
    }

    @Test
    void theBusWsdlStatesTheConfiguredAddressWhateverHostTheRequestNames() throws Exception {
        URI base = URI.create(bus.node.baseUrl());
        String response;
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET /soap?wsdl HTTP/1.1\r\nHost: attacker.example:9\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(response).startsWith("HTTP/1.1 200").contains("location=\"" + bus.node.soapUrl() + "\"").doesNotContain("attacker.example");
    }

    @Test
    void noResponseNamesTheServerSoftware() throws Exception {
        for (String path : new String[] {"/soap?wsdl", "/health", "/api/v1/openapi.json", "/wsdl/" + BusHarness.SERVICE}) {
            assertThat(get(path).headers().firstValue("Server")).as(path).isEmpty();
        }
        HttpResponse<byte[]> soapFault = bus.post("<not-soap/>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(soapFault.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void aServiceNotInTheRoutingTableHasNoWsdl() throws Exception {
        HttpResponse<String> response = get("/wsdl/KZ/GOV/MJ/gbd-fl/no-such-service/v1");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"Client.UnknownService\"");
    }
}
