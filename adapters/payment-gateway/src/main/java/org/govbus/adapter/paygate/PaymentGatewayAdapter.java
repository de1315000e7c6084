package org.govbus.adapter.paygate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.adapter.AgencyCallbacks;
import org.govbus.core.adapter.AgencyHttp;
import org.govbus.core.adapter.AgencyResponse;
import org.govbus.core.adapter.Settlements;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.Iin;
import org.govbus.core.json.StrictJson;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The e-government payment gateway: pay-state-fee/v1 and pay-fine/v1 in the bus's canonical schemas, translated to
 * the gateway's own JSON orders. The gateway takes an order ({@code POST /orders}, 202 PROCESSING), charges the payer,
 * and confirms later with a signed push to the bus; the adapter waits for that within its time, and asks
 * ({@code GET /orders/{id}}) when it did not come. The payment's reference is the gateway's order id: the gateway
 * refuses a second order under it, and a resumed try asks what became of the first before ordering again.
 */
final class PaymentGatewayAdapter implements Adapter, Settlements {
    /** the gateway counts its business day in Kazakhstan's time (UTC+5 everywhere since March 2024) */
    static final ZoneId BUSINESS_ZONE = ZoneId.of("+05:00");
    private static final Duration ASK_RESERVE = Duration.ofMillis(500);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final AgencyHttp gateway;
    private final AgencyCallbacks confirmations;
    private final URI callbackUrl;
    private final String secret;

    PaymentGatewayAdapter(AgencyHttp gateway, AgencyCallbacks confirmations, URI callbackUrl, String secret) {
        this.gateway = gateway;
        this.confirmations = confirmations;
        this.callbackUrl = callbackUrl;
        this.secret = secret;
    }

    /** A payment as the canonical request states it. */
    record Payment(String namespace, String kind, String reference, String payerIin, long amount, String kbk, String purpose,
                   String basis) {}

    /** An order as the gateway reports it. */
    record Order(String id, String kind, String status, long amount, String transactionId, Instant paidAt, String declineCode) {
        boolean settled() { return "PAID".equals(status) || "DECLINED".equals(status); }
    }

    @Override
    public byte[] call(AdapterRequest request) {
        Payment p = payment(request.payload());
        if (!Iin.isValid(p.payerIin())) throw new BusException(FaultCode.INVALID_MESSAGE, "the payer's IIN check digit is wrong");
        long deadline = System.currentTimeMillis() + request.timeout().toMillis();
        try (AgencyCallbacks.Expected confirmation = confirmations.expect(p.reference())) {
            if (request.resumed()) {
                // an earlier try may have placed the order: never order again before the gateway says it has none
                Optional<Order> known = ask(p.reference(), deadline);
                if (known.isPresent()) return known.get().settled() ? canonical(p, known.get()) : await(p, confirmation, deadline);
            }
            AgencyResponse placed = gateway.post("/orders", "application/json", order(p, request), left(deadline));
            if (placed.status() == 409 && "DUPLICATE_ORDER".equals(errorOf(placed))) return await(p, confirmation, deadline);
            if (placed.status() == 400) {
                throw new BusException(FaultCode.INVALID_MESSAGE, "the payment gateway refused the order: " + errorOf(placed));
            }
            if (placed.status() != 202 && placed.status() != 200) throw placed.unexpected();
            return await(p, confirmation, deadline);
        }
    }

    /** The gateway's confirmation, pushed within the time left (less a reserve to ask), or asked for. */
    private byte[] await(Payment p, AgencyCallbacks.Expected confirmation, long deadline) {
        Duration wait = left(deadline).minus(ASK_RESERVE);
        Optional<byte[]> pushed = wait.isNegative() ? Optional.empty()
                : confirmation.await(wait, "confirmation pushed by the payment gateway to the bus (signature checked)");
        if (pushed.isPresent()) {
            Order o = orderOf(StrictJson.parse(pushed.get(), "the gateway's confirmation"));
            if (o.settled()) return canonical(p, o);
        }
        Order o = ask(p.reference(), deadline).orElseThrow(() -> new BusException(FaultCode.PROVIDER_ERROR,
                "the payment gateway took order " + p.reference() + " but does not know it"));
        if (!o.settled()) {
            throw new BusException(FaultCode.PROVIDER_TIMEOUT, "the payment gateway has not confirmed order " + p.reference()
                    + " yet; the next try asks it again");
        }
        return canonical(p, o);
    }

    /** The order as the gateway knows it now; empty when it has none under this id. */
    private Optional<Order> ask(String orderId, long deadline) {
        AgencyResponse r = gateway.get("/orders/" + orderId, left(deadline).compareTo(Duration.ofMillis(100)) < 0
                ? Duration.ofMillis(100) : left(deadline));
        if (r.status() == 404 && "ORDER_NOT_FOUND".equals(errorOf(r))) return Optional.empty();
        if (r.status() != 200) throw r.unexpected();
        return Optional.of(orderOf(r.json()));
    }

    /**
     * A push from the gateway: accepted when its signature verifies under the shared secret, then handed (by the
     * order id it names) to the try that waits for it.
     */
    @Override
    public String callback(byte[] message, Map<String, String> headers) {
        if (!PaygateSignature.verifies(secret, message, headers.get(PaygateSignature.HEADER.toLowerCase(java.util.Locale.ROOT)))) {
            throw new BusException(FaultCode.BAD_SIGNATURE, "the confirmation is not signed by the payment gateway");
        }
        JsonNode id = StrictJson.parse(message, "the gateway's confirmation").path("order_id");
        if (!id.isTextual()) throw new BusException(FaultCode.INVALID_MESSAGE, "the confirmation names no order_id");
        return id.asText();
    }

    private byte[] order(Payment p, AdapterRequest request) {
        ObjectNode o = JSON.objectNode();
        o.put("order_id", p.reference());
        o.put("kind", p.kind());
        o.put("payer_iin", p.payerIin());
        o.put("amount", tenge(p.amount()));
        o.put("currency", "KZT");
        o.put("kbk", p.kbk());
        o.put("description", p.purpose());
        o.put("STATE_FEE".equals(p.kind()) ? "accrual_id" : "resolution_no", p.basis());
        o.put("merchant", request.client().toString());
        o.put("callback_url", callbackUrl.toString());
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Order orderOf(JsonNode o) {
        try {
            String status = text(o, "status");
            String paidAt = o.path("paid_at").asText(null);
            return new Order(text(o, "order_id"), o.path("kind").asText(null), status, tiyn(text(o, "amount")), o.path("txn_id").asText(null),
                    paidAt == null ? null : Instant.parse(paidAt), o.path("decline_code").asText(null));
        } catch (DateTimeParseException e) {
            throw unreadable("paid_at is not an instant");
        } catch (ArithmeticException | NumberFormatException e) {
            throw unreadable("amount is not tenge with at most two decimals");
        }
    }

    /** The canonical answer to {@code p}, from the gateway's settled order. */
    static byte[] canonical(Payment p, Order o) {
        if (!p.reference().equals(o.id())) throw unreadable("the order is " + o.id() + ", not " + p.reference());
        // the bus keys by reference per gateway, so another kind of payment under this id is not this payment
        if (o.kind() != null && !o.kind().equals(p.kind())) throw unreadable("order " + o.id() + " is a " + o.kind() + ", not a " + p.kind());
        if (o.amount() != p.amount()) {
            throw unreadable("order " + o.id() + " is for " + tenge(o.amount()) + " KZT, the payment for " + tenge(p.amount()));
        }
        Document doc = SecureXml.newDocument();
        Element root = (Element) doc.appendChild(doc.createElementNS(p.namespace(), "p:paymentResponse"));
        add(root, "paymentReference", p.reference());
        add(root, "status", o.status());
        add(root, "amount", Long.toString(o.amount()));
        if ("PAID".equals(o.status())) {
            if (o.transactionId() == null || o.paidAt() == null) throw unreadable("a paid order without its transaction or time");
            add(root, "transactionId", o.transactionId());
            add(root, "paidAt", o.paidAt().toString());
        } else {
            if (o.declineCode() == null) throw unreadable("a declined order without its decline code");
            add(root, "declineCode", o.declineCode());
        }
        return SecureXml.toBytes(doc);
    }

    static Payment payment(byte[] canonical) {
        Element r = SecureXml.parse(canonical).getDocumentElement();
        boolean fee = "stateFeePaymentRequest".equals(r.getLocalName());
        return new Payment(r.getNamespaceURI(), fee ? "STATE_FEE" : "FINE", child(r, "paymentReference"), child(r, "payerIin"),
                Long.parseLong(child(r, "amount")), child(r, "kbk"), child(r, "purpose"), child(r, fee ? "accrualReference" : "resolutionNumber"));
    }

    @Override
    public ZoneId businessZone() { return BUSINESS_ZONE; }

    @Override
    public List<Settlement> statement(LocalDate day, Duration timeout) {
        AgencyResponse r = gateway.get("/ledger?date=" + day, timeout);
        if (r.status() != 200) throw r.unexpected();
        JsonNode ledger;
        try {
            // a day's statement is far larger than a message: not read under the bus's message limits
            ledger = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        } catch (java.io.IOException e) {
            throw r.unreadable("its ledger is not JSON");
        }
        List<Settlement> out = new ArrayList<>();
        for (JsonNode c : ledger.path("charges")) {
            Order o = orderOf(c);
            out.add(new Settlement(o.id(), o.amount(), o.transactionId(), o.paidAt()));
        }
        return out;
    }

    @Override
    public Optional<Settlement> settled(byte[] canonicalAnswer) {
        Element r = SecureXml.parse(canonicalAnswer).getDocumentElement();
        if (!"PAID".equals(child(r, "status"))) return Optional.empty();
        return Optional.of(new Settlement(child(r, "paymentReference"), Long.parseLong(child(r, "amount")), child(r, "transactionId"),
                Instant.parse(child(r, "paidAt"))));
    }

    /** tiyn as the gateway writes amounts: tenge with two decimals */
    static String tenge(long tiyn) { return BigDecimal.valueOf(tiyn, 2).toPlainString(); }

    static long tiyn(String tenge) { return new BigDecimal(tenge).movePointRight(2).longValueExact(); }

    private static String errorOf(AgencyResponse r) {
        try {
            return r.json().path("error").asText("");
        } catch (BusException e) {
            return "";
        }
    }

    private static Duration left(long deadline) { return Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())); }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.path(field);
        if (!v.isTextual()) throw unreadable("no " + field);
        return v.asText();
    }

    private static String child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) return e.getTextContent().trim();
        }
        throw new BusException(FaultCode.INVALID_MESSAGE, "the payment has no " + localName);
    }

    private static void add(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), "p:" + name);
        e.setTextContent(text);
        parent.appendChild(e);
    }

    private static BusException unreadable(String what) {
        return new BusException(FaultCode.PROVIDER_ERROR, "the payment gateway is not understood: " + what);
    }
}
