package org.govbus.adapter.bank;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.govbus.adapter.bank.iso20022.CreditTransfer;
import org.govbus.adapter.bank.iso20022.IsoSchemas;
import org.govbus.adapter.bank.iso20022.StatusReport;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.adapter.AgencyHttp;
import org.govbus.core.adapter.AgencyResponse;
import org.govbus.core.adapter.AgencyTraffic;
import org.govbus.core.adapter.NotDecidedYet;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.Iban;
import org.govbus.core.id.Iin;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A bank's host-to-host channel in ISO 20022: benefit-payout/v1 becomes a customer credit transfer initiation
 * ({@code POST /pain.001}, one transfer per message, the try's messageId as its MsgId), and the bank's payment status
 * report ({@code GET /pain.002/{EndToEndId}}) is read until the bank decides or the adapter's time is nearly out. A
 * report counts only when it names this payout's end-to-end id (and, for the instruction this try sent, its MsgId) and
 * amount. A payout the bank has not decided is answered PENDING without ending its key, so the same payout sent again
 * asks the bank once more; a resumed try asks before instructing, and the bank refuses a second instruction under one
 * end-to-end id (409) as the last line.
 */
final class BankAdapter implements Adapter {
    /** the bank's business day and execution dates are Kazakhstan's (UTC+5) */
    static final ZoneId BUSINESS_ZONE = ZoneId.of("+05:00");
    private static final Duration ASK_RESERVE = Duration.ofMillis(300);
    private static final long FIRST_LOOK_MS = 20;
    private static final long LONGEST_LOOK_MS = 400;

    private final AgencyHttp bank;
    private final Treasury payer;

    /** The payer's account at this bank: the treasury's, from the provider's options. */
    record Treasury(String name, String iban, String bic) {}

    /** A payout as the canonical request states it. */
    record Payout(String namespace, String endToEndId, String iin, String name, String iban, String bic, long amount, String knp,
                  String purpose) {}

    BankAdapter(AgencyHttp bank, Treasury payer) {
        this.bank = bank;
        this.payer = payer;
    }

    @Override
    public byte[] call(AdapterRequest request) {
        Payout p = payout(request.payload());
        if (!Iin.isValid(p.iin())) throw new BusException(FaultCode.INVALID_MESSAGE, "the beneficiary's IIN check digit is wrong");
        Iban.problem(p.iban()).ifPresent(why -> {
            throw new BusException(FaultCode.INVALID_MESSAGE, "the beneficiary's account: " + why);
        });
        long deadline = System.currentTimeMillis() + request.timeout().toMillis();
        if (request.resumed()) {
            // an earlier try may have instructed the bank: never instruct again before the bank says it has no such transfer
            Optional<StatusReport> known = report(p.endToEndId(), deadline);
            if (known.isPresent()) return decided(p, known.get(), null, deadline);
        }
        String msgId = request.messageId().toString().replace("-", "");
        CreditTransfer instruction = instruction(p, msgId);
        AgencyResponse taken = bank.post("/pain.001", "application/xml", instruction.toXml(), left(deadline));
        if (taken.status() == 409) return decided(p, awaitReport(p, deadline), null, deadline); // it has one: ours, from a try cut short
        if (taken.status() == 400) {
            StatusReport refusal = readReport(taken);
            throw new BusException(FaultCode.PROVIDER_ERROR, "the bank refused the bus's pain.001 as a message: " + refusal.reasonCode()
                    + (refusal.reasonText() == null ? "" : " " + refusal.reasonText()));
        }
        if (taken.status() != 202 && taken.status() != 200) throw taken.unexpected();
        return decided(p, awaitReport(p, deadline), msgId, deadline);
    }

    /** The bank's report once it decided, or the last one when it had not by the end of the time. */
    private StatusReport awaitReport(Payout p, long deadline) {
        long look = FIRST_LOOK_MS;
        Optional<StatusReport> last = Optional.empty();
        for (;;) {
            Optional<StatusReport> now = report(p.endToEndId(), deadline);
            if (now.isPresent()) last = now;
            if (last.isPresent() && last.get().outcome().orElse(null) != StatusReport.Outcome.PENDING) return last.get();
            if (System.currentTimeMillis() + look + ASK_RESERVE.toMillis() >= deadline) break;
            sleep(look);
            look = Math.min(LONGEST_LOOK_MS, look * 2);
        }
        return last.orElseThrow(() -> new BusException(FaultCode.PROVIDER_TIMEOUT, "the bank took the payout but reports no status for it "
                + "yet; the next try asks it again"));
    }

    /** The canonical answer for a report; a pending one keeps the payout's key open (see {@link NotDecidedYet}). */
    private byte[] decided(Payout p, StatusReport r, String sentMsgId, long deadline) {
        if (r.outcome().isEmpty()) throw unreadable("transaction status " + r.status() + " is not an ISO status the bus knows");
        if (r.outcome().get() == StatusReport.Outcome.PENDING && sentMsgId == null && left(deadline).compareTo(ASK_RESERVE) > 0) {
            r = awaitReport(p, deadline); // a resumed or duplicate try: the bank may decide within this try's time
        }
        byte[] answer = canonical(p, r, sentMsgId);
        if (r.outcome().orElseThrow() == StatusReport.Outcome.PENDING) throw new NotDecidedYet(answer);
        return answer;
    }

    /** The bank's latest status report on the transfer with this end-to-end id; empty when it has none. */
    private Optional<StatusReport> report(String endToEndId, long deadline) {
        Duration time = left(deadline).compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : left(deadline);
        AgencyResponse r = bank.get("/pain.002/" + URLEncoder.encode(endToEndId, StandardCharsets.UTF_8), time);
        if (r.status() == 404) return Optional.empty();
        if (r.status() != 200) throw r.unexpected();
        StatusReport report = readReport(r);
        AgencyTraffic.noted("the bank's status report pain.002 " + report.messageId(), r.body());
        return Optional.of(report);
    }

    private static StatusReport readReport(AgencyResponse r) {
        try {
            return StatusReport.parse(r.body());
        } catch (IsoSchemas.NotValid e) {
            throw r.unreadable(e.getMessage());
        } catch (BusException e) {
            throw r.unreadable("its answer is not a pain.002 document");
        }
    }

    private CreditTransfer instruction(Payout p, String msgId) {
        return new CreditTransfer(msgId, Instant.now(), payer.name(), payer.iban(), payer.bic(), p.endToEndId(), p.amount(), "KZT", p.name(),
                p.iin(), p.iban(), p.bic(), p.knp(), p.purpose(), LocalDate.now(BUSINESS_ZONE));
    }

    /** The canonical answer to {@code p} from the bank's report on it. */
    static byte[] canonical(Payout p, StatusReport r, String sentMsgId) {
        if (!p.endToEndId().equals(r.endToEndId())) throw unreadable("the report is on transfer " + r.endToEndId() + ", not " + p.endToEndId());
        if (sentMsgId != null && !sentMsgId.equals(r.originalMessageId())) {
            throw unreadable("the report is on pain.001 " + r.originalMessageId() + ", not on " + sentMsgId + " that carried the transfer");
        }
        if (r.amountTiyn() != null && (r.amountTiyn() != p.amount() || !"KZT".equals(r.currency()))) {
            throw unreadable("transfer " + r.endToEndId() + " is for " + CreditTransfer.tenge(r.amountTiyn()) + " " + r.currency() + ", the payout for "
                    + CreditTransfer.tenge(p.amount()) + " KZT");
        }
        StatusReport.Outcome outcome = r.outcome().orElseThrow();
        Document doc = SecureXml.newDocument();
        Element root = (Element) doc.appendChild(doc.createElementNS(p.namespace(), "b:payoutStatus"));
        add(root, "endToEndId", p.endToEndId());
        add(root, "status", outcome.name());
        add(root, "isoStatus", r.status());
        if (r.reasonCode() != null) add(root, "reasonCode", r.reasonCode());
        if (r.reasonText() != null) add(root, "reasonText", r.reasonText().length() > 140 ? r.reasonText().substring(0, 140) : r.reasonText());
        add(root, "amount", Long.toString(p.amount()));
        add(root, "instructionId", r.originalMessageId());
        add(root, "statusReportId", r.messageId());
        if (outcome == StatusReport.Outcome.ACCEPTED && r.acceptedAt() != null) add(root, "acceptedAt", r.acceptedAt().toString());
        return SecureXml.toBytes(doc);
    }

    static Payout payout(byte[] canonical) {
        Element r = SecureXml.parse(canonical).getDocumentElement();
        return new Payout(r.getNamespaceURI(), child(r, "endToEndId"), child(r, "beneficiaryIin"), child(r, "beneficiaryName"),
                child(r, "beneficiaryIban"), child(r, "beneficiaryBic"), Long.parseLong(child(r, "amount")), child(r, "paymentPurposeCode"),
                child(r, "purpose"));
    }

    private static Duration left(long deadline) { return Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())); }

    private static String child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) return e.getTextContent().trim();
        }
        throw new BusException(FaultCode.INVALID_MESSAGE, "the payout has no " + localName);
    }

    private static void add(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), "b:" + name);
        e.setTextContent(text);
        parent.appendChild(e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException(FaultCode.PROVIDER_TIMEOUT, "interrupted while waiting for the bank's status report");
        }
    }

    private static BusException unreadable(String what) {
        return new BusException(FaultCode.PROVIDER_ERROR, "the bank is not understood: " + what);
    }
}
