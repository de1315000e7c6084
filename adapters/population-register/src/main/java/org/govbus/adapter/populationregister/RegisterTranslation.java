package org.govbus.adapter.populationregister;

import jakarta.xml.bind.JAXBContext;
import java.util.Map;
import javax.xml.datatype.DatatypeFactory;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.adapter.CanonicalPayload;
import org.govbus.core.adapter.AgencyResponse;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.xml.Jaxb;
import org.govbus.core.xml.SecureXml;
import org.govbus.schema.personbyiin.v1.Address;
import org.govbus.schema.personbyiin.v1.IdentityDocument;
import org.govbus.schema.personbyiin.v1.Person;
import org.govbus.schema.personbyiin.v1.PersonByIinRequest;
import org.govbus.schema.personbyiin.v1.PersonByIinResponse;
import org.govbus.schema.personbyiin.v1.Sex;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Canonical person-by-iin/v1 to and from the register's own GetPerson messages. */
final class RegisterTranslation {
    static final String NS = "urn:kz:gbdfl:ws:person:v2";
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    /** ISO 3166 numeric, as the register keeps citizenship, to the alpha-3 the canonical schema uses. */
    private static final Map<String, String> COUNTRIES = Map.of("398", "KAZ", "643", "RUS", "860", "UZB", "417", "KGZ",
            "156", "CHN", "792", "TUR", "762", "TJK", "112", "BLR", "804", "UKR", "000", "XXX");
    private static final JAXBContext JAXB = Jaxb.context(PersonByIinRequest.class, PersonByIinResponse.class);
    private static final DatatypeFactory DATES = Jaxb.DATATYPES;

    private RegisterTranslation() {}

    static String iinOf(byte[] canonicalRequest) {
        return CanonicalPayload.read(JAXB, canonicalRequest, PersonByIinRequest.class).getIin();
    }

    static byte[] toRegister(String iin, AdapterRequest request) {
        Document doc = SecureXml.newDocument();
        Element env = (Element) doc.appendChild(doc.createElementNS(SOAP, "soap:Envelope"));
        Element body = (Element) env.appendChild(doc.createElementNS(SOAP, "soap:Body"));
        Element get = (Element) body.appendChild(doc.createElementNS(NS, "gbd:GetPersonRequest"));
        Element info = add(get, "RequestInfo", null);
        add(info, "RequestorSystem", request.client().toString());
        add(info, "RequestId", request.messageId().toString());
        add(info, "Operator", request.userId());
        add(info, "LegalBasis", request.purpose());
        add(get, "PersonIIN", iin);
        return SecureXml.toBytes(doc);
    }

    static byte[] toCanonical(AgencyResponse agencyAnswer) {
        Document answer = agencyAnswer.xml();
        Element response = only(answer.getDocumentElement(), "GetPersonResponse");
        String status = text(only(only(response, "ResponseInfo"), "Status"));
        PersonByIinResponse out = new PersonByIinResponse();
        switch (status) {
            case "NOT_FOUND" -> out.setFound(false);
            case "FOUND" -> {
                out.setFound(true);
                out.setPerson(person(only(response, "Person")));
            }
            default -> throw unreadable("unknown status " + status);
        }
        return CanonicalPayload.write(JAXB, out);
    }

    private static Person person(Element p) {
        Person person = new Person();
        person.setIin(text(only(p, "IIN")));
        person.setSurname(text(only(p, "LastName")));
        person.setGivenName(text(only(p, "FirstName")));
        Element middle = optional(p, "MiddleName");
        if (middle != null) person.setPatronymic(text(middle));
        person.setBirthDate(date(only(p, "BirthDate")));
        person.setSex(switch (only(p, "Gender").getAttribute("code")) {
            case "1" -> Sex.MALE;
            case "2" -> Sex.FEMALE;
            default -> throw unreadable("unknown gender code");
        });
        String country = only(p, "Citizenship").getAttribute("code");
        person.setCitizenship(COUNTRIES.getOrDefault(country, "XXX"));
        Element a = only(p, "RegAddress");
        Address address = new Address();
        address.setRegion(text(only(a, "Region")));
        address.setCity(text(only(a, "City")));
        address.setStreet(text(only(a, "Street")));
        address.setBuilding(text(only(a, "House")));
        Element flat = optional(a, "Flat");
        if (flat != null) address.setApartment(text(flat));
        person.setRegisteredAddress(address);
        Element docs = optional(p, "Documents");
        Element d = docs == null ? null : optional(docs, "Document");
        if (d != null) {
            IdentityDocument doc = new IdentityDocument();
            doc.setType(text(only(d, "Type")));
            doc.setNumber(text(only(d, "Number")));
            doc.setIssuedBy(text(only(d, "IssueOrg")));
            doc.setIssueDate(date(only(d, "BeginDate")));
            doc.setExpiryDate(date(only(d, "EndDate")));
            person.setDocument(doc);
        }
        return person;
    }

    private static Element add(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(NS, "gbd:" + name);
        if (text != null) e.setTextContent(text);
        parent.appendChild(e);
        return e;
    }

    /** The one descendant named so (register namespace, or the SOAP Body for the response wrapper). */
    private static Element only(Element parent, String localName) {
        Element found = optional(parent, localName);
        if (found == null) throw unreadable("no " + localName);
        return found;
    }

    private static Element optional(Element parent, String localName) {
        var list = parent.getElementsByTagNameNS(NS, localName);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    private static String text(Element e) { return e.getTextContent().trim(); }

    /** A date as the register writes it (ISO); anything else is not understood, and its value stays out of the fault. */
    private static javax.xml.datatype.XMLGregorianCalendar date(Element e) {
        try {
            return DATES.newXMLGregorianCalendar(java.time.LocalDate.parse(text(e)).toString());
        } catch (java.time.format.DateTimeParseException bad) {
            throw unreadable(e.getLocalName() + " is not a date");
        }
    }

    /** The register refuses a request it finds invalid with a SOAP fault whose faultcode is Client; its own trouble is Server. */
    static boolean refusedAsInvalid(AgencyResponse answer) {
        try {
            var codes = answer.xml().getElementsByTagName("faultcode");
            return codes.getLength() == 1 && codes.item(0).getTextContent().trim().endsWith(":Client");
        } catch (BusException notXml) {
            return false;
        }
    }

    private static BusException unreadable(String what) {
        return new BusException(FaultCode.PROVIDER_ERROR, "the population register's answer is not understood: " + what);
    }
}
