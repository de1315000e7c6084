package org.govbus.adapter.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.govbus.adapter.bank.iso20022.CreditTransfer;
import org.govbus.adapter.bank.iso20022.IsoSchemas;
import org.govbus.adapter.bank.iso20022.StatusReport;
import org.govbus.adapter.bank.simulator.BankSimulator;
import org.govbus.core.error.BusException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pain.001 the bus writes and the pain.002 it reads, against ISO's published schemas, and how a report is mapped. */
class IsoMessagesTest {
    static final Instant AT = Instant.parse("2026-11-26T10:15:00Z");

    static CreditTransfer transfer(String msgId, long tiyn) {
        return new CreditTransfer(msgId, AT, BankSimulator.TREASURY_NAME, BankSimulator.TREASURY_IBAN, BankSimulator.BIC, "BEN-2026-000001",
                tiyn, "KZT", "Жанар Ахметова", "900101300017", BankAdapterTest.ACCOUNT, "HSBKKZKX", "021", "Пособие на рождение ребёнка",
                LocalDate.of(2026, 11, 26));
    }

    static BankAdapter.Payout payout() {
        return BankAdapter.payout(BankAdapterTest.payout("BEN-2026-000001", "900101300017", BankAdapterTest.ACCOUNT, 8_517_000)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theBusPain001IsValidIsoAndReadsBackAsWritten() {
        CreditTransfer ct = transfer("0f1e2d3c4b5a69788796a5b4c3d2e1f0", 8_517_005);
        String xml = new String(ct.toXml(), StandardCharsets.UTF_8);
        assertThat(xml).contains("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09", "<InstdAmt Ccy=\"KZT\">85170.05</InstdAmt>",
                "<CreDtTm>2026-11-26T10:15:00Z</CreDtTm>", "<Cd>SSBE</Cd>", "<EndToEndId>BEN-2026-000001</EndToEndId>");
        assertThat(CreditTransfer.parse(ct.toXml())).isEqualTo(ct);
    }

    @Test
    void aPain001BreakingIsoSchemaNeverLeaves() {
        assertThatThrownBy(() -> transfer("x".repeat(36), 100).toXml()).isInstanceOf(IsoSchemas.NotValid.class)
                .hasMessageContaining("pain.001.001.09 is not valid against ISO's schema");
    }

    @Test
    void aStatusReportIsValidIsoAndReadsBackAsWritten() {
        StatusReport r = new StatusReport("HSBK-STS-1", AT, "0f1e2d3c", null, "BEN-2026-000001", "RJCT", "AC04", "Счёт получателя закрыт",
                null, 8_517_000L, "KZT");
        assertThat(StatusReport.parse(r.toXml())).isEqualTo(r);
        StatusReport refusal = new StatusReport("HSBK-STS-2", AT, "0f1e2d3c", "RJCT", null, null, "FF01", "bad", null, null, null);
        assertThat(StatusReport.parse(refusal.toXml())).isEqualTo(refusal);
    }

    @Test
    void aPain001IsNotTakenForAStatusReport() {
        byte[] pain001 = transfer("0f1e2d3c", 100).toXml();
        assertThatThrownBy(() -> StatusReport.parse(pain001)).isInstanceOf(IsoSchemas.NotValid.class).hasMessageContaining("not a pain.002.001.10");
    }

    @ParameterizedTest
    @CsvSource({"ACSC,ACCEPTED", "ACCC,ACCEPTED", "ACSP,ACCEPTED", "ACWC,ACCEPTED", "RJCT,REJECTED", "PDNG,PENDING", "ACTC,PENDING",
            "ACCP,PENDING", "RCVD,PENDING"})
    void isoTransactionStatusesMapToThePayoutsOutcome(String iso, String outcome) {
        StatusReport r = new StatusReport("S", AT, "M", null, "BEN-2026-000001", iso, null, null, null, 8_517_000L, "KZT");
        assertThat(r.outcome()).hasValue(StatusReport.Outcome.valueOf(outcome));
        assertThat(new String(BankAdapter.canonical(payout(), r, "M"), StandardCharsets.UTF_8)).contains("status>" + outcome + "<",
                "isoStatus>" + iso + "<");
    }

    @Test
    void aReportThatIsNotAboutThisPayoutIsTheBanksError() {
        StatusReport otherTransfer = new StatusReport("S", AT, "M", null, "BEN-OTHER-0001", "ACSC", null, null, AT, 8_517_000L, "KZT");
        StatusReport otherMessage = new StatusReport("S", AT, "N", null, "BEN-2026-000001", "ACSC", null, null, AT, 8_517_000L, "KZT");
        StatusReport otherAmount = new StatusReport("S", AT, "M", null, "BEN-2026-000001", "ACSC", null, null, AT, 8_517_001L, "KZT");
        StatusReport unknownStatus = new StatusReport("S", AT, "M", null, "BEN-2026-000001", "ZZZZ", null, null, null, null, null);
        for (StatusReport r : new StatusReport[] {otherTransfer, otherMessage, otherAmount}) {
            assertThatThrownBy(() -> BankAdapter.canonical(payout(), r, "M")).isInstanceOf(BusException.class)
                    .extracting(e -> ((BusException) e).code().code()).isEqualTo("Server.ProviderError");
        }
        assertThat(unknownStatus.outcome()).isEmpty();
    }
}
