package org.govbus.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.xml.Canonical;
import org.govbus.core.xml.PayloadSchemas;
import org.govbus.core.xml.SecureXml;
import org.govbus.core.xml.ServiceCatalog;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** For every service with a JSON form: XML to JSON to XML gives the same canonical XML, and both forms validate. */
class JsonFormsTest {
    static final ServiceCatalog CATALOG = ServiceCatalog.discover(JsonFormsTest.class.getClassLoader());
    static final JsonForms FORMS = JsonForms.of(CATALOG, JsonFormsTest.class.getClassLoader());
    static final PayloadSchemas XSD = PayloadSchemas.of(CATALOG);
    static final ServiceId PERSON = ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1");
    static final String NS = "urn:govbus:service:gbd-fl:person-by-iin:v1";

    /** Sample canonical messages per service key: every element the schema has, optional ones too. */
    static final Map<String, List<String>> SAMPLES = Map.of("person-by-iin/v1", List.of(
            "<p:personByIinRequest xmlns:p=\"" + NS + "\"><p:iin>850312400029</p:iin></p:personByIinRequest>",
            "<p:personByIinResponse xmlns:p=\"" + NS + "\"><p:found>false</p:found></p:personByIinResponse>",
            "<p:personByIinResponse xmlns:p=\"" + NS + "\"><p:found>true</p:found><p:person><p:iin>850312400029</p:iin>"
                    + "<p:surname>Ахметова</p:surname><p:givenName>Айгерим</p:givenName><p:patronymic>Болатовна</p:patronymic>"
                    + "<p:birthDate>1985-03-12</p:birthDate><p:sex>FEMALE</p:sex><p:citizenship>KAZ</p:citizenship>"
                    + "<p:registeredAddress><p:region>Алматы</p:region><p:city>Алматы</p:city><p:street>Абая</p:street>"
                    + "<p:building>10</p:building><p:apartment>5</p:apartment></p:registeredAddress>"
                    + "<p:document><p:type>ID_CARD</p:type><p:number>012345678</p:number><p:issuedBy>МВД РК</p:issuedBy>"
                    + "<p:issueDate>2020-01-15</p:issueDate><p:expiryDate>2030-01-14</p:expiryDate></p:document>"
                    + "</p:person></p:personByIinResponse>"));

    @Test
    void everyServiceWithAJsonFormHasSamplesHere() {
        for (ServiceCatalog.Entry e : CATALOG.entries()) {
            if (e.jsonSchema() != null) assertThat(SAMPLES).as("samples for %s", e.key()).containsKey(e.key());
        }
    }

    @Test
    void xmlToJsonToXmlGivesTheSameCanonicalXmlAndBothValidate() {
        for (ServiceCatalog.Entry e : CATALOG.entries()) {
            if (e.jsonSchema() == null) continue;
            ServiceId service = ServiceId.parse("KZ/GOV/X/y/" + e.key());
            for (String sample : SAMPLES.get(e.key())) {
                Element xml = SecureXml.parse(sample.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
                QName name = new QName(xml.getNamespaceURI(), xml.getLocalName());
                XSD.validate(xml, "the sample");
                JsonNode json = FORMS.toJson(service, xml);
                assertThat(FORMS.validate(service, name, json)).as("%s against its JSON Schema", json).isEmpty();
                Element back = FORMS.toXml(service, name, json);
                XSD.validate(back, "the translated XML");
                assertThat(new String(Canonical.bytes(back), StandardCharsets.UTF_8))
                        .isEqualTo(new String(Canonical.bytes(xml), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theJsonFormFollowsTheRule() {
        Element xml = SecureXml.parse(SAMPLES.get("person-by-iin/v1").get(2).getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        JsonNode json = FORMS.answerToJson(PERSON, xml);
        assertThat(json.path("found").isBoolean()).isTrue();
        assertThat(json.path("person").path("birthDate").asText()).isEqualTo("1985-03-12");
        assertThat(json.path("person").path("registeredAddress").path("apartment").asText()).isEqualTo("5");
        assertThat(json.fieldNames()).toIterable().containsExactly("found", "person");
    }

    @Test
    void aRequestAgainstItsJsonSchemaIsAClientFault() {
        for (String bad : List.of("{\"iin\":\"85031240002\"}", "{\"iin\":850312400029}", "{}", "{\"iin\":\"850312400029\",\"x\":1}", "[]")) {
            assertThatThrownBy(() -> FORMS.requestToXml(PERSON, StrictJson.parse(bad.getBytes(StandardCharsets.UTF_8), "b")))
                    .as(bad).isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.INVALID_MESSAGE));
        }
    }

    @Test
    void xmlTheRuleCannotExpressIsRefusedNotDroppedSilently() {
        String attribute = "<p:personByIinResponse xmlns:p=\"" + NS + "\" status=\"x\"><p:found>false</p:found></p:personByIinResponse>";
        assertThatThrownBy(() -> FORMS.answerToJson(PERSON, SecureXml.parse(attribute.getBytes(StandardCharsets.UTF_8)).getDocumentElement()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("attribute status");
        String childInScalar = "<p:personByIinResponse xmlns:p=\"" + NS + "\"><p:found><p:x/>false</p:found></p:personByIinResponse>";
        assertThatThrownBy(() -> FORMS.answerToJson(PERSON, SecureXml.parse(childInScalar.getBytes(StandardCharsets.UTF_8)).getDocumentElement()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has child elements");
        String schemaHint = "<p:personByIinResponse xmlns:p=\"" + NS + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"" + NS + " x.xsd\"><p:found>false</p:found></p:personByIinResponse>";
        assertThat(FORMS.answerToJson(PERSON, SecureXml.parse(schemaHint.getBytes(StandardCharsets.UTF_8)).getDocumentElement()).toString())
                .isEqualTo("{\"found\":false}");
    }

    @Test
    void aServiceWithoutJsonFormIsUnknownToJsonClients() {
        assertThatThrownBy(() -> FORMS.requestToXml(ServiceId.parse("KZ/GOV/MJ/gbd-fl/nothing/v1"), StrictJson.parse("{}".getBytes(), "b")))
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.UNKNOWN_SERVICE));
    }
}
