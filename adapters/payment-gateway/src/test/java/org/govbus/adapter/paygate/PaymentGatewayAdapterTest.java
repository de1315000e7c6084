package org.govbus.adapter.paygate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import com.fasterxml.jackson.databind.JsonNode;
import org.govbus.adapter.paygate.simulator.PaymentGatewaySimulator;
import org.govbus.testkit.BusKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pay-state-fee/v1 and pay-fine/v1 through a whole bus (real broker, database, signatures, HTTP) to the payment
 * gateway's simulator, its confirmations pushed back to the bus: each payment reference charged once however it is
 * sent, and the same answer each time.
 */
class PaymentGatewayAdapterTest {
    static final String FEE = "pay-state-fee/v1";
    static final String FINE = "pay-fine/v1";
    static final String PAYER = "900101300017";
    @TempDir
    static Path dir;
    static BusKit bus;
    static PaymentGatewaySimulator gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = new PaymentGatewaySimulator();
        bus = BusKit.around(gateway, dir, FEE, FINE);
    }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    @AfterEach
    void normal() { gateway.normal(); }

    static String fee(String reference, String payer, long tiyn, String kbk) {
        return "<p:stateFeePaymentRequest xmlns:p=\"urn:govbus:service:paygate:pay-state-fee:v1\"><p:paymentReference>" + reference
                + "</p:paymentReference><p:payerIin>" + payer + "</p:payerIin><p:amount>" + tiyn + "</p:amount><p:kbk>" + kbk
                + "</p:kbk><p:purpose>Госпошлина за регистрацию прав на недвижимость</p:purpose><p:accrualReference>ACR-2026-0001"
                + "</p:accrualReference></p:stateFeePaymentRequest>";
    }

    static String feeJson(String reference, long tiyn) {
        return "{\"paymentReference\":\"" + reference + "\",\"payerIin\":\"" + PAYER + "\",\"amount\":" + tiyn + ",\"kbk\":\"108101\","
                + "\"purpose\":\"Госпошлина за регистрацию прав на недвижимость\",\"accrualReference\":\"ACR-2026-0001\"}";
    }

    static String reference() { return "PAY-" + UUID.randomUUID().toString().substring(0, 13); }

    /** The ledger's charges under {@code reference}. */
    static long charges(String reference) {
        long n = 0;
        for (JsonNode c : gateway.ledger().path("charges")) if (reference.equals(c.path("order_id").asText())) n++;
        return n;
    }

    static String txn(BusKit.Answer a) {
        assertThat(a.fault()).as("fault").isNull();
        String p = a.payload();
        int at = p.indexOf("transactionId>");
        return at < 0 ? null : p.substring(at + "transactionId>".length(), p.indexOf('<', at));
    }

    @Test
    void aFeeIsChargedOnceAndEverySendingGetsTheSameAnswer() {
        String ref = reference();
        long received = gateway.ordersReceived();
        BusKit.Answer first = bus.soap(FEE, fee(ref, PAYER, 150000, "108101"));
        assertThat(first.payload()).contains("status>PAID<", "amount>150000<", "paymentReference>" + ref + "<", "paidAt>");
        BusKit.Answer again = bus.soap(FEE, fee(ref, PAYER, 150000, "108101"));
        BusKit.Answer asJson = bus.json(FEE, feeJson(ref, 150000));
        assertThat(txn(again)).isEqualTo(txn(first)).isNotNull();
        assertThat(asJson.payload()).contains("\"transactionId\":\"" + txn(first) + "\"", "\"status\":\"PAID\"");
        assertThat(charges(ref)).isEqualTo(1);
        assertThat(gateway.ordersReceived() - received).as("orders the bus placed").isEqualTo(1);
    }

    @Test
    void theSameReferenceForAnotherAmountIsRefused() {
        String ref = reference();
        assertThat(txn(bus.soap(FEE, fee(ref, PAYER, 5000, "108101")))).isNotNull();
        assertThat(bus.soap(FEE, fee(ref, PAYER, 5001, "108101")).fault()).isEqualTo("Client.IdempotencyConflict");
        assertThat(bus.json(FEE, feeJson(ref, 9999)).fault()).isEqualTo("Client.IdempotencyConflict");
        assertThat(charges(ref)).isEqualTo(1);
    }

    @Test
    void aHundredConcurrentSubmissionsOfOnePaymentChargeOnce() throws Exception {
        String ref = reference();
        long received = gateway.ordersReceived();
        long refused = gateway.duplicatesRefused();
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            List<Future<BusKit.Answer>> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                boolean json = i % 2 == 0;
                sent.add(clients.submit(() -> json ? bus.json(FEE, feeJson(ref, 25000)) : bus.soap(FEE, fee(ref, PAYER, 25000, "108101"))));
            }
            Set<String> outcomes = new java.util.TreeSet<>();
            for (Future<BusKit.Answer> f : sent) {
                BusKit.Answer a = f.get();
                outcomes.add(a.ok() ? "PAID" : a.fault());
            }
            // a submission that waited longer than its timeout for the first may time out; none is charged again
            assertThat(outcomes).contains("PAID").isSubsetOf("PAID", "Server.ProviderTimeout");
        } finally {
            clients.shutdownNow();
        }
        assertThat(charges(ref)).isEqualTo(1);
        assertThat(gateway.ordersReceived() - received).isEqualTo(1);
        assertThat(gateway.duplicatesRefused() - refused).as("no second order reached the gateway").isZero();
    }

    @Test
    void aGatewayTimeoutThenALateSuccessIsOneChargeAndTheRetryGetsIt() throws Exception {
        String ref = reference();
        long received = gateway.ordersReceived();
        gateway.slow(BusKit.TIMEOUT.plusSeconds(1));
        BusKit.Answer cut = bus.soap(FEE, fee(ref, PAYER, 70000, "108101"));
        assertThat(cut.fault()).isEqualTo("Server.ProviderTimeout");
        gateway.normal();
        // the gateway charges after its slow answer; the client sends the same payment again, under a new messageId
        for (int i = 0; i < 50 && charges(ref) == 0; i++) Thread.sleep(100);
        BusKit.Answer retried = bus.soap(FEE, fee(ref, PAYER, 70000, "108101"));
        assertThat(retried.payload()).contains("status>PAID<");
        assertThat(charges(ref)).isEqualTo(1);
        assertThat(gateway.ordersReceived() - received).as("the retry asked, it did not order again").isEqualTo(1);
    }

    @Test
    void withoutAPushedConfirmationTheAdapterAsks() {
        gateway.noPushes();
        String ref = reference();
        BusKit.Answer a = bus.soap(FEE, fee(ref, PAYER, 1000, "108101"));
        assertThat(a.payload()).contains("status>PAID<");
        assertThat(charges(ref)).isEqualTo(1);
    }

    @Test
    void aFailingGatewayChargesNothingAndTheRetryChargesOnce() {
        String ref = reference();
        gateway.failing();
        assertThat(bus.soap(FEE, fee(ref, PAYER, 3000, "108101")).fault()).isEqualTo("Server.ProviderUnavailable");
        assertThat(charges(ref)).isZero();
        gateway.normal();
        assertThat(bus.soap(FEE, fee(ref, PAYER, 3000, "108101")).payload()).contains("status>PAID<");
        assertThat(charges(ref)).isEqualTo(1);
    }

    @Test
    void aDeclinedPaymentStaysDeclined() {
        String ref = reference();
        BusKit.Answer a = bus.soap(FEE, fee(ref, PaymentGatewaySimulator.DECLINED_IIN, 4000, "108101"));
        assertThat(a.payload()).contains("status>DECLINED<", "declineCode>INSUFFICIENT_FUNDS<").doesNotContain("transactionId");
        assertThat(bus.soap(FEE, fee(ref, PaymentGatewaySimulator.DECLINED_IIN, 4000, "108101")).payload()).isEqualTo(a.payload());
        assertThat(charges(ref)).isZero();
    }

    @Test
    void anUnknownBudgetCodeIsTheClientsFaultEachTimeAndTheCorrectedPaymentKeepsItsReference() {
        String ref = reference();
        assertThat(bus.soap(FEE, fee(ref, PAYER, 4000, PaymentGatewaySimulator.UNKNOWN_KBK)).fault()).isEqualTo("Client.InvalidMessage");
        assertThat(bus.soap(FEE, fee(ref, PAYER, 4000, PaymentGatewaySimulator.UNKNOWN_KBK)).fault()).isEqualTo("Client.InvalidMessage");
        assertThat(charges(ref)).isZero();
        // refused before anything happened under it, the reference is free for the corrected payment
        assertThat(bus.soap(FEE, fee(ref, PAYER, 4000, "108101")).payload()).contains("status>PAID<");
        assertThat(charges(ref)).isEqualTo(1);
    }

    @Test
    void aReferenceIsTheGatewaysOrderIdAcrossItsServices() {
        String ref = reference();
        assertThat(txn(bus.soap(FEE, fee(ref, PAYER, 5000, "108101")))).isNotNull();
        String fine = "<p:finePaymentRequest xmlns:p=\"urn:govbus:service:paygate:pay-fine:v1\"><p:paymentReference>" + ref
                + "</p:paymentReference><p:payerIin>" + PAYER + "</p:payerIin><p:amount>5000</p:amount><p:kbk>108101</p:kbk>"
                + "<p:purpose>Штраф</p:purpose><p:resolutionNumber>R-1</p:resolutionNumber></p:finePaymentRequest>";
        // a fine under the fee's reference is another payment, never answered with the fee's charge
        assertThat(bus.soap(FINE, fine).fault()).isEqualTo("Client.IdempotencyConflict");
        assertThat(charges(ref)).isEqualTo(1);
    }

    @Test
    void aFineIsPaidTheSameWay() {
        String ref = reference();
        String fine = "<p:finePaymentRequest xmlns:p=\"urn:govbus:service:paygate:pay-fine:v1\"><p:paymentReference>" + ref
                + "</p:paymentReference><p:payerIin>" + PAYER + "</p:payerIin><p:amount>1107500</p:amount><p:kbk>204101</p:kbk>"
                + "<p:purpose>Штраф за превышение скорости</p:purpose><p:resolutionNumber>AST-2026-11-000731</p:resolutionNumber>"
                + "</p:finePaymentRequest>";
        assertThat(bus.soap(FINE, fine).payload()).contains("status>PAID<", "amount>1107500<");
        assertThat(gateway.ledger().path("charges").findValuesAsText("kind")).contains("FINE");
        assertThat(charges(ref)).isEqualTo(1);
    }

    @Test
    void aConfirmationNotSignedByTheGatewayIsRefused() throws Exception {
        URI callback = URI.create(bus.node().baseUrl() + "/api/v1/agencies/KZ/GOV/NIT/paygate/callback");
        byte[] forged = "{\"order_id\":\"PAY-forged-0001\",\"status\":\"PAID\",\"amount\":\"10.00\",\"txn_id\":\"TXN-1\",\"paid_at\":\"2026-11-26T10:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(callback).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(forged)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("Client.BadSignature");
        HttpResponse<String> wrongKey = http.send(HttpRequest.newBuilder(callback).header("Content-Type", "application/json")
                .header(PaygateSignature.HEADER, PaygateSignature.sign("not-the-shared-secret", forged))
                .POST(HttpRequest.BodyPublishers.ofByteArray(forged)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(URI.create(bus.node().baseUrl()
                        + "/api/v1/agencies/KZ/GOV/MJ/nobody/callback")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(forged)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(elsewhere.body()).contains("Client.UnknownService");
    }

    @Test
    void reconcileListsEveryMismatchAndExitsOneWhenThereIsAny() {
        String ref = reference();
        BusKit.Answer paid = bus.soap(FEE, fee(ref, PAYER, 123400, "108101"));
        assertThat(txn(paid)).isNotNull();
        String paidAt = paid.payload().substring(paid.payload().indexOf("paidAt>") + 7, paid.payload().indexOf("</", paid.payload().indexOf("paidAt>")));
        String day = java.time.Instant.parse(paidAt).atOffset(java.time.ZoneOffset.ofHours(5)).toLocalDate().toString();
        // the books agree on this payment (other tests' payments share the gateway and may be listed, never this one)
        String[] agreed = reconcile(day);
        assertThat(agreed[1]).as(agreed[2]).contains("KZ/GOV/NIT/paygate " + day + ": the bus ").doesNotContain(ref);

        gateway.chargeOutsideTheBus("CASHIER-" + ref, 50000); // a charge the bus never asked for
        gateway.chargeOutsideTheBus(ref, 123400);              // and the bus's payment charged a second time
        String[] found = reconcile(day);
        assertThat(found[0]).as(found[1] + found[2]).isEqualTo("1");
        assertThat(found[1]).containsPattern("MISSING_AT_BUS +CASHIER-" + ref + " .*500\\.00 KZT")
                .containsPattern("DUPLICATE +" + ref + " .*charged 2 times");
        assertThat(reconcile("not-a-date")[0]).isEqualTo("2");
    }

    /** {@code govbus payments reconcile} beside the running node: exit code, what it printed, what it complained of. */
    static String[] reconcile(String day) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new org.govbus.app.GovBusCli());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute("payments", "reconcile", "--date", day, "--config", dir.resolve("govbus.yaml").toString());
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void amountsAreWholeTiynOnBothSides() {
        assertThat(PaymentGatewayAdapter.tenge(150000)).isEqualTo("1500.00");
        assertThat(PaymentGatewayAdapter.tenge(7)).isEqualTo("0.07");
        assertThat(PaymentGatewayAdapter.tiyn("1500.00")).isEqualTo(150000);
        assertThat(PaymentGatewayAdapter.tiyn("0.5")).isEqualTo(50);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PaymentGatewayAdapter.tiyn("0.005")).isInstanceOf(ArithmeticException.class);
    }
}
