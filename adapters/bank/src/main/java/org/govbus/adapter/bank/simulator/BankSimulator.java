package org.govbus.adapter.bank.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.govbus.adapter.bank.iso20022.CreditTransfer;
import org.govbus.adapter.bank.iso20022.IsoSchemas;
import org.govbus.adapter.bank.iso20022.StatusReport;
import org.govbus.core.error.BusException;
import org.govbus.core.id.Iban;
import org.govbus.fixtures.JdkHttpAgency;

/**
 * A bank's host-to-host channel in ISO 20022, with the treasury's account and a ledger in memory. {@code POST
 * /bank/h2h/pain.001} takes a credit transfer initiation checked against ISO's schema (202 with a pain.002 ACTC; 400
 * with a pain.002 RJCT FF01 for one that is not valid; 409 with RJCT AM05 for an end-to-end id it has), and decides
 * the transfer a moment later: credited (ACSC), rejected for a closed account ({@link #CLOSED_ACCOUNT}, AC04) or a
 * payer's account it does not hold (AC02), or held for a compliance review ({@link #REVIEWED_ACCOUNT}, PDNG) that ends
 * in ACSC after {@link #review(Duration)}. {@code GET /bank/h2h/pain.002/{EndToEndId}} reports a transfer's status,
 * 404 when it has none; {@code GET /bank/h2h/ledger} lists the transfers as JSON. It can be slow (taking the transfer
 * all the same), fail, answer what is not its protocol, or be down. Stateful and timed, so on the JDK's HTTP server.
 */
public final class BankSimulator extends JdkHttpAgency {
    public static final String PATH = "/bank/h2h";
    public static final String BIC = "HSBKKZKX";
    public static final String TREASURY_NAME = "Комитет казначейства Министерства финансов РК";
    /** the treasury's account at this bank: the payer of every payout */
    public static final String TREASURY_IBAN = Iban.of("KZ", "6010000000000101");
    /** a beneficiary's account the bank has closed: the transfer is rejected AC04 */
    public static final String CLOSED_ACCOUNT = Iban.of("KZ", "6010002000000404");
    /** a beneficiary's account under a compliance review: the transfer stays PDNG until the review ends */
    public static final String REVIEWED_ACCOUNT = Iban.of("KZ", "6010002000000777");
    private static final Duration DECIDE_AFTER = Duration.ofMillis(30);
    private static final Duration REVIEW = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A transfer's status at one moment, replaced whole so that a report never mixes two moments. */
    private record State(String status, String reasonCode, String reasonText, Instant decidedAt) {}

    /** One transfer: what was instructed and its status now. */
    private static final class Transfer {
        final CreditTransfer instructed;
        final Instant received = Instant.now();
        volatile State state = new State("ACTC", null, null, null);

        Transfer(CreditTransfer instructed) { this.instructed = instructed; }
    }

    private final Map<String, Transfer> transfers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> messageIds = new ConcurrentHashMap<>();
    private final AtomicLong instructionsReceived = new AtomicLong();
    private final AtomicLong duplicatesRefused = new AtomicLong();
    private final AtomicLong reports = new AtomicLong();
    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(1, daemon("bank-simulator"));
    private final AtomicReference<Runnable> onInstructed = new AtomicReference<>();
    private volatile Duration review = REVIEW;

    /** Not started: for {@link java.util.ServiceLoader}, then {@link #start(int)}. */
    public BankSimulator() { super(PATH); }

    @Override
    public String adapter() { return "iso20022-bank"; }

    @Override
    public String system() { return "KZ/COM/HSBK/payouts"; }

    @Override
    public Map<String, String> options() {
        return Map.of("endpoint", endpoint().toString(), "debtorName", TREASURY_NAME, "debtorIban", TREASURY_IBAN, "debtorBic", BIC);
    }

    @Override
    public void normal() {
        super.normal();
        review = REVIEW;
        onInstructed.set(null);
    }

    /** How long a compliance review of {@link #REVIEWED_ACCOUNT} holds a transfer before it is credited. */
    public void review(Duration holds) { review = holds; }

    /** Runs {@code then} once, when the next new transfer has been taken, before the bank answers (a test's crash point). */
    public void whenInstructed(Runnable then) { onInstructed.set(then); }

    /** pain.001 messages received (valid or not), and those refused for an end-to-end id the bank already had. */
    public long instructionsReceived() { return instructionsReceived.get(); }

    public long duplicatesRefused() { return duplicatesRefused.get(); }

    /** Transfers with this end-to-end id the bank holds: 0 or 1, never more. */
    public long transfers(String endToEndId) { return transfers.containsKey(endToEndId) ? 1 : 0; }

    /** Its ISO status now, or null. */
    public String status(String endToEndId) {
        Transfer t = transfers.get(endToEndId);
        return t == null ? null : t.state.status();
    }

    /**
     * A transfer the bank holds under {@code endToEndId} that no try of the bus sent (another channel, a restored
     * database): credited, for the amount and to the account given.
     */
    public void instructedOutsideTheBus(String endToEndId, long tiyn, String creditorIban) {
        CreditTransfer ct = new CreditTransfer("BRANCH" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), Instant.now(),
                TREASURY_NAME, TREASURY_IBAN, BIC, endToEndId, tiyn, "KZT", "Получатель", "900101300017", creditorIban, BIC, "021",
                "Платёж, введённый в отделении", java.time.LocalDate.now());
        Transfer t = new Transfer(ct);
        settle(t, "ACSC", null, null);
        transfers.putIfAbsent(endToEndId, t);
    }

    @Override
    protected void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = pathOf(x);
            if (isFailing()) {
                reply(x, 503, "text/plain", "Service Unavailable".getBytes(StandardCharsets.UTF_8));
            } else if (isMalformed()) {
                reply(x, 200, "text/html; charset=utf-8", "<html><body>Плановые работы</body></html>".getBytes(StandardCharsets.UTF_8));
            } else if ("POST".equals(x.getRequestMethod()) && path.equals("/pain.001")) {
                instruct(x);
            } else if ("GET".equals(x.getRequestMethod()) && path.startsWith("/pain.002/")) {
                Transfer t = transfers.get(URLDecoder.decode(path.substring("/pain.002/".length()), StandardCharsets.UTF_8));
                if (t == null) reply(x, 404, "text/plain", "NOT_FOUND".getBytes(StandardCharsets.UTF_8));
                else reply(x, 200, "application/xml", report(t).toXml());
            } else if ("GET".equals(x.getRequestMethod()) && path.equals("/ledger")) {
                reply(x, 200, "application/json", JSON.writeValueAsBytes(ledger()));
            } else {
                reply(x, 404, "text/plain", "NOT_FOUND".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            reply(x, 500, "text/plain", "SYSTEM_ERROR".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void instruct(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        instructionsReceived.incrementAndGet();
        CreditTransfer ct;
        try {
            ct = CreditTransfer.parse(body);
        } catch (IsoSchemas.NotValid | BusException e) {
            reply(x, 400, "application/xml", groupRefusal("UNKNOWN", "FF01", "Сообщение не соответствует схеме pain.001.001.09").toXml());
            return;
        }
        if (messageIds.putIfAbsent(ct.messageId(), Boolean.TRUE) != null) {
            reply(x, 409, "application/xml", groupRefusal(ct.messageId(), "DU01", "Повторный идентификатор сообщения").toXml());
            return;
        }
        Transfer fresh = new Transfer(ct);
        if (transfers.putIfAbsent(ct.endToEndId(), fresh) != null) {
            duplicatesRefused.incrementAndGet();
            reply(x, 409, "application/xml", groupRefusal(ct.messageId(), "AM05", "Перевод с таким EndToEndId уже принят").toXml());
            return;
        }
        Runnable hook = onInstructed.getAndSet(null);
        if (hook != null) hook.run();
        Duration delay = answerDelay();
        later.schedule(() -> decide(fresh), DECIDE_AFTER.plus(delay).toMillis(), TimeUnit.MILLISECONDS);
        pause(delay);
        reply(x, 202, "application/xml", new StatusReport(reportId(), Instant.now(), ct.messageId(), "ACTC", null, "ACTC", null, null, null, null,
                null, null).toXml());
    }

    private void decide(Transfer t) {
        CreditTransfer ct = t.instructed;
        if (!TREASURY_IBAN.equals(ct.debtorIban())) {
            settle(t, "RJCT", "AC02", "Счёт плательщика не обслуживается в банке");
        } else if (CLOSED_ACCOUNT.equals(ct.creditorIban())) {
            settle(t, "RJCT", "AC04", "Счёт получателя закрыт");
        } else if (REVIEWED_ACCOUNT.equals(ct.creditorIban())) {
            settle(t, "PDNG", null, "Платёж на проверке службы комплаенс");
            later.schedule(() -> settle(t, "ACSC", null, null), review.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            settle(t, "ACSC", null, null);
        }
    }

    private static void settle(Transfer t, String status, String reasonCode, String reasonText) {
        t.state = new State(status, reasonCode, reasonText, Instant.now());
    }

    private StatusReport report(Transfer t) {
        CreditTransfer ct = t.instructed;
        State now = t.state;
        return new StatusReport(reportId(), Instant.now(), ct.messageId(), null, ct.endToEndId(), now.status(), now.reasonCode(), now.reasonText(),
                "ACSC".equals(now.status()) ? now.decidedAt() : null, ct.amountTiyn(), ct.currency(), ct.creditorIban());
    }

    private StatusReport groupRefusal(String originalMessageId, String reasonCode, String reasonText) {
        return new StatusReport(reportId(), Instant.now(), originalMessageId, "RJCT", null, "RJCT", reasonCode, reasonText, null, null, null, null);
    }

    private String reportId() { return "HSBK-STS-" + reports.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8); }

    /** Every transfer the bank holds, with how many pain.001 it received and how many it refused as duplicates. */
    public ObjectNode ledger() {
        ObjectNode l = JSON.createObjectNode();
        ArrayNode list = l.putArray("transfers");
        transfers.values().stream().sorted(java.util.Comparator.comparing((Transfer t) -> t.received)).forEach(t -> {
            ObjectNode o = list.addObject();
            o.put("end_to_end_id", t.instructed.endToEndId());
            o.put("msg_id", t.instructed.messageId());
            o.put("amount", CreditTransfer.tenge(t.instructed.amountTiyn()));
            o.put("currency", t.instructed.currency());
            o.put("creditor_iban", t.instructed.creditorIban());
            State now = t.state;
            o.put("status", now.status());
            if (now.reasonCode() != null) o.put("reason_code", now.reasonCode());
            if ("ACSC".equals(now.status())) o.put("credited_at", now.decidedAt().toString());
        });
        l.put("instructions_received", instructionsReceived.get());
        l.put("duplicates_refused", duplicatesRefused.get());
        return l;
    }

    @Override
    public void close() {
        super.close();
        later.shutdownNow();
    }
}
