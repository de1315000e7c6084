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
                null, 8_517_000L, "KZT", BankAdapterTest.ACCOUNT);
        assertThat(StatusReport.parse(r.toXml())).isEqualTo(r);
        StatusReport refusal = new StatusReport("HSBK-STS-2", AT, "0f1e2d3c", "RJCT", null, "RJCT", "FF01", "bad", null, null, null, null);
        assertThat(StatusReport.parse(refusal.toXml())).isEqualTo(refusal);
    }

    @Test
    void aPain001IsNotTakenForAStatusReport() {
        byte[] pain001 = transfer("0f1e2d3c", 100).toXml();
        assertThatThrownBy(() -> StatusReport.parse(pain001)).isInstanceOf(IsoSchemas.NotValid.class).hasMessageContaining("not a pain.002.001.10");
    }

    @Test
    void aReportWithoutATransactionStatusHasItsPaymentsOrItsMessages() {
        String report = """
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
                <GrpHdr><MsgId>S-1</MsgId><CreDtTm>2026-11-26T10:15:00</CreDtTm></GrpHdr>
                <OrgnlGrpInfAndSts><OrgnlMsgId>M</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>GROUP</OrgnlGrpInfAndSts>
                <OrgnlPmtInfAndSts><OrgnlPmtInfId>M</OrgnlPmtInfId>PAYMENT<TxInfAndSts><OrgnlEndToEndId>BEN-2026-000001</OrgnlEndToEndId>
                </TxInfAndSts></OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>""";
        StatusReport byPayment = StatusReport.parse(report.replace("GROUP", "<GrpSts>ACTC</GrpSts>")
                .replace("PAYMENT", "<PmtInfSts>RJCT</PmtInfSts><StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf>").getBytes(StandardCharsets.UTF_8));
        assertThat(byPayment.status()).isEqualTo("RJCT");
        assertThat(byPayment.reasonCode()).isEqualTo("AM04");
        assertThat(byPayment.created()).as("a time without its zone is UTC").isEqualTo(AT);
        StatusReport byGroup = StatusReport.parse(report.replace("GROUP", "<GrpSts>ACSC</GrpSts>").replace("PAYMENT", "")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(byGroup.outcome()).hasValue(StatusReport.Outcome.ACCEPTED);
        StatusReport none = StatusReport.parse(report.replace("GROUP", "").replace("PAYMENT", "").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> BankAdapter.canonical(payout(), none, "M")).isInstanceOf(BusException.class)
                .hasMessageContaining("its report gives no status");
    }

    @ParameterizedTest
    @CsvSource({"ACSC,ACCEPTED", "ACCC,ACCEPTED", "ACSP,ACCEPTED", "ACWC,ACCEPTED", "ACWP,ACCEPTED", "RJCT,REJECTED", "CANC,REJECTED",
            "PDNG,PENDING", "ACTC,PENDING", "ACCP,PENDING", "ACFC,PENDING", "RCVD,PENDING"})
    void isoTransactionStatusesMapToThePayoutsOutcome(String iso, String outcome) {
        StatusReport r = new StatusReport("S", AT, "M", null, "BEN-2026-000001", iso, null, null, null, 8_517_000L, "KZT", BankAdapterTest.ACCOUNT);
        assertThat(r.outcome()).hasValue(StatusReport.Outcome.valueOf(outcome));
        assertThat(new String(BankAdapter.canonical(payout(), r, "M"), StandardCharsets.UTF_8)).contains("status>" + outcome + "<",
                "isoStatus>" + iso + "<");
    }

    @Test
    void aReportThatIsNotAboutThisPayoutIsTheBanksError() {
        String account = BankAdapterTest.ACCOUNT;
        StatusReport otherTransfer = new StatusReport("S", AT, "M", null, "BEN-OTHER-0001", "ACSC", null, null, AT, 8_517_000L, "KZT", account);
        StatusReport otherMessage = new StatusReport("S", AT, "N", null, "BEN-2026-000001", "ACSC", null, null, AT, 8_517_000L, "KZT", account);
        StatusReport otherAmount = new StatusReport("S", AT, "M", null, "BEN-2026-000001", "ACSC", null, null, AT, 8_517_001L, "KZT", account);
        StatusReport otherAccount = new StatusReport("S", AT, "M", null, "BEN-2026-000001", "ACSC", null, null, AT, 8_517_000L, "KZT",
                BankSimulator.CLOSED_ACCOUNT);
        StatusReport unknownStatus = new StatusReport("S", AT, "M", null, "BEN-2026-000001", "ZZZZ", null, null, null, null, null, null);
        for (StatusReport r : new StatusReport[] {otherTransfer, otherMessage, otherAmount, otherAccount, unknownStatus}) {
            assertThatThrownBy(() -> BankAdapter.canonical(payout(), r, "M")).isInstanceOf(BusException.class)
                    .extracting(e -> ((BusException) e).code().code()).isEqualTo("Server.ProviderError");
        }
        assertThat(unknownStatus.outcome()).isEmpty();
    }

    @Test
    void aReportOnAnEarlierTrysTransferCountsOnlyWhenItStatesTheAmountAndAccount() {
        StatusReport stated = new StatusReport("S", AT, "EARLIER", null, "BEN-2026-000001", "ACSC", null, null, AT, 8_517_000L, "KZT",
                BankAdapterTest.ACCOUNT);
        assertThat(new String(BankAdapter.canonical(payout(), stated, null), StandardCharsets.UTF_8)).contains("instructionId>EARLIER<");
        StatusReport silent = new StatusReport("S", AT, "EARLIER", null, "BEN-2026-000001", "ACSC", null, null, AT, null, null, null);
        assertThat(new String(BankAdapter.canonical(payout(), silent, "EARLIER"), StandardCharsets.UTF_8)).as("this try's own").contains("ACCEPTED");
        assertThatThrownBy(() -> BankAdapter.canonical(payout(), silent, null)).isInstanceOf(BusException.class)
                .hasMessageContaining("does not state the amount and account");
    }
}
