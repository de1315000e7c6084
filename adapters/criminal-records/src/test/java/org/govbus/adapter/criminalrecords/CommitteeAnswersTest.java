package org.govbus.adapter.criminalrecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.govbus.core.adapter.AgencyResponse;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.junit.jupiter.api.Test;

/**
 * The adapter's checks on the committee's answers that the simulator never trips on its own: each answer here is
 * what a faulty or changed committee could send, and each must end in the fault the taxonomy gives it, never in a
 * wrong certificate or an internal error.
 */
class CommitteeAnswersTest {
    static final String IIN = "771120300034";
    static final String RECORD = "<ks:Record><ks:Article>188 ч.2</ks:Article><ks:DecisionDate>2016-03-14</ks:DecisionDate>"
            + "<ks:Status code=\"2\">Судимость погашена</ks:Status></ks:Record>";

    static String envelope(String content) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" + content + "</soap:Body></soap:Envelope>";
    }

    static String spravka(String iin, String number, String issued, String result, String records) {
        return envelope("<ks:GetSpravkaResponse xmlns:ks=\"urn:kz:kpsisu:ws:spravka:v1\"><ks:Spravka><ks:SpravkaNumber>" + number
                + "</ks:SpravkaNumber><ks:IssueDate>" + issued + "</ks:IssueDate><ks:ValidUntil>2025-07-18</ks:ValidUntil><ks:PersonIIN>"
                + iin + "</ks:PersonIIN><ks:Result>" + result + "</ks:Result>" + records + "</ks:Spravka></ks:GetSpravkaResponse>");
    }

    static String withRecords(String records) { return spravka(IIN, "KPS-1", "2025-06-18", "RECORDS_FOUND", "<ks:Records>" + records + "</ks:Records>"); }

    static String fault(String detail) {
        return envelope("<soap:Fault><faultcode>soap:Server</faultcode><faultstring>error</faultstring>" + detail + "</soap:Fault>");
    }

    static String errorCode(String code) {
        return fault("<detail><ks:SpravkaFault xmlns:ks=\"urn:kz:kpsisu:ws:spravka:v1\"><ks:ErrorCode>" + code
                + "</ks:ErrorCode></ks:SpravkaFault></detail>");
    }

    static String answer(int status, String body) {
        AgencyResponse r = new AgencyResponse("KZ/GOV/GP/kpsisu", status, "text/xml", body.getBytes(StandardCharsets.UTF_8));
        return new String(CriminalRecordsAdapter.toCanonical(IIN, r), StandardCharsets.UTF_8);
    }

    static FaultCode fault(int status, String body) {
        BusException e = catchThrowableOfType(() -> answer(status, body), BusException.class);
        assertThat(e).as("a fault").isNotNull();
        return e.code();
    }

    @Test
    void aWellFormedCertificateIsTranslated() {
        assertThat(answer(200, withRecords(RECORD))).contains("found>true<", "number>KPS-1<", "issueDate>2025-06-18<",
                "validUntil>2025-07-18<", "hasRecords>true<", "article>188 ч.2<", "status>EXPUNGED<");
        assertThat(answer(200, spravka(IIN, "KPS-1", "2025-06-18", "NOT_CONVICTED", ""))).contains("hasRecords>false<");
    }

    @Test
    void aResultThatDisagreesWithTheRecordsIsNotUnderstood() {
        assertThat(fault(200, spravka(IIN, "KPS-1", "2025-06-18", "NOT_CONVICTED", "<ks:Records>" + RECORD + "</ks:Records>")))
                .isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, spravka(IIN, "KPS-1", "2025-06-18", "RECORDS_FOUND", ""))).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, spravka(IIN, "KPS-1", "2025-06-18", "MAYBE", ""))).isEqualTo(FaultCode.PROVIDER_ERROR);
    }

    @Test
    void aCertificateForAnotherPersonIsNotPassedOn() {
        assertThat(fault(200, spravka("900101300017", "KPS-1", "2025-06-18", "NOT_CONVICTED", ""))).isEqualTo(FaultCode.PROVIDER_ERROR);
    }

    @Test
    void fieldsTheCanonicalSchemaCannotHoldAreNotUnderstood() {
        assertThat(fault(200, spravka(IIN, "", "2025-06-18", "NOT_CONVICTED", ""))).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, spravka(IIN, "K".repeat(65), "2025-06-18", "NOT_CONVICTED", ""))).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, spravka(IIN, "KPS-1", "18.06.2025", "NOT_CONVICTED", ""))).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, withRecords(RECORD.replace("188 ч.2", "1".repeat(101))))).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, withRecords(RECORD.replace("code=\"2\"", "code=\"9\"")))).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, withRecords(RECORD.replace("<ks:Article>188 ч.2</ks:Article>", "")))).isEqualTo(FaultCode.PROVIDER_ERROR);
    }

    @Test
    void anythingButAGetSpravkaResponseInASoapEnvelopeIsNotUnderstood() {
        assertThat(fault(200, "<html><body>maintenance</body></html>")).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, envelope(""))).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, envelope("<ks:GetPersonResponse xmlns:ks=\"urn:kz:kpsisu:ws:spravka:v1\"/>"))).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, "not xml at all")).isEqualTo(FaultCode.PROVIDER_ERROR);
    }

    @Test
    void theErrorCodeDecidesWhoseFaultItIs() {
        assertThat(answer(500, errorCode("PERSON_NOT_FOUND"))).contains("found>false<").doesNotContain("certificate>");
        assertThat(fault(500, errorCode("IIN_INVALID"))).isEqualTo(FaultCode.INVALID_MESSAGE);
        assertThat(fault(500, errorCode("SYSTEM_ERROR"))).isEqualTo(FaultCode.PROVIDER_UNAVAILABLE);
        assertThat(fault(500, errorCode("DB_UNAVAILABLE"))).isEqualTo(FaultCode.PROVIDER_UNAVAILABLE);
        assertThat(fault(500, errorCode("QUOTA_EXCEEDED_NEW_IN_V2"))).isEqualTo(FaultCode.PROVIDER_ERROR);
    }

    @Test
    void withoutTheCommitteesErrorCodeTheHttpStatusDecides() {
        assertThat(fault(500, fault(""))).isEqualTo(FaultCode.PROVIDER_UNAVAILABLE);
        assertThat(fault(503, "<html><body>Service Unavailable</body></html>")).isEqualTo(FaultCode.PROVIDER_UNAVAILABLE);
        assertThat(fault(502, "Bad Gateway")).isEqualTo(FaultCode.PROVIDER_UNAVAILABLE);
        assertThat(fault(404, "Not Found")).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(200, fault(""))).isEqualTo(FaultCode.PROVIDER_ERROR);
        assertThat(fault(500, spravka(IIN, "KPS-1", "2025-06-18", "NOT_CONVICTED", ""))).isEqualTo(FaultCode.PROVIDER_UNAVAILABLE);
    }
}
