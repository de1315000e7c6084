package org.govbus.adapter.paygate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.govbus.adapter.paygate.PaygateSignature;
import org.govbus.fixtures.JdkHttpAgency;

/**
 * The e-government payment gateway, played with its own JSON protocol and a ledger in memory. {@code POST
 * /paygate/orders} takes an order (202 PROCESSING; 409 DUPLICATE_ORDER for an order id it has; 400 INVALID_KBK for
 * budget code 000000), charges it a moment later (declines payer {@link #DECLINED_IIN} for INSUFFICIENT_FUNDS) and
 * pushes the signed confirmation to the order's {@code callback_url}, trying a few times. {@code GET
 * /paygate/orders/{id}} reports an order; {@code GET /paygate/ledger?date=YYYY-MM-DD} its charges of a business day
 * (UTC+5) with how many orders it received and how many duplicates it refused. It can time out (a slow answer, the
 * charge made all the same), fail, confirm late, stop pushing, or be down. A stateful gateway with timed pushes is
 * more than WireMock's stubs say well, so it runs on the JDK's own HTTP server.
 */
public final class PaymentGatewaySimulator extends JdkHttpAgency {
    public static final String PATH = "/paygate";
    /** a payer whose bank declines every payment: INSUFFICIENT_FUNDS */
    public static final String DECLINED_IIN = "640917400004";
    /** a budget classification code the gateway does not know */
    public static final String UNKNOWN_KBK = "000000";
    private static final ZoneId BUSINESS_ZONE = ZoneId.of("+05:00");
    private static final Duration CONFIRM_AFTER = Duration.ofMillis(30);
    private static final int PUSH_TRIES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One order: what was asked, and once charged or declined, the outcome. */
    private static final class Order {
        final ObjectNode asked;
        volatile String status = "PROCESSING";
        volatile String txnId;
        volatile Instant paidAt;
        volatile String declineCode;

        Order(ObjectNode asked) { this.asked = asked; }
    }

    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    /** charges in the order made; an order charged twice (never, unless {@link #chargeOutsideTheBus}) is here twice */
    private final List<ObjectNode> charges = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong ordersReceived = new AtomicLong();
    private final AtomicLong duplicatesRefused = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong(700000);
    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(2, daemon("paygate-simulator"));
    private final HttpClient pushes = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong refusedWhileFailing = new AtomicLong();
    /** where the ledger is kept between runs of the demo (beside the shared secret), null in tests: kept in memory only */
    private Path ledgerFile;
    private Path secretFile;
    private String secret;
    private volatile Duration confirmAfter = CONFIRM_AFTER;
    private volatile boolean pushing = true;
    private final java.util.concurrent.atomic.AtomicReference<Runnable> onOrder = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicReference<Runnable> onConfirmed = new java.util.concurrent.atomic.AtomicReference<>();

    /** Not started: for {@link java.util.ServiceLoader}, then {@link #start(int)}. */
    public PaymentGatewaySimulator() { super(PATH); }

    @Override
    public String adapter() { return "payment-gateway"; }

    @Override
    public String system() { return "KZ/GOV/NIT/paygate"; }

    /** The shared secret comes from the file the routing table points the bus at ({@code ${file:PATH}}), made if missing. */
    @Override
    public void configure(Function<String, String> options) {
        String ref = options.apply("callbackSecret");
        if (ref != null && ref.startsWith("${file:") && ref.endsWith("}")) {
            secretFile = Path.of(ref.substring(7, ref.length() - 1));
            ledgerFile = secretFile.resolveSibling("paygate-ledger.json");
        }
    }

    @Override
    public void start(int port) throws IOException {
        if (secretFile == null) secretFile = Files.createTempFile("paygate", ".secret");
        secret = sharedSecret(secretFile);
        if (ledgerFile != null && charges.isEmpty()) loadLedger();
        super.start(port);
    }

    @Override
    public Map<String, String> options() {
        return Map.of("endpoint", endpoint().toString(), "callbackSecret", "${file:" + secretFile.toAbsolutePath() + "}");
    }

    @Override
    public void normal() {
        super.normal();
        confirmAfter = CONFIRM_AFTER;
        pushing = true;
        onOrder.set(null);
        onConfirmed.set(null);
    }

    /** Charges and confirms each order this long after taking it. */
    public void confirmLate(Duration after) { confirmAfter = after; }

    /** Charges but pushes no confirmation: the bus has to ask. */
    public void noPushes() { pushing = false; }

    /** Runs {@code then} once, when the next new order has been taken, before the gateway answers it (a test's crash point). */
    public void whenOrdered(Runnable then) { onOrder.set(then); }

    /** Runs {@code then} once, when the next confirmation push has been taken by the merchant (a test's crash point). */
    public void whenConfirmed(Runnable then) { onConfirmed.set(then); }

    /** A charge made at the gateway that never went through the bus (a cashier's mistake): reconciliation must find it. */
    public void chargeOutsideTheBus(String orderId, long tiyn) {
        ObjectNode asked = JSON.createObjectNode().put("order_id", orderId).put("amount", tenge(tiyn)).put("kind", "STATE_FEE");
        Order o = new Order(asked);
        settle(o);
        orders.putIfAbsent(orderId, o);
    }

    /** The ledger as {@code GET /paygate/ledger} serves it: every charge, whatever the day. */
    public JsonNode ledger() { return ledgerOf(null); }

    /** Orders taken, and those refused as duplicates of an order id already taken. */
    public long ordersReceived() { return ordersReceived.get(); }

    public long duplicatesRefused() { return duplicatesRefused.get(); }

    /** Calls answered 503 while {@link #failing()}: the bus's tries that reached a failing gateway. */
    public long refusedWhileFailing() { return refusedWhileFailing.get(); }

    @Override
    protected void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = pathOf(x);
            if (isFailing()) {
                refusedWhileFailing.incrementAndGet();
                reply(x, 503, error("UNAVAILABLE", "Сервис временно недоступен"));
                return;
            }
            if (isMalformed()) {
                byte[] page = "<html><body>Технические работы</body></html>".getBytes(StandardCharsets.UTF_8);
                reply(x, 200, "text/html; charset=utf-8", page);
                return;
            }
            if ("POST".equals(x.getRequestMethod()) && path.equals("/orders")) {
                takeOrder(x);
            } else if ("GET".equals(x.getRequestMethod()) && path.startsWith("/orders/")) {
                Order o = orders.get(path.substring("/orders/".length()));
                reply(x, o == null ? 404 : 200, o == null ? error("ORDER_NOT_FOUND", "Заказ не найден") : view(o));
            } else if ("GET".equals(x.getRequestMethod()) && path.equals("/ledger")) {
                String q = x.getRequestURI().getQuery();
                reply(x, 200, ledgerOf(q != null && q.startsWith("date=") ? LocalDate.parse(q.substring(5)) : null));
            } else {
                reply(x, 404, error("NOT_FOUND", "Нет такого ресурса"));
            }
        } catch (RuntimeException e) {
            reply(x, 500, error("SYSTEM_ERROR", "Внутренняя ошибка"));
        }
    }

    private void takeOrder(HttpExchange x) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(x.getRequestBody().readAllBytes());
        } catch (IOException e) {
            reply(x, 400, error("BAD_REQUEST", "Некорректный JSON"));
            return;
        }
        String id = body.path("order_id").asText("");
        if (id.isEmpty() || !body.path("amount").isTextual()) {
            reply(x, 400, error("BAD_REQUEST", "Нет order_id или amount"));
            return;
        }
        if (UNKNOWN_KBK.equals(body.path("kbk").asText())) {
            reply(x, 400, error("INVALID_KBK", "Неизвестный КБК"));
            return;
        }
        ordersReceived.incrementAndGet();
        Order fresh = new Order((ObjectNode) body);
        Order had = orders.putIfAbsent(id, fresh);
        if (had != null) {
            duplicatesRefused.incrementAndGet();
            ObjectNode refusal = error("DUPLICATE_ORDER", "Заказ с таким номером уже принят");
            refusal.put("order_id", id).put("status", had.status);
            reply(x, 409, refusal);
            return;
        }
        Runnable hook = onOrder.getAndSet(null);
        if (hook != null) hook.run();
        Duration delay = answerDelay();
        later.schedule(() -> confirm(fresh), confirmAfter.plus(delay).toMillis(), TimeUnit.MILLISECONDS);
        pause(delay);
        reply(x, 202, JSON.createObjectNode().put("order_id", id).put("status", "PROCESSING"));
    }

    private void confirm(Order o) {
        settle(o);
        String url = o.asked.path("callback_url").asText("");
        if (pushing && !url.isEmpty()) push(url, view(o).toString().getBytes(StandardCharsets.UTF_8), 1);
    }

    private void settle(Order o) {
        if (DECLINED_IIN.equals(o.asked.path("payer_iin").asText())) {
            o.declineCode = "INSUFFICIENT_FUNDS";
            o.status = "DECLINED";
            return;
        }
        o.txnId = "TXN-" + transactions.incrementAndGet();
        o.paidAt = Instant.now();
        o.status = "PAID";
        charges.add(view(o));
        saveLedger();
    }

    /** The demo's ledger survives a restart of the demo, as the bus's record of payments does. */
    private synchronized void saveLedger() {
        if (ledgerFile == null) return;
        try {
            ObjectNode kept = JSON.createObjectNode();
            kept.putArray("charges").addAll(new java.util.ArrayList<>(charges));
            kept.put("orders_received", ordersReceived.get());
            kept.put("duplicate_orders_refused", duplicatesRefused.get());
            Path next = ledgerFile.resolveSibling(ledgerFile.getFileName() + ".next");
            Files.write(next, JSON.writeValueAsBytes(kept));
            Files.move(next, ledgerFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the demo gateway cannot keep its ledger in " + ledgerFile, e);
        }
    }

    private void loadLedger() throws IOException {
        if (!Files.isRegularFile(ledgerFile)) return;
        JsonNode kept = JSON.readTree(ledgerFile.toFile());
        for (JsonNode c : kept.path("charges")) {
            ObjectNode charge = (ObjectNode) c;
            charges.add(charge);
            Order o = new Order(JSON.createObjectNode().put("order_id", c.path("order_id").asText()).put("amount", c.path("amount").asText())
                    .put("kind", c.path("kind").asText()));
            o.status = "PAID";
            o.txnId = c.path("txn_id").asText();
            o.paidAt = Instant.parse(c.path("paid_at").asText());
            orders.putIfAbsent(o.asked.path("order_id").asText(), o);
            String txn = o.txnId.startsWith("TXN-") ? o.txnId.substring(4) : "0";
            if (txn.chars().allMatch(Character::isDigit)) transactions.accumulateAndGet(Long.parseLong(txn), Math::max);
        }
        ordersReceived.set(kept.path("orders_received").asLong());
        duplicatesRefused.set(kept.path("duplicate_orders_refused").asLong());
    }

    /** The signed push; a merchant that does not take it gets it again a little later, a few times. */
    private void push(String url, byte[] body, int attempt) {
        try {
            HttpResponse<Void> r = pushes.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header(PaygateSignature.HEADER, PaygateSignature.sign(secret, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                Runnable hook = onConfirmed.getAndSet(null);
                if (hook != null) hook.run();
                return;
            }
        } catch (IOException e) {
            // the merchant is unreachable: tried again below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt < PUSH_TRIES) later.schedule(() -> push(url, body, attempt + 1), 200L * attempt, TimeUnit.MILLISECONDS);
    }

    private ObjectNode view(Order o) {
        ObjectNode v = JSON.createObjectNode();
        v.put("order_id", o.asked.path("order_id").asText());
        v.put("status", o.status);
        v.put("amount", o.asked.path("amount").asText());
        v.put("kind", o.asked.path("kind").asText());
        if (o.txnId != null) v.put("txn_id", o.txnId).put("paid_at", o.paidAt.toString());
        if (o.declineCode != null) v.put("decline_code", o.declineCode);
        return v;
    }

    private ObjectNode ledgerOf(LocalDate day) {
        ObjectNode l = JSON.createObjectNode();
        if (day != null) l.put("date", day.toString());
        ArrayNode list = l.putArray("charges");
        for (ObjectNode c : charges) {
            if (day == null || Instant.parse(c.path("paid_at").asText()).atZone(BUSINESS_ZONE).toLocalDate().equals(day)) list.add(c);
        }
        l.put("orders_received", ordersReceived.get());
        l.put("duplicate_orders_refused", duplicatesRefused.get());
        return l;
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error", code).put("message", message);
    }

    private static void reply(HttpExchange x, int status, JsonNode body) throws IOException {
        reply(x, status, "application/json; charset=utf-8", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String tenge(long tiyn) { return java.math.BigDecimal.valueOf(tiyn, 2).toPlainString(); }

    /** The secret in {@code file}, or a new random one written there (owner-only) when the file is missing. */
    private static String sharedSecret(Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > 0) return Files.readString(file, StandardCharsets.UTF_8).trim();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String s = HexFormat.of().formatHex(random);
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try {
            // owner-only from its first byte, not made readable and then narrowed
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system
        }
        Files.writeString(file, s, StandardCharsets.UTF_8);
        return s;
    }

    @Override
    public void close() {
        super.close();
        later.shutdownNow();
    }
}
