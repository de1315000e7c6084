package org.govbus.core.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.xml.namespace.QName;
import org.govbus.core.xml.ServiceCatalog;
import org.junit.jupiter.api.Test;

/** The bus WSDL's operations for asynchronous services: answered with a receipt, fetched by {@code fetch}. */
class ServiceWsdlTest {
    private static final ServiceCatalog.Entry PERSON = new ServiceCatalog.Entry("person-by-iin/v1",
            new QName("urn:govbus:service:gbd-fl:person-by-iin:v1", "personByIinRequest"),
            new QName("urn:govbus:service:gbd-fl:person-by-iin:v1", "personByIinResponse"), "xsd/person-by-iin-v1.xsd", null, "iin", null);

    private static String bus(Set<String> asynchronous, boolean fetch) {
        return new String(ServiceWsdl.ofBus(List.of(PERSON), asynchronous, fetch, "http://127.0.0.1:8080/soap"), StandardCharsets.UTF_8);
    }

    @Test
    void aServiceRoutedOnlyAsynchronouslyAnswersWithTheReceiptAndFetchIsAnOperation() {
        String wsdl = bus(Set.of("person-by-iin/v1"), true);
        assertThat(wsdl).contains("<wsdl:operation name=\"fetch\"><wsdl:input message=\"tns:gaFetch\"/><wsdl:output message=\"tns:gaAccepted\"/>",
                "<wsdl:operation name=\"person-by-iin-v1\"><wsdl:input message=\"tns:personByIinRequest\"/><wsdl:output message=\"tns:gaAccepted\"/>",
                "schemaLocation=\"xsd/bus-async.xsd\"", "element=\"ga:fetch\"");
    }

    @Test
    void withoutAsynchronousServicesThereIsNoFetch() {
        String wsdl = bus(Set.of(), false);
        assertThat(wsdl).contains("<wsdl:output message=\"tns:personByIinResponse\"/>").doesNotContain("fetch", "bus-async.xsd", "gaAccepted");
    }
}
