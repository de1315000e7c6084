package org.govbus.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplayComparisonTest {
    static byte[] soap(String header, String body) {
        return ("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Header>" + header
                + "</soapenv:Header><soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>").getBytes(StandardCharsets.UTF_8);
    }

    static final String PERSON = "<p:personByIinResponse xmlns:p=\"urn:p\"><p:found>true</p:found><p:checkedAt>%s</p:checkedAt></p:personByIinResponse>";

    @Test
    void sealsHeadersAndDateTimesAreNotWhatIsCompared() {
        ReplayComparison.Result r = ReplayComparison.compare(
                soap("<seal>one</seal>", PERSON.formatted("2026-11-01T10:00:00Z")),
                soap("<seal>another</seal>", PERSON.formatted("2026-11-26T09:11:08.123+05:00")));
        assertThat(r.matches()).isTrue();
    }

    @Test
    void aChangedValueIsADifferenceShownLineByLine() {
        ReplayComparison.Result r = ReplayComparison.compare(soap("", PERSON.formatted("x")),
                soap("", PERSON.formatted("x").replace("true", "false")));
        assertThat(r.matches()).isFalse();
        assertThat(r.diff()).containsExactly("- <p:found>true</p:found>", "+ <p:found>false</p:found>");
    }

    @Test
    void faultsCompareByTheirCodeAlone() {
        String fault = "<soapenv:Fault><faultcode>soapenv:Server.ProviderUnavailable</faultcode><faultstring>%s</faultstring></soapenv:Fault>";
        assertThat(ReplayComparison.compare(soap("", fault.formatted("down at 10:00")), soap("", fault.formatted("down again"))).matches()).isTrue();
        assertThat(ReplayComparison.compare(soap("", fault.formatted("x")), soap("", PERSON.formatted("x"))).matches()).isFalse();
    }

    @Test
    void aLoggedJsonAnswerIsComparedWithoutItsSealHeadersAndWhateverItsKeyOrder() {
        byte[] logged = "X-GovBus-Header: abc\r\nX-GovBus-Seal: def\r\n\r\n{\"found\":true,\"person\":{\"iin\":\"850312400029\",\"name\":\"A\"}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] replayed = "{\"person\":{\"name\":\"A\",\"iin\":\"850312400029\"},\"found\":true}".getBytes(StandardCharsets.UTF_8);
        assertThat(ReplayComparison.compare(logged, replayed).matches()).isTrue();
        ReplayComparison.Result changed = ReplayComparison.compare(logged, "{\"found\":false}".getBytes(StandardCharsets.UTF_8));
        assertThat(changed.matches()).isFalse();
        assertThat(changed.diff()).contains("+   \"found\" : false");
    }

    @Test
    void problemsCompareByCode() {
        byte[] a = "{\"type\":\"t\",\"status\":502,\"code\":\"Server.ProviderError\",\"detail\":\"one\"}".getBytes(StandardCharsets.UTF_8);
        byte[] b = "{\"type\":\"t\",\"status\":502,\"code\":\"Server.ProviderError\",\"detail\":\"two\"}".getBytes(StandardCharsets.UTF_8);
        byte[] c = "{\"type\":\"t\",\"status\":503,\"code\":\"Server.ProviderUnavailable\",\"detail\":\"one\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ReplayComparison.compare(a, b).matches()).isTrue();
        assertThat(ReplayComparison.compare(a, c).matches()).isFalse();
    }
}
