package org.govbus.adapter.legalentities.simulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.govbus.fixtures.WireMockAgency;

/**
 * The legal entities register (GBD UL) as WireMock: its own REST/JSON API under {@value #PATH}, the companies of
 * {@link RegisterRecords} with their activities in pages of {@value RegisterRecords#PAGE_SIZE}, NOT_FOUND for any
 * other legal entity's BIN, INVALID_BIN for anything else, and the misbehaviours every simulator has.
 */
public final class LegalEntitiesSimulator extends WireMockAgency {
    public static final String PATH = "/gbd-ul/api";
    private static final String ENTITIES = PATH + "/v2/legal-entities/";
    /** a test's answer wins over the records, the misbehaviours over it */
    private static final int TOLD = 3;
    private static final int RECORD = 5;
    private static final int REFUSED = 7;
    private static final int NOT_FOUND = 10;

    private WireMockServer server;

    /** Not started: for {@link java.util.ServiceLoader}, then {@link #start(int)}. */
    public LegalEntitiesSimulator() {}

    @Override
    public String adapter() { return "legal-entities"; }

    @Override
    public String system() { return "KZ/GOV/MJ/gbd-ul"; }

    @Override
    protected String path() { return PATH; }

    @Override
    protected void stubRecords(WireMockServer server) {
        this.server = server;
        for (RegisterRecords.Company c : RegisterRecords.ALL) {
            server.stubFor(get(urlPathEqualTo(ENTITIES + c.bin())).atPriority(RECORD).willReturn(json(200, RegisterRecords.record(c).toString())));
            for (int page = 0; page < RegisterRecords.pages(c); page++) {
                server.stubFor(get(urlPathEqualTo(ENTITIES + c.bin() + "/activities")).withQueryParam("page", equalTo(Integer.toString(page)))
                        .atPriority(RECORD).willReturn(json(200, RegisterRecords.activities(c, page).toString())));
            }
        }
        // the register holds legal entities, resident (4) or not (5): any other kind of number it refuses
        server.stubFor(get(urlPathMatching(ENTITIES + "(?![0-9]{4}[45][0-9]{7}(/activities)?$)[^/]+(/activities)?")).atPriority(REFUSED)
                .willReturn(json(400, "{\"error\":\"INVALID_BIN\",\"message\":\"БИН не является БИН юридического лица\"}")));
        server.stubFor(get(urlPathMatching(ENTITIES + "[^/]+(/activities)?")).atPriority(NOT_FOUND)
                .willReturn(json(404, "{\"error\":\"NOT_FOUND\",\"message\":\"Юридическое лицо не найдено\"}")));
    }

    @Override
    protected ResponseDefinitionBuilder failure() {
        return aResponse().withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"error\":\"INTERNAL_ERROR\",\"message\":\"ГБД ЮЛ временно недоступна\"}");
    }

    /** Until {@link #normal()}: the record of {@code bin} is answered with this status and body, e.g. one the adapter cannot map. */
    public void answerRecord(String bin, int status, String body) {
        server.stubFor(get(urlPathEqualTo(ENTITIES + bin)).atPriority(TOLD).willReturn(json(status, body)));
    }

    /** Until {@link #normal()}: page {@code page} of the activities of {@code bin} is answered with this body. */
    public void answerActivities(String bin, int page, String body) {
        server.stubFor(get(urlPathEqualTo(ENTITIES + bin + "/activities")).withQueryParam("page", equalTo(Integer.toString(page)))
                .atPriority(TOLD).willReturn(json(200, body)));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }
}
