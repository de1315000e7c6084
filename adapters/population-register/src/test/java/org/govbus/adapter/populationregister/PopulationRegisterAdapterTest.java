package org.govbus.adapter.populationregister;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.adapter.Adapters;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.routing.ProviderRoute;
import org.govbus.fixtures.PopulationRegisterSimulator;
import org.govbus.fixtures.SyntheticPeople;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PopulationRegisterAdapterTest {
    static PopulationRegisterSimulator register;
    static Adapter adapter;

    @BeforeAll
    static void start() {
        register = new PopulationRegisterSimulator(0);
        adapter = Adapters.discover(PopulationRegisterAdapterTest.class.getClassLoader()).get("population-register")
                .create(new ProviderRoute(SystemId.parse("KZ/GOV/MJ/gbd-fl"), "population-register", register.endpoint()));
    }

    @AfterAll
    static void stop() { register.stop(); }

    @AfterEach
    void normal() { register.reset(); }

    static String call(Adapter a, String iin, Duration timeout) {
        byte[] payload = ("<p:personByIinRequest xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><p:iin>" + iin
                + "</p:iin></p:personByIinRequest>").getBytes(StandardCharsets.UTF_8);
        return new String(a.call(new AdapterRequest(UUID.randomUUID(), ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1"),
                SystemId.parse("KZ/GOV/EGOV/portal"), "operator-1", "test", payload, timeout)), StandardCharsets.UTF_8);
    }

    @Test
    void translatesTheRegistersRecordIntoTheCanonicalPerson() {
        String answer = call(adapter, "640209300069", Duration.ofSeconds(5));
        assertThat(answer).contains("<found>true</found>", "<surname>Петров</surname>", "<givenName>Николай</givenName>",
                "<sex>MALE</sex>", "<citizenship>RUS</citizenship>", "<building>64</building>",
                "<birthDate>1964-02-09</birthDate>", "<number>F0012345</number>");
    }

    @Test
    void aPersonTheRegisterDoesNotKnowIsNotFound() {
        assertThat(call(adapter, SyntheticPeople.UNKNOWN_IIN, Duration.ofSeconds(5))).contains("<found>false</found>").doesNotContain("<person>");
    }

    @Test
    void aWrongCheckDigitIsTheClientsFault() {
        assertFault(() -> call(adapter, "900101300018", Duration.ofSeconds(5)), FaultCode.INVALID_MESSAGE);
    }

    @Test
    void aPayloadOfAnotherElementIsRefused() {
        byte[] other = ("<p:personByIinResponse xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><p:iin>900101300017"
                + "</p:iin></p:personByIinResponse>").getBytes(StandardCharsets.UTF_8);
        assertFault(() -> adapter.call(new AdapterRequest(UUID.randomUUID(), ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1"),
                SystemId.parse("KZ/GOV/EGOV/portal"), "operator-1", "test", other, Duration.ofSeconds(5))), FaultCode.INVALID_MESSAGE);
    }

    @Test
    void aFailingRegisterIsUnavailable() {
        register.failEveryCall();
        assertFault(() -> call(adapter, "900101300017", Duration.ofSeconds(5)), FaultCode.PROVIDER_UNAVAILABLE);
    }

    @Test
    void aSlowRegisterTimesOut() {
        register.answerAfter(Duration.ofSeconds(2));
        assertFault(() -> call(adapter, "900101300017", Duration.ofMillis(300)), FaultCode.PROVIDER_TIMEOUT);
    }

    @Test
    void aRegisterThatIsDownIsUnavailable() {
        Adapter nowhere = new PopulationRegisterAdapterFactory().create(new ProviderRoute(
                SystemId.parse("KZ/GOV/MJ/gbd-fl"), "population-register", URI.create("http://127.0.0.1:9/gbd-fl/soap")));
        assertFault(() -> call(nowhere, "900101300017", Duration.ofSeconds(5)), FaultCode.PROVIDER_UNAVAILABLE);
    }

    private static void assertFault(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, FaultCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
