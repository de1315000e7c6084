package org.govbus.adapter.realestate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.govbus.fixtures.AgencySimulator;
import org.govbus.fixtures.SyntheticPeople;
import org.govbus.testkit.BusKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both services through a whole bus to the registry's database and back, in both client formats. Each database the
 * adapter is meant for runs the same contract over the same gbd-rn/*.sql: the SQL's portability is measured here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistryContract {
    static final String RIGHTS = "rights-by-cadastral-number/v1";
    static final String HOLDINGS = "real-estate-by-iin/v1";
    static final String SHARED_FLAT = "21:320:045:128:1/12";
    static final String MORTGAGED_HOUSE = "20:315:012:044:1";
    static final String ARRESTED_FLAT = "09:142:031:206:1/31";
    static final String COMPANY_OFFICE = "21:320:027:015:1/3";
    static final String SOLD_FLAT = "22:301:018:077:1/40";
    static final String JOINT_PLOT = "14:155:009:017";
    static final String SERIKBAEV = "900101300017";
    static final String AKHMETOVA = "850312400029";
    static final String IVANOV = "771120300034";
    static final String KIM = "950715400050";
    /** sold his only flat in 2023 */
    static final String NURLANULY = "020520500043";

    BusKit bus;
    private boolean wentDown;

    /** The registry's database this contract runs against, not started. */
    abstract AgencySimulator registry();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception { bus = BusKit.around(registry(), dir, RIGHTS, HOLDINGS); }

    @AfterAll
    void stop() throws Exception {
        if (bus != null) bus.close();
    }

    @AfterEach
    void normal() throws InterruptedException {
        bus.agency().normal();
        if (wentDown) {
            wentDown = false;
            awaitAnswers();
        }
    }

    /** Takes the registry down; the test after it starts once the bus answers again. */
    void down() {
        bus.agency().down();
        wentDown = true;
    }

    /**
     * Until the bus answers from the registry again. The agency pool (HikariCP) opens new connections on its own
     * schedule, backing off while the database is away, and checks an idle connection only after half a second:
     * hence the pause between tries.
     */
    void awaitAnswers() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        BusKit.Answer last;
        do {
            Thread.sleep(600);
            last = bus.soap(RIGHTS, rightsXml(SHARED_FLAT));
        } while (!last.ok() && System.nanoTime() < until);
        assertThat(last.fault()).as("the registry is back but the bus does not answer from it").isNull();
    }

    static String rightsXml(String number) {
        return "<r:rightsByCadastralNumberRequest xmlns:r=\"urn:govbus:service:gbd-rn:rights-by-cadastral-number:v1\">"
                + "<r:cadastralNumber>" + number + "</r:cadastralNumber></r:rightsByCadastralNumberRequest>";
    }

    static String rightsJson(String number) { return "{\"cadastralNumber\":\"" + number + "\"}"; }

    static String holdingsXml(String iin) {
        return "<h:realEstateByIinRequest xmlns:h=\"urn:govbus:service:gbd-rn:real-estate-by-iin:v1\"><h:iin>" + iin
                + "</h:iin></h:realEstateByIinRequest>";
    }

    static String holdingsJson(String iin) { return "{\"iin\":\"" + iin + "\"}"; }

    @Test
    void aFlatHeldInSharesShowsEachOwnerWithHisShare() {
        BusKit.Answer soap = bus.soap(RIGHTS, rightsXml(SHARED_FLAT));
        assertThat(soap.fault()).isNull();
        assertThat(soap.payload()).contains("found>true<", ">21:320:045:128:1/12<", ">APARTMENT<", "пр. Мангилик Ел, д. 8, кв. 12",
                ">78.40<", ">SHARED_OWNERSHIP<", ">" + SERIKBAEV + "<", "Серикбаев Айдар Нурланович", ">" + KIM + "<",
                "numerator>1<", "denominator>2<", "registeredOn>2019-08-14<").doesNotContain("encumbrance");
        BusKit.Answer json = bus.json(RIGHTS, rightsJson(SHARED_FLAT));
        assertThat(json.fault()).isNull();
        assertThat(json.payload()).contains("\"found\":true", "\"kind\":\"APARTMENT\"", "\"area\":78.4",
                "{\"owner\":{\"iin\":\"" + SERIKBAEV + "\",\"name\":\"Серикбаев Айдар Нурланович\"},\"kind\":\"SHARED_OWNERSHIP\","
                        + "\"share\":{\"numerator\":1,\"denominator\":2},\"registeredOn\":\"2019-08-14\"}",
                "{\"owner\":{\"iin\":\"" + KIM + "\"");
    }

    @Test
    void aMortgagedHouseShowsTheBankAndTheTerm() {
        BusKit.Answer soap = bus.soap(RIGHTS, rightsXml(MORTGAGED_HOUSE));
        assertThat(soap.payload()).contains(">HOUSE<", ">OWNERSHIP<", ">" + AKHMETOVA + "<", "numerator>1<", "denominator>1<",
                ">MORTGAGE<", "bin>991240001567<", "АО «Тенгри Ипотека Банк»", "from>2021-05-20<", "until>2036-05-20<");
        assertThat(bus.json(RIGHTS, rightsJson(MORTGAGED_HOUSE)).payload()).contains("\"encumbrance\":[{\"kind\":\"MORTGAGE\","
                + "\"holder\":{\"bin\":\"991240001567\",\"name\":\"АО «Тенгри Ипотека Банк»\"},\"from\":\"2021-05-20\",\"until\":\"2036-05-20\"}]");
    }

    @Test
    void anArrestRunsWithoutEndAndALiftedMortgageIsGone() {
        String json = bus.json(RIGHTS, rightsJson(ARRESTED_FLAT)).payload();
        assertThat(json).contains("\"encumbrance\":[{\"kind\":\"ARREST\",\"holder\":{\"bin\":\"011140002787\","
                + "\"name\":\"РГУ «Управление государственных доходов по городу Караганде»\"},\"from\":\"2024-02-12\"}]")
                .doesNotContain("MORTGAGE", "until");
        assertThat(bus.soap(RIGHTS, rightsXml(ARRESTED_FLAT)).payload()).contains(">ARREST<").doesNotContain("MORTGAGE", "until");
    }

    @Test
    void aCompanyHoldsItsOfficeByBinAndALeaseIsAnEncumbrance() {
        assertThat(bus.soap(RIGHTS, rightsXml(COMPANY_OFFICE)).payload()).contains(">NON_RESIDENTIAL_PREMISES<",
                "bin>040540001230<", "ТОО «Сарыарка Логистик»", ">LEASE<", "iin>640209300069<", "until>2027-12-31<");
    }

    @Test
    void aSoldFlatShowsOnlyItsNewOwnerAndNoLiftedMortgage() {
        String json = bus.json(RIGHTS, rightsJson(SOLD_FLAT)).payload();
        assertThat(json).contains("\"iin\":\"" + KIM + "\"", "\"registeredOn\":\"2023-03-01\"")
                .doesNotContain(NURLANULY, "encumbrance");
    }

    @Test
    void jointOwnershipHasNoSharesAndAnUnmeasuredPlotNoArea() {
        BusKit.Answer soap = bus.soap(RIGHTS, rightsXml(JOINT_PLOT));
        assertThat(soap.payload()).contains(">LAND_PLOT<", ">JOINT_OWNERSHIP<", ">" + IVANOV + "<", ">640209300069<")
                .doesNotContain("share>", "area>");
        assertThat(bus.json(RIGHTS, rightsJson(JOINT_PLOT)).payload()).doesNotContain("\"share\"", "\"area\"");
    }

    @Test
    void anUnknownCadastralNumberIsAnAnswerNotAFault() {
        assertThat(bus.soap(RIGHTS, rightsXml("20:318:045:999")).payload()).contains("found>false<").doesNotContain("object");
        assertThat(bus.json(RIGHTS, rightsJson("20:318:045:999")).payload()).isEqualTo("{\"found\":false}");
    }

    @Test
    void aCadastralNumberOutOfItsPatternIsTheClientsFault() {
        assertThat(bus.soap(RIGHTS, rightsXml("20-318-045-128")).fault()).isEqualTo("Client.InvalidMessage");
        assertThat(bus.json(RIGHTS, rightsJson("20:318:045:128:1/12:3")).fault()).isEqualTo("Client.InvalidMessage");
    }

    @Test
    void aPersonsCertificateListsHerObjectsWithHerShareAndTheirEncumbrances() {
        BusKit.Answer soap = bus.soap(HOLDINGS, holdingsXml(AKHMETOVA));
        assertThat(soap.fault()).isNull();
        assertThat(soap.payload()).contains("hasRealEstate>true<", ">20:315:012:044<", ">LAND_PLOT<", ">600.00<",
                ">20:315:012:044:1<", ">HOUSE<", ">OWNERSHIP<", "registeredOn>2021-05-20<", ">MORTGAGE<", "bin>991240001567<");
        BusKit.Answer json = bus.json(HOLDINGS, holdingsJson(KIM));
        assertThat(json.fault()).isNull();
        assertThat(json.payload()).startsWith("{\"hasRealEstate\":true,\"object\":[{\"cadastralNumber\":\"21:320:045:128:1/12\"")
                .contains("\"right\":[{\"kind\":\"SHARED_OWNERSHIP\",\"share\":{\"numerator\":1,\"denominator\":2},\"registeredOn\":\"2019-08-14\"}]",
                        "{\"cadastralNumber\":\"22:301:018:077:1/40\",\"kind\":\"APARTMENT\"",
                        "\"right\":[{\"kind\":\"OWNERSHIP\",\"share\":{\"numerator\":1,\"denominator\":1},\"registeredOn\":\"2023-03-01\"}]")
                .doesNotContain("MORTGAGE", SERIKBAEV);
    }

    @Test
    void aPersonsCertificateShowsJointOwnershipAndArrests() {
        String json = bus.json(HOLDINGS, holdingsJson(IVANOV)).payload();
        assertThat(json).contains("\"kind\":\"ARREST\"", "\"right\":[{\"kind\":\"JOINT_OWNERSHIP\",\"registeredOn\":\"2018-06-11\"}]")
                .doesNotContain("MORTGAGE", "640209300069");
    }

    @Test
    void aPersonWithoutRealEstateGetsACertificateOfAbsence() {
        assertThat(bus.soap(HOLDINGS, holdingsXml(NURLANULY)).payload()).contains("hasRealEstate>false<").doesNotContain("object");
        assertThat(bus.json(HOLDINGS, holdingsJson(NURLANULY)).payload()).isEqualTo("{\"hasRealEstate\":false}");
        assertThat(bus.json(HOLDINGS, holdingsJson(SyntheticPeople.UNKNOWN_IIN)).payload()).isEqualTo("{\"hasRealEstate\":false}");
    }

    @Test
    void aWrongCheckDigitIsTheClientsFaultAndNeverReachesTheRegistry() {
        assertThat(bus.soap(HOLDINGS, holdingsXml("900101300018")).fault()).isEqualTo("Client.InvalidMessage");
        down();
        assertThat(bus.json(HOLDINGS, holdingsJson("900101300018")).fault()).isEqualTo("Client.InvalidMessage");
    }

    @Test
    void aRegistryThatIsDownIsUnavailableAndAnsweredAgainOnceBack() throws InterruptedException {
        down();
        assertThat(bus.soap(RIGHTS, rightsXml(SHARED_FLAT)).fault()).isEqualTo("Server.ProviderUnavailable");
        assertThat(bus.json(HOLDINGS, holdingsJson(KIM)).fault()).isEqualTo("Server.ProviderUnavailable");
        assertThat(bus.soap(RIGHTS, rightsXml(SHARED_FLAT)).fault()).isEqualTo("Server.ProviderUnavailable");
        bus.agency().normal();
        awaitAnswers();
        assertThat(bus.json(HOLDINGS, holdingsJson(KIM)).payload()).startsWith("{\"hasRealEstate\":true");
    }

    @Test
    void aDatabaseErrorOfTheRegistryIsUnavailable() {
        bus.agency().failing();
        assertThat(bus.soap(RIGHTS, rightsXml(SHARED_FLAT)).fault()).isEqualTo("Server.ProviderUnavailable");
        assertThat(bus.json(HOLDINGS, holdingsJson(KIM)).fault()).isEqualTo("Server.ProviderUnavailable");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "21:320:045:128:1/12  | an unknown right kind",
            "20:315:012:044       | a share of 1/0",
            "20:315:012:044:1     | a subject that is neither person nor entity",
            "09:142:031:206:1/31  | an unknown encumbrance kind",
            "21:320:027:015:1/3   | an unknown object kind",
            "22:301:018:077:1/40  | an IIN of 11 digits",
            "14:155:009:017       | a share of 3/2",
            "21:320:027:015:1/P14 | a blank address"})
    void aRecordTheAdapterCannotMapIsAProviderError(String number, String defect) {
        bus.agency().malformed();
        assertThat(bus.soap(RIGHTS, rightsXml(number)).fault()).as(defect).isEqualTo("Server.ProviderError");
    }

    @Test
    void aPersonsCertificateWithARecordItCannotMapIsAProviderErrorAndOthersAreStillAnswered() {
        bus.agency().malformed();
        assertThat(bus.json(HOLDINGS, holdingsJson(IVANOV)).fault()).isEqualTo("Server.ProviderError");
        assertThat(bus.soap(HOLDINGS, holdingsXml(AKHMETOVA)).fault()).isEqualTo("Server.ProviderError");
        assertThat(bus.json(HOLDINGS, holdingsJson(NURLANULY)).payload()).isEqualTo("{\"hasRealEstate\":false}");
    }

    /**
     * Within the service's timeout, not merely its timeout plus a second: the fault comes before the bus stops
     * waiting, so it is the database's query timeout that cancelled the statement and freed the adapter.
     */
    @Test
    void aSlowRegistryTimesOutWithinTheServicesTimeout() {
        bus.agency().slow(BusKit.TIMEOUT.plusSeconds(2));
        long start = System.nanoTime();
        assertThat(bus.soap(RIGHTS, rightsXml(SHARED_FLAT)).fault()).isEqualTo("Server.ProviderTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BusKit.TIMEOUT);
        start = System.nanoTime();
        assertThat(bus.json(HOLDINGS, holdingsJson(KIM)).fault()).isEqualTo("Server.ProviderTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BusKit.TIMEOUT);
    }
}
