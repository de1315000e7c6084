package org.govbus.adapter.populationregister;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.govbus.adapter.populationregister.simulator.PopulationRegisterSimulator;
import org.govbus.fixtures.SyntheticPeople;
import org.govbus.testkit.BusKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** person-by-iin/v1 through a whole bus to the register's simulator and back, in both client formats. */
class PopulationRegisterAdapterTest {
    static final String SERVICE = "person-by-iin/v1";
    @TempDir
    static Path dir;
    static BusKit bus;

    @BeforeAll
    static void start() throws Exception { bus = BusKit.around(new PopulationRegisterSimulator(), dir, SERVICE); }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    @AfterEach
    void normal() { bus.agency().normal(); }

    static String xml(String iin) {
        return "<p:personByIinRequest xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><p:iin>" + iin + "</p:iin></p:personByIinRequest>";
    }

    static String json(String iin) { return "{\"iin\":\"" + iin + "\"}"; }

    @Test
    void translatesTheRegistersRecordIntoTheCanonicalPerson() {
        BusKit.Answer soap = bus.soap(SERVICE, xml("640209300069"));
        assertThat(soap.fault()).isNull();
        assertThat(soap.payload()).contains("found>true<", "Петров", "Николай", "MALE", ">RUS<", ">64<", "1964-02-09", "F0012345");
        BusKit.Answer json = bus.json(SERVICE, json("640209300069"));
        assertThat(json.fault()).isNull();
        assertThat(json.payload()).contains("\"found\":true", "\"surname\":\"Петров\"", "\"citizenship\":\"RUS\"", "\"birthDate\":\"1964-02-09\"");
    }

    @Test
    void theServiceIsPublishedInItsWsdlAndTheOpenApiDocument() throws Exception {
        assertThat(bus.published(SERVICE)).contains("personByIinRequest", "person-by-iin");
    }

    @Test
    void aPersonTheRegisterDoesNotKnowIsAnAnswerNotAFault() {
        assertThat(bus.soap(SERVICE, xml(SyntheticPeople.UNKNOWN_IIN)).payload()).contains("found>false<").doesNotContain("person>");
        assertThat(bus.json(SERVICE, json(SyntheticPeople.UNKNOWN_IIN)).payload()).contains("\"found\":false");
    }

    @Test
    void aWrongCheckDigitIsTheClientsFault() {
        assertThat(bus.soap(SERVICE, xml("900101300018")).fault()).isEqualTo("Client.InvalidMessage");
        assertThat(bus.json(SERVICE, json("900101300018")).fault()).isEqualTo("Client.InvalidMessage");
    }

    @Test
    void theRegistersOwnRefusalOfTheRequestIsTheClientsFault() {
        assertThat(bus.soap(SERVICE, xml(PopulationRegisterSimulator.REFUSED_IIN)).fault()).isEqualTo("Client.InvalidMessage");
        assertThat(bus.json(SERVICE, json(PopulationRegisterSimulator.REFUSED_IIN)).fault()).isEqualTo("Client.InvalidMessage");
    }

    @Test
    void aFailingRegisterIsUnavailable() {
        bus.agency().failing();
        assertThat(bus.soap(SERVICE, xml("900101300017")).fault()).isEqualTo("Server.ProviderUnavailable");
        assertThat(bus.json(SERVICE, json("900101300017")).fault()).isEqualTo("Server.ProviderUnavailable");
    }

    @Test
    void aRegisterThatIsDownIsUnavailable() {
        bus.agency().down();
        assertThat(bus.soap(SERVICE, xml("900101300017")).fault()).isEqualTo("Server.ProviderUnavailable");
        assertThat(bus.json(SERVICE, json("900101300017")).fault()).isEqualTo("Server.ProviderUnavailable");
    }

    @Test
    void anAnswerThatIsNotTheRegistersProtocolIsAProviderError() {
        bus.agency().malformed();
        assertThat(bus.soap(SERVICE, xml("900101300017")).fault()).isEqualTo("Server.ProviderError");
        assertThat(bus.json(SERVICE, json("900101300017")).fault()).isEqualTo("Server.ProviderError");
    }

    @Test
    void aSlowRegisterTimesOutWithinTheServicesTimeout() {
        bus.agency().slow(BusKit.TIMEOUT.plusSeconds(2));
        long start = System.nanoTime();
        assertThat(bus.soap(SERVICE, xml("900101300017")).fault()).isEqualTo("Server.ProviderTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BusKit.TIMEOUT.plusSeconds(1));
    }
}
