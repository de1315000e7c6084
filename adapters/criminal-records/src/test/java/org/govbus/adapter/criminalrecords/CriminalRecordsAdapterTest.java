package org.govbus.adapter.criminalrecords;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.govbus.adapter.criminalrecords.simulator.CriminalRecordsSimulator;
import org.govbus.fixtures.SyntheticPeople;
import org.govbus.testkit.BusKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** criminal-record-certificate/v1 through a whole bus to the committee's simulator and back, in both client formats. */
class CriminalRecordsAdapterTest {
    static final String SERVICE = "criminal-record-certificate/v1";
    /** no record with the committee */
    static final String CLEAN = "900101300017";
    /** two records: one expunged, one prosecution terminated */
    static final String EXPUNGED = "771120300034";
    /** one active conviction */
    static final String ACTIVE = "020520500043";
    @TempDir
    static Path dir;
    static BusKit bus;

    @BeforeAll
    static void start() throws Exception { bus = BusKit.around(new CriminalRecordsSimulator(), dir, SERVICE); }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    @AfterEach
    void normal() { bus.agency().normal(); }

    static String xml(String iin) {
        return "<c:criminalRecordCertificateRequest xmlns:c=\"urn:govbus:service:kpsisu:criminal-record-certificate:v1\"><c:iin>"
                + iin + "</c:iin></c:criminalRecordCertificateRequest>";
    }

    static String json(String iin) { return "{\"iin\":\"" + iin + "\"}"; }

    @Test
    void aPersonWithoutRecordsGetsACleanCertificate() {
        BusKit.Answer soap = bus.soap(SERVICE, xml(CLEAN));
        assertThat(soap.fault()).isNull();
        assertThat(soap.payload()).contains("found>true<", "hasRecords>false<", "iin>" + CLEAN + "<", "number>KPS-", "issueDate>",
                "validUntil>").doesNotContain("record>");
        BusKit.Answer json = bus.json(SERVICE, json(CLEAN));
        assertThat(json.fault()).isNull();
        assertThat(json.payload()).contains("\"found\":true", "\"hasRecords\":false", "\"iin\":\"" + CLEAN + "\"", "\"number\":\"KPS-")
                .doesNotContain("\"record\"");
    }

    @Test
    void recordsAreTranslatedWithTheirStatuses() {
        BusKit.Answer soap = bus.soap(SERVICE, xml(EXPUNGED));
        assertThat(soap.fault()).isNull();
        assertThat(soap.payload()).contains("found>true<", "hasRecords>true<", "article>188 ч.2<", "decisionDate>2016-03-14<",
                "status>EXPUNGED<", "article>345 ч.1<", "status>PROSECUTION_TERMINATED<");
        BusKit.Answer json = bus.json(SERVICE, json(EXPUNGED));
        assertThat(json.fault()).isNull();
        assertThat(json.payload()).contains("\"hasRecords\":true", "\"record\":[{\"article\":\"188 ч.2\",\"decisionDate\":\"2016-03-14\","
                + "\"status\":\"EXPUNGED\"},{\"article\":\"345 ч.1\",\"decisionDate\":\"2019-10-02\",\"status\":\"PROSECUTION_TERMINATED\"}]");
        BusKit.Answer one = bus.json(SERVICE, json(ACTIVE));
        assertThat(one.payload()).contains("\"record\":[{\"article\":\"293 ч.1\",\"decisionDate\":\"2023-09-05\",\"status\":\"ACTIVE\"}]");
    }

    @Test
    void aPersonTheCommitteeDoesNotKnowIsAnAnswerNotAFault() {
        BusKit.Answer soap = bus.soap(SERVICE, xml(SyntheticPeople.UNKNOWN_IIN));
        assertThat(soap.fault()).isNull();
        assertThat(soap.payload()).contains("found>false<").doesNotContain("certificate>");
        BusKit.Answer json = bus.json(SERVICE, json(SyntheticPeople.UNKNOWN_IIN));
        assertThat(json.fault()).isNull();
        assertThat(json.payload()).contains("\"found\":false").doesNotContain("certificate");
    }

    @Test
    void anIinTheCommitteeRefusesIsTheClientsFaultThoughItCameWithHttp500() {
        assertThat(bus.soap(SERVICE, xml(CriminalRecordsSimulator.MALFORMED_IIN)).fault()).isEqualTo("Client.InvalidMessage");
        assertThat(bus.json(SERVICE, json(CriminalRecordsSimulator.MALFORMED_IIN)).fault()).isEqualTo("Client.InvalidMessage");
    }

    @Test
    void aWrongCheckDigitIsRefusedBeforeTheCommitteeIsAsked() {
        // the committee would answer PERSON_NOT_FOUND for it: the fault can only be the adapter's own check
        assertThat(bus.soap(SERVICE, xml("900101300018")).fault()).isEqualTo("Client.InvalidMessage");
        assertThat(bus.json(SERVICE, json("900101300018")).fault()).isEqualTo("Client.InvalidMessage");
    }

    @Test
    void theCommitteesOwnSystemErrorMakesItUnavailable() {
        bus.agency().failing();
        assertThat(bus.soap(SERVICE, xml(CLEAN)).fault()).isEqualTo("Server.ProviderUnavailable");
        assertThat(bus.json(SERVICE, json(CLEAN)).fault()).isEqualTo("Server.ProviderUnavailable");
    }

    @Test
    void aCommitteeThatIsDownIsUnavailable() {
        bus.agency().down();
        assertThat(bus.soap(SERVICE, xml(CLEAN)).fault()).isEqualTo("Server.ProviderUnavailable");
        assertThat(bus.json(SERVICE, json(CLEAN)).fault()).isEqualTo("Server.ProviderUnavailable");
    }

    @Test
    void anAnswerThatIsNotTheCommitteesProtocolIsAProviderError() {
        bus.agency().malformed();
        assertThat(bus.soap(SERVICE, xml(CLEAN)).fault()).isEqualTo("Server.ProviderError");
        assertThat(bus.json(SERVICE, json(CLEAN)).fault()).isEqualTo("Server.ProviderError");
    }

    @Test
    void aSlowCommitteeTimesOutWithinTheServicesTimeout() {
        bus.agency().slow(BusKit.TIMEOUT.plusSeconds(2));
        long start = System.nanoTime();
        assertThat(bus.soap(SERVICE, xml(CLEAN)).fault()).isEqualTo("Server.ProviderTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BusKit.TIMEOUT.plusSeconds(1));
        start = System.nanoTime();
        assertThat(bus.json(SERVICE, json(CLEAN)).fault()).isEqualTo("Server.ProviderTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BusKit.TIMEOUT.plusSeconds(1));
    }
}
