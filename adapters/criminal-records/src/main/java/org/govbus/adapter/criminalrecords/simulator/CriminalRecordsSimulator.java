package org.govbus.adapter.criminalrecords.simulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.LocalDate;
import org.govbus.fixtures.SyntheticPeople;
import org.govbus.fixtures.WireMockAgency;

/**
 * The Committee on Legal Statistics and Special Accounts (KPSiSU) as WireMock: it speaks the committee's own SOAP
 * schema (namespace {@value #NS}), issues a certificate to every {@link SyntheticPeople} person (a few with records),
 * refuses {@link #MALFORMED_IIN} as invalid, fails with DB_UNAVAILABLE for {@link #UNAVAILABLE_IIN}, answers
 * PERSON_NOT_FOUND for anyone else, and can be told to misbehave.
 */
public final class CriminalRecordsSimulator extends WireMockAgency {
    public static final String NS = "urn:kz:kpsisu:ws:spravka:v1";
    public static final String PATH = "/kpsisu/soap";
    /** A correct check digit, so the bus lets it through, but born in month 13: the committee answers IIN_INVALID. */
    public static final String MALFORMED_IIN = "901301300017";
    /** a person whose record the committee's database cannot reach: SYSTEM-side DB_UNAVAILABLE, every time */
    public static final String UNAVAILABLE_IIN = "750612300012";
    private static final int PERSON_PRIORITY = 5;
    private static final int DEFAULT_PRIORITY = 10;

    /** Not started: for {@link java.util.ServiceLoader}, then {@link #start(int)}. */
    public CriminalRecordsSimulator() {}

    @Override
    public String adapter() { return "criminal-records"; }

    @Override
    public String system() { return "KZ/GOV/GP/kpsisu"; }

    @Override
    protected String path() { return PATH; }

    @Override
    protected void stubRecords(WireMockServer server) {
        LocalDate today = LocalDate.now();
        int serial = 0;
        for (SyntheticPeople.Person p : SyntheticPeople.ALL) {
            server.stubFor(post(urlEqualTo(PATH)).atPriority(PERSON_PRIORITY)
                    // a plain substring match: XPath per stub per request makes the simulator the bottleneck of a bench
                    .withRequestBody(containing("PersonIIN>" + p.iin() + "</"))
                    .willReturn(xml(200, SpravkaXml.spravka(p.iin(), ++serial, today))));
        }
        server.stubFor(post(urlEqualTo(PATH)).atPriority(PERSON_PRIORITY)
                .withRequestBody(containing("PersonIIN>" + MALFORMED_IIN + "</"))
                .willReturn(xml(500, SpravkaXml.fault("Client", "IIN_INVALID", "ИИН не соответствует формату"))));
        // the committee's database is down whenever this (synthetic) person is asked about: for trying retries and dead letters
        server.stubFor(post(urlEqualTo(PATH)).atPriority(PERSON_PRIORITY)
                .withRequestBody(containing("PersonIIN>" + UNAVAILABLE_IIN + "</"))
                .willReturn(xml(500, SpravkaXml.fault("Server", "DB_UNAVAILABLE", "База данных недоступна"))));
        server.stubFor(post(urlEqualTo(PATH)).atPriority(DEFAULT_PRIORITY)
                .willReturn(xml(500, SpravkaXml.fault("Client", "PERSON_NOT_FOUND", "Сведения о лице не найдены"))));
    }

    @Override
    protected ResponseDefinitionBuilder failure() {
        return xml(500, SpravkaXml.fault("Server", "SYSTEM_ERROR", "Внутренняя ошибка системы"));
    }

    private static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml; charset=utf-8").withBody(body);
    }
}
