package org.govbus.adapter.legalentities;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.xml.bind.JAXBContext;
import java.time.Duration;
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
import org.govbus.core.id.Bin;
import org.govbus.core.xml.Jaxb;
import org.govbus.schema.companybybin.v1.Activity;
import org.govbus.schema.companybybin.v1.Address;
import org.govbus.schema.companybybin.v1.Company;
import org.govbus.schema.companybybin.v1.CompanyByBinRequest;
import org.govbus.schema.companybybin.v1.CompanyByBinResponse;
import org.govbus.schema.companybybin.v1.CompanyStatus;
import org.govbus.schema.companybybin.v1.Director;

/**
 * The legal entities register (GBD UL): company-by-bin/v1 in the bus's canonical schema, asked of the register's
 * own REST/JSON API and translated back. The register's protocol, as this adapter relies on it:
 * <ul>
 *   <li>{@code GET /v2/legal-entities/{bin}}: 200 the record (snake_case, transliterated Russian names);
 *       404 {@code {"error":"NOT_FOUND"}}; 400 {@code {"error":"INVALID_BIN"}} when it refuses the BIN itself;</li>
 *   <li>{@code GET /v2/legal-entities/{bin}/activities?page=N&size=M}: {@code {"items":[{"oked","naimenovanie",
 *       "osnovnoi"}],"page":N,"total_pages":T}}, pages counted from 0; exactly one item is the main activity.</li>
 * </ul>
 */
final class LegalEntitiesAdapter implements Adapter {
    /** a company has a handful of activities: more pages than this is a register gone wrong, not data to wait for */
    static final int MAX_PAGES = 20;
    /** what we ask for; the register may serve fewer a page, so the pages are followed by total_pages, not by count */
    private static final int PAGE_SIZE = 50;
    private static final Map<String, CompanyStatus> STATUSES = Map.of(
            "1", CompanyStatus.ACTIVE, "2", CompanyStatus.LIQUIDATED, "3", CompanyStatus.SUSPENDED);
    private static final JAXBContext JAXB = Jaxb.context(CompanyByBinRequest.class, CompanyByBinResponse.class);

    private final AgencyHttp register;

    LegalEntitiesAdapter(AgencyHttp register) { this.register = register; }

    @Override
    public byte[] call(AdapterRequest request) {
        String bin = binOf(request.payload());
        // the schema checks only the digits; a wrong check digit would cost the register a call to refuse it
        if (!Bin.isValid(bin)) throw new BusException(FaultCode.INVALID_MESSAGE, "the BIN's check digit or kind of entity is wrong");
        // one deadline for all the calls one answer takes, not the whole timeout for each page
        long deadline = System.nanoTime() + request.timeout().toNanos();
        AgencyResponse record = register.get("/v2/legal-entities/" + bin, left(deadline));
        CompanyByBinResponse out = new CompanyByBinResponse();
        // only the register's own NOT_FOUND: a bare 404 (a wrong endpoint, a proxy) must not say "no such company"
        if (record.status() == 404 && "NOT_FOUND".equals(errorOf(record))) {
            out.setFound(false);
            return canonical(out);
        }
        requireOk(record);
        Company company = company(record.json(), bin);
        addActivities(company, activities(bin, deadline));
        out.setFound(true);
        out.setCompany(company);
        return canonical(out);
    }

    private static Company company(JsonNode r, String bin) {
        if (!bin.equals(text(r, "bin"))) throw unreadable("it answered for another BIN");
        Company c = new Company();
        c.setBin(bin);
        JsonNode name = member(r, "naimenovanie");
        c.setNameKk(text(name, "kaz"));
        c.setNameRu(text(name, "rus"));
        c.setRegistrationDate(date(text(r, "data_registracii")));
        CompanyStatus status = STATUSES.get(text(member(r, "sostoyanie"), "kod"));
        if (status == null) throw unreadable("unknown sostoyanie.kod");
        c.setStatus(status);
        JsonNode head = member(r, "rukovoditel");
        Director d = new Director();
        d.setIin(text(head, "iin"));
        d.setSurname(text(head, "familiya"));
        d.setGivenName(text(head, "imya"));
        d.setPatronymic(optionalText(head, "otchestvo"));
        c.setDirector(d);
        JsonNode a = member(r, "adres");
        Address address = new Address();
        address.setRegion(text(a, "oblast"));
        address.setCity(text(a, "naselennyi_punkt"));
        address.setStreet(text(a, "ulica"));
        address.setBuilding(text(a, "dom"));
        address.setOffice(optionalText(a, "ofis"));
        c.setLegalAddress(address);
        return c;
    }

    /** Every page of the company's activities, in the register's order. */
    private List<JsonNode> activities(String bin, long deadline) {
        List<JsonNode> items = new ArrayList<>();
        int pages = 1;
        for (int page = 0; page < pages; page++) {
            AgencyResponse answer = register.get("/v2/legal-entities/" + bin + "/activities?page=" + page + "&size=" + PAGE_SIZE, left(deadline));
            requireOk(answer);
            JsonNode body = answer.json();
            if (!body.path("page").isInt() || body.get("page").intValue() != page) throw unreadable("not the page of activities asked for");
            if (!body.path("total_pages").isInt() || body.get("total_pages").intValue() < 0) throw unreadable("no total_pages");
            pages = body.get("total_pages").intValue();
            if (pages > MAX_PAGES) throw unreadable("more than " + MAX_PAGES + " pages of activities");
            if (!body.path("items").isArray()) throw unreadable("no items");
            body.get("items").forEach(items::add);
        }
        return items;
    }

    private static void addActivities(Company company, List<JsonNode> items) {
        List<JsonNode> main = items.stream().filter(i -> i.path("osnovnoi").booleanValue()).toList();
        if (main.size() != 1) throw unreadable(main.isEmpty() ? "no main activity" : "more than one main activity");
        company.setMainActivity(activity(main.get(0)));
        for (JsonNode i : items) {
            if (i != main.get(0)) company.getSecondaryActivity().add(activity(i));
        }
    }

    private static Activity activity(JsonNode item) {
        Activity a = new Activity();
        a.setCode(text(item, "oked"));
        a.setName(optionalText(item, "naimenovanie"));
        return a;
    }

    /** The register's refusal of the BIN is the client's fault; any other status it was not meant to send, not. */
    private static void requireOk(AgencyResponse answer) {
        if (answer.ok()) return;
        if (answer.status() == 400 && "INVALID_BIN".equals(errorOf(answer))) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "the legal entities register refuses the BIN");
        }
        throw answer.unexpected();
    }

    /** The register's error code, or "" when the answer carries none. */
    private static String errorOf(AgencyResponse answer) {
        try {
            return answer.json().path("error").asText("");
        } catch (BusException notJson) {
            return "";
        }
    }

    private static Duration left(long deadline) {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) throw new BusException(FaultCode.PROVIDER_TIMEOUT, "the legal entities register's pages took longer than the timeout");
        return Duration.ofNanos(nanos);
    }

    private static String binOf(byte[] canonicalRequest) {
        return CanonicalPayload.read(JAXB, canonicalRequest, CompanyByBinRequest.class).getBin();
    }

    private static byte[] canonical(CompanyByBinResponse answer) { return CanonicalPayload.write(JAXB, answer); }

    private static JsonNode member(JsonNode parent, String name) {
        JsonNode v = parent.get(name);
        if (v == null || !v.isObject()) throw unreadable("no " + name);
        return v;
    }

    private static String text(JsonNode parent, String name) {
        String v = optionalText(parent, name);
        if (v == null) throw unreadable("no " + name);
        return v;
    }

    /** A string member, null when absent, null or empty: the register writes all three for "none". */
    private static String optionalText(JsonNode parent, String name) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isBlank()) return null;
        if (!v.isTextual()) throw unreadable(name + " is not a string");
        return v.textValue().trim();
    }

    private static XMLGregorianCalendar date(String text) {
        try {
            return Jaxb.DATATYPES.newXMLGregorianCalendar(LocalDate.parse(text).toString());
        } catch (DateTimeParseException e) {
            throw unreadable("data_registracii is not a date");
        }
    }

    private static BusException unreadable(String what) {
        return new BusException(FaultCode.PROVIDER_ERROR, "the legal entities register's answer is not understood: " + what);
    }
}
