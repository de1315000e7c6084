package org.govbus.adapter.legalentities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.govbus.adapter.legalentities.simulator.LegalEntitiesSimulator;
import org.govbus.adapter.legalentities.simulator.RegisterRecords;
import org.govbus.testkit.BusKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** company-by-bin/v1 through a whole bus to the register's simulator and back, in both client formats. */
class LegalEntitiesAdapterTest {
    static final String SERVICE = "company-by-bin/v1";
    static final String DALA_DANI = RegisterRecords.DALA_DANI.bin();
    @TempDir
    static Path dir;
    static BusKit bus;
    static LegalEntitiesSimulator register;

    @BeforeAll
    static void start() throws Exception {
        register = new LegalEntitiesSimulator();
        bus = BusKit.around(register, dir, SERVICE);
    }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    @AfterEach
    void normal() { register.normal(); }

    static String xml(String bin) {
        return "<c:companyByBinRequest xmlns:c=\"urn:govbus:service:gbd-ul:company-by-bin:v1\"><c:bin>" + bin + "</c:bin></c:companyByBinRequest>";
    }

    static String json(String bin) { return "{\"bin\":\"" + bin + "\"}"; }

    static String soapFault(String bin) { return bus.soap(SERVICE, xml(bin)).fault(); }

    @Test
    void translatesTheRegistersRecordAndFollowsItsPagesToTheMainActivity() {
        BusKit.Answer soap = bus.soap(SERVICE, xml(DALA_DANI));
        assertThat(soap.fault()).isNull();
        assertThat(soap.payload()).contains("found>true<", "bin>040540001230<", "nameKk>«Дала Дәні» ЖШС<", "nameRu>ТОО «Дала Дани»<",
                "registrationDate>2004-05-14<", "status>ACTIVE<", "iin>900101300017<", "surname>Серикбаев<", "givenName>Айдар<",
                "patronymic>Нурланович<", "region>Акмолинская обл.<", "city>Кокшетау<", "street>ул. Абая<", "building>96<", "office>12<");
        // on the second page, after three secondary ones on the first
        assertThat(soap.payload()).containsPattern("mainActivity><[^>]*code>01111<[^>]*><[^>]*name>Выращивание зерновых");
        BusKit.Answer json = bus.json(SERVICE, json(DALA_DANI));
        assertThat(json.fault()).isNull();
        assertThat(json.payload()).contains("\"found\":true", "\"nameKk\":\"«Дала Дәні» ЖШС\"", "\"registrationDate\":\"2004-05-14\"",
                "\"status\":\"ACTIVE\"", "\"director\":{\"iin\":\"900101300017\",\"surname\":\"Серикбаев\",\"givenName\":\"Айдар\",\"patronymic\":\"Нурланович\"}",
                "\"mainActivity\":{\"code\":\"01111\",\"name\":\"Выращивание зерновых и зернобобовых культур, включая семеноводство\"}",
                "\"secondaryActivity\":[{\"code\":\"46210\"", "{\"code\":\"49410\"", "\"legalAddress\":{\"region\":\"Акмолинская обл.\"");
    }

    @Test
    void mapsEachOfTheRegistersStatusesAndLeavesOutWhatItDoesNotHold() {
        assertThat(bus.soap(SERVICE, xml(RegisterRecords.QARAGANDY_QURYLYS.bin())).payload())
                .contains("status>LIQUIDATED<", "nameRu>АО «Караганды Курылыс»<", "mainActivity>").doesNotContain("office>", "secondaryActivity>");
        BusKit.Answer suspended = bus.json(SERVICE, json(RegisterRecords.TURKISTAN_TOQYMA.bin()));
        assertThat(suspended.payload()).contains("\"status\":\"SUSPENDED\"", "\"givenName\":\"Тимур\"}", "\"mainActivity\":{\"code\":\"13920\"}")
                .doesNotContain("patronymic", "office");
        assertThat(bus.json(SERVICE, json(RegisterRecords.SANDYQ.bin())).payload()).contains("\"status\":\"ACTIVE\"", "\"office\":\"1204\"");
    }

    @Test
    void aCompanyTheRegisterDoesNotKnowIsAnAnswerNotAFault() {
        assertThat(bus.soap(SERVICE, xml(RegisterRecords.UNKNOWN_BIN)).payload()).contains("found>false<").doesNotContain("company>");
        assertThat(bus.json(SERVICE, json(RegisterRecords.UNKNOWN_BIN)).payload()).isEqualTo("{\"found\":false}");
    }

    @Test
    void aNotFoundThatIsNotTheRegistersOwnIsNotTakenForOne() {
        register.answerRecord(DALA_DANI, 404, "<html>no such path</html>");
        assertThat(soapFault(DALA_DANI)).isEqualTo("Server.ProviderError");
        register.answerRecord(DALA_DANI, 404, "{\"error\":\"NO_ROUTE\"}");
        assertThat(soapFault(DALA_DANI)).isEqualTo("Server.ProviderError");
    }

    @Test
    void aWrongCheckDigitIsTheClientsFault() {
        assertThat(soapFault("040540001231")).isEqualTo("Client.InvalidMessage");
        assertThat(bus.json(SERVICE, json("040540001231")).fault()).isEqualTo("Client.InvalidMessage");
        // a valid check digit but an individual's kind digit (3): not a BIN
        assertThat(soapFault("900101300017")).isEqualTo("Client.InvalidMessage");
    }

    @Test
    void aBinTheRegisterRefusesIsTheClientsFault() {
        assertThat(soapFault(RegisterRecords.REFUSED_BIN)).isEqualTo("Client.InvalidMessage");
        assertThat(bus.json(SERVICE, json(RegisterRecords.REFUSED_BIN)).fault()).isEqualTo("Client.InvalidMessage");
    }

    @Test
    void anotherRefusalOfTheRegisterIsNotTheClientsFault() {
        register.answerRecord(DALA_DANI, 400, "{\"error\":\"INVALID_PAGE_SIZE\"}");
        assertThat(soapFault(DALA_DANI)).isEqualTo("Server.ProviderError");
        register.answerRecord(DALA_DANI, 403, "{\"error\":\"INVALID_BIN\"}");
        assertThat(soapFault(DALA_DANI)).isEqualTo("Server.ProviderError");
    }

    @Test
    void aRecordTheAdapterCannotMapIsAProviderError() {
        assertThat(withRecord(r -> r.remove("data_registracii"))).isEqualTo("Server.ProviderError");
        assertThat(withRecord(r -> r.remove("rukovoditel"))).isEqualTo("Server.ProviderError");
        assertThat(withRecord(r -> r.with("naimenovanie").put("rus", ""))).isEqualTo("Server.ProviderError");
        assertThat(withRecord(r -> r.with("rukovoditel").put("familiya", 42))).isEqualTo("Server.ProviderError");
        assertThat(withRecord(r -> r.put("data_registracii", "14.05.2004"))).isEqualTo("Server.ProviderError");
        assertThat(withRecord(r -> r.with("sostoyanie").put("kod", "9"))).isEqualTo("Server.ProviderError");
        assertThat(withRecord(r -> r.put("bin", RegisterRecords.SANDYQ.bin()))).isEqualTo("Server.ProviderError");
        // and the unchanged record maps: the faults above are the changes'
        assertThat(withRecord(r -> {})).isNull();
    }

    @Test
    void activitiesTheAdapterCannotMapAreAProviderError() {
        String bin = RegisterRecords.SANDYQ.bin();
        register.answerActivities(bin, 0, "{\"items\":[],\"page\":0,\"total_pages\":" + (LegalEntitiesAdapter.MAX_PAGES + 1) + "}");
        assertThat(soapFault(bin)).as("too many pages").isEqualTo("Server.ProviderError");
        register.answerActivities(bin, 0, "{\"items\":[{\"oked\":\"62010\",\"osnovnoi\":false}],\"page\":0,\"total_pages\":1}");
        assertThat(soapFault(bin)).as("no main activity").isEqualTo("Server.ProviderError");
        register.answerActivities(bin, 0, "{\"items\":[{\"oked\":\"62010\",\"osnovnoi\":true},{\"oked\":\"62020\",\"osnovnoi\":true}],\"page\":0,\"total_pages\":1}");
        assertThat(soapFault(bin)).as("two main activities").isEqualTo("Server.ProviderError");
        register.answerActivities(bin, 0, "{\"items\":[{\"oked\":\"62010\",\"osnovnoi\":true}],\"page\":1,\"total_pages\":1}");
        assertThat(soapFault(bin)).as("another page").isEqualTo("Server.ProviderError");
        register.answerActivities(bin, 0, "{\"items\":[{\"oked\":\"62010\",\"osnovnoi\":true}],\"page\":0}");
        assertThat(soapFault(bin)).as("no total_pages").isEqualTo("Server.ProviderError");
        register.answerActivities(bin, 0, "{\"page\":0,\"total_pages\":1}");
        assertThat(soapFault(bin)).as("no items").isEqualTo("Server.ProviderError");
        register.answerActivities(bin, 0, "{\"items\":[{\"naimenovanie\":\"без кода\",\"osnovnoi\":true}],\"page\":0,\"total_pages\":1}");
        assertThat(soapFault(bin)).as("no oked").isEqualTo("Server.ProviderError");
        register.answerActivities(bin, 0, "{\"items\":[{\"oked\":\"62010\",\"osnovnoi\":true}],\"page\":0,\"total_pages\":1}");
        assertThat(soapFault(bin)).as("a well-formed page").isNull();
    }

    @Test
    void aFailingRegisterIsUnavailable() {
        register.failing();
        assertThat(soapFault(DALA_DANI)).isEqualTo("Server.ProviderUnavailable");
        assertThat(bus.json(SERVICE, json(DALA_DANI)).fault()).isEqualTo("Server.ProviderUnavailable");
    }

    @Test
    void aRegisterThatIsDownIsUnavailable() {
        register.down();
        assertThat(soapFault(DALA_DANI)).isEqualTo("Server.ProviderUnavailable");
        assertThat(bus.json(SERVICE, json(DALA_DANI)).fault()).isEqualTo("Server.ProviderUnavailable");
    }

    @Test
    void anAnswerThatIsNotTheRegistersProtocolIsAProviderError() {
        register.malformed();
        assertThat(soapFault(DALA_DANI)).isEqualTo("Server.ProviderError");
        assertThat(bus.json(SERVICE, json(DALA_DANI)).fault()).isEqualTo("Server.ProviderError");
    }

    @Test
    void aSlowRegisterTimesOutWithinTheServicesTimeout() {
        register.slow(BusKit.TIMEOUT.plusSeconds(2));
        long start = System.nanoTime();
        assertThat(soapFault(DALA_DANI)).isEqualTo("Server.ProviderTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BusKit.TIMEOUT.plusSeconds(1));
    }

    @Test
    void pagesThatAreEachInTimeButTogetherTooSlowTimeOutWithinTheServicesTimeout() {
        // the record and the first page come in time; the second would end after the timeout
        register.slow(BusKit.TIMEOUT.dividedBy(3).plusMillis(100));
        long start = System.nanoTime();
        assertThat(bus.json(SERVICE, json(DALA_DANI)).fault()).isEqualTo("Server.ProviderTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BusKit.TIMEOUT.plusSeconds(1));
    }

    private static String withRecord(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode record = RegisterRecords.record(RegisterRecords.DALA_DANI);
        change.accept(record);
        register.answerRecord(DALA_DANI, 200, record.toString());
        return soapFault(DALA_DANI);
    }
}
