package org.govbus.adapter.criminalrecords;

import jakarta.xml.bind.JAXBContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.datatype.XMLGregorianCalendar;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.CanonicalPayload;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.adapter.AgencyHttp;
import org.govbus.core.adapter.AgencyResponse;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.Iin;
import org.govbus.core.xml.Jaxb;
import org.govbus.core.xml.SecureXml;
import org.govbus.schema.criminalrecordcertificate.v1.Certificate;
import org.govbus.schema.criminalrecordcertificate.v1.CriminalRecord;
import org.govbus.schema.criminalrecordcertificate.v1.CriminalRecordCertificateRequest;
import org.govbus.schema.criminalrecordcertificate.v1.CriminalRecordCertificateResponse;
import org.govbus.schema.criminalrecordcertificate.v1.RecordStatus;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Committee on Legal Statistics and Special Accounts (KPSiSU) of the Prosecutor General's Office:
 * criminal-record-certificate/v1 in the bus's canonical schema, translated to the committee's own GetSpravka over
 * SOAP 1.1 and back. The committee reports everything that is not a certificate as a SOAP fault with HTTP 500 and
 * an error code in the detail; the code, not the HTTP status, says whose fault it is.
 */
final class CriminalRecordsAdapter implements Adapter {
    static final String NS = "urn:kz:kpsisu:ws:spravka:v1";
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP_ACTION = "\"" + NS + "/GetSpravka\"";
    private static final JAXBContext JAXB = Jaxb.context(CriminalRecordCertificateRequest.class, CriminalRecordCertificateResponse.class);
    /** the committee's reference book of record statuses, by its numeric code */
    private static final Map<String, RecordStatus> STATUSES = Map.of("1", RecordStatus.ACTIVE, "2", RecordStatus.EXPUNGED,
            "3", RecordStatus.REMOVED, "4", RecordStatus.UNDER_PROSECUTION, "5", RecordStatus.PROSECUTION_TERMINATED);
    // the canonical schema's bounds: an answer outside them would fail the bus's response check, so they are refused here
    private static final int MAX_NUMBER = 64;
    private static final int MAX_ARTICLE = 100;

    private final AgencyHttp committee;

    CriminalRecordsAdapter(AgencyHttp committee) { this.committee = committee; }

    @Override
    public byte[] call(AdapterRequest request) {
        String iin = iinOf(request.payload());
        if (!Iin.isValid(iin)) throw new BusException(FaultCode.INVALID_MESSAGE, "the IIN's check digit is wrong");
        AgencyResponse answer = committee.post("text/xml; charset=utf-8", toCommittee(iin, request), request.timeout(),
                "SOAPAction", SOAP_ACTION);
        return toCanonical(iin, answer);
    }

    static String iinOf(byte[] canonicalRequest) {
        return CanonicalPayload.read(JAXB, canonicalRequest, CriminalRecordCertificateRequest.class).getIin();
    }

    static byte[] toCommittee(String iin, AdapterRequest request) {
        Document doc = SecureXml.newDocument();
        Element env = (Element) doc.appendChild(doc.createElementNS(SOAP, "soap:Envelope"));
        Element body = (Element) env.appendChild(doc.createElementNS(SOAP, "soap:Body"));
        Element get = (Element) body.appendChild(doc.createElementNS(NS, "ks:GetSpravkaRequest"));
        add(get, "RequesterSystem", request.client().toString());
        add(get, "RequestId", request.messageId().toString());
        add(get, "Operator", request.userId());
        add(get, "LegalBasis", request.purpose());
        add(get, "PersonIIN", iin);
        return SecureXml.toBytes(doc);
    }

    /** The committee's answer to a request for {@code iin}, in canonical form, or the fault it amounts to. */
    static byte[] toCanonical(String iin, AgencyResponse answer) {
        Element content = soapContent(answer);
        if (SOAP.equals(content.getNamespaceURI()) && "Fault".equals(content.getLocalName())) return fromFault(answer, content);
        if (!answer.ok()) throw answer.unexpected();
        if (!NS.equals(content.getNamespaceURI()) || !"GetSpravkaResponse".equals(content.getLocalName())) {
            throw unreadable("no GetSpravkaResponse");
        }
        CriminalRecordCertificateResponse out = new CriminalRecordCertificateResponse();
        out.setFound(true);
        out.setCertificate(certificate(iin, child(content, "Spravka")));
        return marshal(out);
    }

    /** The first element in the SOAP Body; what is not a SOAP envelope is the agency's trouble or an unreadable answer. */
    private static Element soapContent(AgencyResponse answer) {
        Element root;
        try {
            root = SecureXml.parse(answer.body()).getDocumentElement();
        } catch (BusException e) {
            // an error page of a proxy or a servlet container before the committee's SOAP stack
            throw answer.ok() ? unreadable("not XML") : answer.unexpected();
        }
        Element body = SOAP.equals(root.getNamespaceURI()) && "Envelope".equals(root.getLocalName()) ? childIn(root, SOAP, "Body") : null;
        Element content = body == null ? null : firstElement(body);
        if (content == null) throw answer.ok() ? unreadable("not a SOAP envelope with content") : answer.unexpected();
        return content;
    }

    private static byte[] fromFault(AgencyResponse answer, Element fault) {
        NodeList codes = fault.getElementsByTagNameNS(NS, "ErrorCode");
        if (codes.getLength() == 0) {
            // a fault of the SOAP stack, not of the committee's service: its own trouble when it says so with a 5xx
            throw answer.ok() ? unreadable("a fault without an error code") : answer.unexpected();
        }
        String code = codes.item(0).getTextContent().trim();
        return switch (code) {
            // the committee holds no file on the person: an ordinary answer, no certificate
            case "PERSON_NOT_FOUND" -> {
                CriminalRecordCertificateResponse out = new CriminalRecordCertificateResponse();
                out.setFound(false);
                yield marshal(out);
            }
            // the committee checks more of the IIN than its check digit (the birth date in it); the sender must fix it
            case "IIN_INVALID" -> throw new BusException(FaultCode.INVALID_MESSAGE, "the committee refused the IIN as invalid");
            case "SYSTEM_ERROR", "DB_UNAVAILABLE" -> throw new BusException(FaultCode.PROVIDER_UNAVAILABLE,
                    "the committee reported a failure of its own (" + code + ")");
            default -> throw unreadable("an unknown error code");
        };
    }

    private static Certificate certificate(String iin, Element spravka) {
        if (!iin.equals(text(child(spravka, "PersonIIN")))) throw unreadable("the certificate is for another IIN");
        Element recordList = optionalChild(spravka, "Records");
        List<Element> records = recordList == null ? List.of() : children(recordList, "Record");
        boolean hasRecords = switch (text(child(spravka, "Result"))) {
            case "NOT_CONVICTED" -> false;
            case "RECORDS_FOUND" -> true;
            default -> throw unreadable("an unknown result");
        };
        if (hasRecords == records.isEmpty()) throw unreadable("its result and its records disagree");
        Certificate c = new Certificate();
        c.setNumber(bounded(text(child(spravka, "SpravkaNumber")), MAX_NUMBER, "certificate number"));
        c.setIssueDate(date(child(spravka, "IssueDate")));
        c.setValidUntil(date(child(spravka, "ValidUntil")));
        c.setIin(iin);
        c.setHasRecords(hasRecords);
        for (Element r : records) c.getRecord().add(record(r));
        return c;
    }

    private static CriminalRecord record(Element r) {
        CriminalRecord record = new CriminalRecord();
        record.setArticle(bounded(text(child(r, "Article")), MAX_ARTICLE, "article"));
        record.setDecisionDate(date(child(r, "DecisionDate")));
        RecordStatus status = STATUSES.get(child(r, "Status").getAttribute("code"));
        if (status == null) throw unreadable("an unknown record status");
        record.setStatus(status);
        return record;
    }

    private static byte[] marshal(CriminalRecordCertificateResponse answer) { return CanonicalPayload.write(JAXB, answer); }

    private static XMLGregorianCalendar date(Element e) {
        try {
            return Jaxb.DATATYPES.newXMLGregorianCalendar(LocalDate.parse(text(e)).toString());
        } catch (DateTimeParseException x) {
            throw unreadable(e.getLocalName() + " is not a date");
        }
    }

    private static String bounded(String text, int max, String what) {
        if (text.isEmpty() || text.length() > max) throw unreadable("the " + what + " is empty or longer than " + max);
        return text;
    }

    private static void add(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(NS, "ks:" + name);
        if (text != null) e.setTextContent(text);
        parent.appendChild(e);
    }

    /** The one child in the committee's namespace named so; the committee's schema has no optional wrappers but Records. */
    private static Element child(Element parent, String localName) {
        Element found = optionalChild(parent, localName);
        if (found == null) throw unreadable("no " + localName);
        return found;
    }

    private static Element optionalChild(Element parent, String localName) { return childIn(parent, NS, localName); }

    private static Element childIn(Element parent, String ns, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) return e;
        }
        return null;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) out.add(e);
        }
        return out;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) return e;
        }
        return null;
    }

    private static String text(Element e) { return e.getTextContent().trim(); }

    private static BusException unreadable(String what) {
        return new BusException(FaultCode.PROVIDER_ERROR, "the committee's (KPSiSU) answer is not understood: " + what);
    }
}
