package org.govbus.adapter.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.govbus.adapter.bank.simulator.BankSimulator;
import org.govbus.core.id.Iban;
import org.govbus.testkit.BusKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * benefit-payout/v1 through a whole bus (real broker, database, signatures, HTTP) to the bank's simulator, which reads
 * and writes ISO 20022 checked against ISO's schemas: each end-to-end id instructed once however the payout is sent,
 * the bank's pain.002 status mapped to accepted, rejected with ISO's reason, or pending.
 */
class BankAdapterTest {
    static final String PAYOUT = "benefit-payout/v1";
    static final String BENEFICIARY = "900101300017";
    static final String ACCOUNT = Iban.of("KZ", "6010002009876543");
    @TempDir
    static Path dir;
    static BusKit bus;
    static BankSimulator bank;

    @BeforeAll
    static void start() throws Exception {
        bank = new BankSimulator();
        bus = BusKit.around(bank, dir, PAYOUT);
    }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    @AfterEach
    void normal() { bank.normal(); }

    static String payout(String endToEndId, String iin, String iban, long tiyn) {
        return "<b:benefitPayoutRequest xmlns:b=\"urn:govbus:service:bank:benefit-payout:v1\"><b:endToEndId>" + endToEndId
                + "</b:endToEndId><b:beneficiaryIin>" + iin + "</b:beneficiaryIin><b:beneficiaryName>Жанар Сериковна Ахметова"
                + "</b:beneficiaryName><b:beneficiaryIban>" + iban + "</b:beneficiaryIban><b:beneficiaryBic>HSBKKZKX</b:beneficiaryBic><b:amount>"
                + tiyn + "</b:amount><b:paymentPurposeCode>021</b:paymentPurposeCode><b:purpose>Единовременное пособие на рождение ребёнка"
                + "</b:purpose></b:benefitPayoutRequest>";
    }

    static String payoutJson(String endToEndId, long tiyn) {
        return "{\"endToEndId\":\"" + endToEndId + "\",\"beneficiaryIin\":\"" + BENEFICIARY + "\",\"beneficiaryName\":\"Жанар Сериковна Ахметова\","
                + "\"beneficiaryIban\":\"" + ACCOUNT + "\",\"beneficiaryBic\":\"HSBKKZKX\",\"amount\":" + tiyn + ",\"paymentPurposeCode\":\"021\","
                + "\"purpose\":\"Единовременное пособие на рождение ребёнка\"}";
    }

    static String endToEndId() { return "BEN-" + UUID.randomUUID().toString().substring(0, 18); }

    static String field(BusKit.Answer a, String name) {
        assertThat(a.fault()).as("fault").isNull();
        String p = a.payload();
        int at = p.indexOf(name + ">");
        return at < 0 ? null : p.substring(at + name.length() + 1, p.indexOf('<', at));
    }

    @Test
    void aPayoutIsInstructedAsPain001AndAnsweredFromThePain002() {
        String id = endToEndId();
        long received = bank.instructionsReceived();
        BusKit.Answer a = bus.soap(PAYOUT, payout(id, BENEFICIARY, ACCOUNT, 8_517_000));
        assertThat(field(a, "status")).isEqualTo("ACCEPTED");
        assertThat(field(a, "isoStatus")).isEqualTo("ACSC");
        assertThat(field(a, "endToEndId")).isEqualTo(id);
        assertThat(field(a, "amount")).isEqualTo("8517000");
        assertThat(field(a, "instructionId")).matches("[0-9a-f]{32}");
        assertThat(field(a, "statusReportId")).startsWith("HSBK-STS-");
        assertThat(field(a, "acceptedAt")).isNotNull();
        assertThat(bank.status(id)).isEqualTo("ACSC");
        assertThat(bank.ledger().path("transfers").findValuesAsText("amount")).contains("85170.00");
        assertThat(bank.instructionsReceived() - received).isEqualTo(1);
    }

    @Test
    void aPayoutSentTwiceOverSoapAndJsonIsInstructedOnceAndAnsweredAlike() {
        String id = endToEndId();
        long received = bank.instructionsReceived();
        BusKit.Answer first = bus.soap(PAYOUT, payout(id, BENEFICIARY, ACCOUNT, 4_250_000));
        BusKit.Answer again = bus.soap(PAYOUT, payout(id, BENEFICIARY, ACCOUNT, 4_250_000));
        BusKit.Answer asJson = bus.json(PAYOUT, payoutJson(id, 4_250_000));
        assertThat(field(again, "statusReportId")).isEqualTo(field(first, "statusReportId"));
        assertThat(asJson.payload()).contains("\"statusReportId\":\"" + field(first, "statusReportId") + "\"", "\"status\":\"ACCEPTED\"");
        assertThat(bank.instructionsReceived() - received).isEqualTo(1);
        assertThat(bus.soap(PAYOUT, payout(id, BENEFICIARY, ACCOUNT, 4_250_001)).fault()).isEqualTo("Client.IdempotencyConflict");
    }

    @Test
    void aClosedAccountIsRejectedWithIsoReasonAc04AndStaysRejected() {
        String id = endToEndId();
        BusKit.Answer a = bus.soap(PAYOUT, payout(id, BENEFICIARY, BankSimulator.CLOSED_ACCOUNT, 100_000));
        assertThat(field(a, "status")).isEqualTo("REJECTED");
        assertThat(field(a, "isoStatus")).isEqualTo("RJCT");
        assertThat(field(a, "reasonCode")).isEqualTo("AC04");
        assertThat(field(a, "acceptedAt")).isNull();
        long received = bank.instructionsReceived();
        assertThat(bus.json(PAYOUT, payoutJson(id, 100_000).replace(ACCOUNT, BankSimulator.CLOSED_ACCOUNT)).payload())
                .contains("\"status\":\"REJECTED\"", "\"reasonCode\":\"AC04\"");
        assertThat(bank.instructionsReceived() - received).as("a rejection is an outcome: not instructed again").isZero();
    }

    @Test
    void aPendingPayoutIsAnsweredPendingAndTheSamePayoutSentLaterLearnsItWasAccepted() throws Exception {
        String id = endToEndId();
        bank.review(java.time.Duration.ofSeconds(4));
        long received = bank.instructionsReceived();
        long refused = bank.duplicatesRefused();
        BusKit.Answer pending = bus.soap(PAYOUT, payout(id, BENEFICIARY, BankSimulator.REVIEWED_ACCOUNT, 2_000_000));
        assertThat(field(pending, "status")).isEqualTo("PENDING");
        assertThat(field(pending, "isoStatus")).isEqualTo("PDNG");
        for (int i = 0; i < 100 && !"ACSC".equals(bank.status(id)); i++) Thread.sleep(100);
        BusKit.Answer later = bus.soap(PAYOUT, payout(id, BENEFICIARY, BankSimulator.REVIEWED_ACCOUNT, 2_000_000));
        assertThat(field(later, "status")).isEqualTo("ACCEPTED");
        assertThat(field(later, "instructionId")).isEqualTo(field(pending, "instructionId"));
        assertThat(bank.instructionsReceived() - received).as("asked, not instructed again").isEqualTo(1);
        assertThat(bank.duplicatesRefused() - refused).isZero();
    }

    @Test
    void fiftyConcurrentSubmissionsOfOnePayoutInstructTheBankOnce() throws Exception {
        String id = endToEndId();
        long received = bank.instructionsReceived();
        long refused = bank.duplicatesRefused();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<BusKit.Answer>> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                boolean json = i % 2 == 0;
                sent.add(clients.submit(() -> json ? bus.json(PAYOUT, payoutJson(id, 990_000)) : bus.soap(PAYOUT, payout(id, BENEFICIARY, ACCOUNT, 990_000))));
            }
            Set<String> outcomes = new TreeSet<>();
            for (Future<BusKit.Answer> f : sent) {
                BusKit.Answer a = f.get();
                outcomes.add(a.ok() ? "answered" : a.fault());
            }
            assertThat(outcomes).contains("answered").isSubsetOf("answered", "Server.ProviderTimeout");
        } finally {
            clients.shutdownNow();
        }
        assertThat(bank.transfers(id)).isEqualTo(1);
        assertThat(bank.instructionsReceived() - received).isEqualTo(1);
        assertThat(bank.duplicatesRefused() - refused).as("no second pain.001 reached the bank").isZero();
    }

    @Test
    void aBankSlowerThanTheTimeoutTakesThePayoutOnceAndTheRetryLearnsItsStatus() throws Exception {
        String id = endToEndId();
        long received = bank.instructionsReceived();
        long refused = bank.duplicatesRefused();
        bank.slow(BusKit.TIMEOUT.plusSeconds(1));
        assertThat(bus.soap(PAYOUT, payout(id, BENEFICIARY, ACCOUNT, 300_000)).fault()).isEqualTo("Server.ProviderTimeout");
        bank.normal();
        for (int i = 0; i < 60 && !"ACSC".equals(bank.status(id)); i++) Thread.sleep(100);
        BusKit.Answer retried = bus.soap(PAYOUT, payout(id, BENEFICIARY, ACCOUNT, 300_000));
        assertThat(field(retried, "status")).isEqualTo("ACCEPTED");
        assertThat(bank.instructionsReceived() - received).as("the resumed try asked the bank first").isEqualTo(1);
        assertThat(bank.duplicatesRefused() - refused).isZero();
    }

    @Test
    void aFailingBankIsRetryableAndTheRetryInstructsOnce() {
        String id = endToEndId();
        bank.failing();
        assertThat(bus.soap(PAYOUT, payout(id, BENEFICIARY, ACCOUNT, 50_000)).fault()).isEqualTo("Server.ProviderUnavailable");
        bank.normal();
        assertThat(field(bus.soap(PAYOUT, payout(id, BENEFICIARY, ACCOUNT, 50_000)), "status")).isEqualTo("ACCEPTED");
        assertThat(bank.transfers(id)).isEqualTo(1);
    }

    @Test
    void aTransferTheBankAlreadyHoldsUnderTheIdIsThePayoutsOnlyWhenItIsForTheSameAmountAndAccount() {
        String same = endToEndId();
        bank.instructedOutsideTheBus(same, 640_000, ACCOUNT);
        long refused = bank.duplicatesRefused();
        BusKit.Answer a = bus.soap(PAYOUT, payout(same, BENEFICIARY, ACCOUNT, 640_000));
        assertThat(field(a, "status")).isEqualTo("ACCEPTED");
        assertThat(field(a, "instructionId")).as("the bank's record of the transfer it holds").startsWith("BRANCH");
        assertThat(bank.duplicatesRefused() - refused).as("the bank refused the second pain.001 (AM05)").isEqualTo(1);

        String other = endToEndId();
        bank.instructedOutsideTheBus(other, 640_000, BankSimulator.CLOSED_ACCOUNT);
        assertThat(bus.soap(PAYOUT, payout(other, BENEFICIARY, ACCOUNT, 640_000)).fault()).isEqualTo("Server.ProviderError");
        assertThat(bank.transfers(other)).isEqualTo(1);
    }

    @Test
    void aBankAnsweringOutsideItsProtocolIsAProviderError() {
        bank.malformed();
        assertThat(bus.soap(PAYOUT, payout(endToEndId(), BENEFICIARY, ACCOUNT, 50_000)).fault()).isEqualTo("Server.ProviderError");
    }

    static Stream<Path> golden() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden"))) {
            return files.sorted().toList().stream();
        }
    }

    /** One small file per bad payout under {@code golden/}: its fields, and the exact fault; the bank never sees it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void aBadPayoutGetsExactlyItsFaultAndNeverReachesTheBank(Path file) throws IOException {
        Properties c = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            c.load(r);
        }
        long received = bank.instructionsReceived();
        String payload = payout(c.getProperty("endToEndId", endToEndId()), c.getProperty("beneficiaryIin", BENEFICIARY),
                c.getProperty("beneficiaryIban", ACCOUNT), Long.parseLong(c.getProperty("amount", "10000")));
        assertThat(bus.soap(PAYOUT, payload).fault()).isEqualTo(c.getProperty("expect"));
        assertThat(bank.instructionsReceived()).isEqualTo(received);
    }
}
