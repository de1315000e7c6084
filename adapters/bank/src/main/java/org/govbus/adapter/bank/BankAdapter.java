package org.govbus.adapter.bank;

import jakarta.xml.bind.JAXBContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.govbus.adapter.bank.iso20022.CreditTransfer;
import org.govbus.adapter.bank.iso20022.IsoSchemas;
import org.govbus.adapter.bank.iso20022.StatusReport;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.adapter.AgencyHttp;
import org.govbus.core.adapter.AgencyResponse;
import org.govbus.core.adapter.CanonicalPayload;
import org.govbus.core.adapter.NotDecidedYet;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.Iban;
import org.govbus.core.id.Iin;
import org.govbus.core.xml.Jaxb;
import org.govbus.schema.benefitpayout.v1.BenefitPayoutRequest;
import org.govbus.schema.benefitpayout.v1.PayoutOutcome;
import org.govbus.schema.benefitpayout.v1.PayoutStatus;

/**
 * A bank's host-to-host channel in ISO 20022: benefit-payout/v1 becomes a customer credit transfer initiation
 * ({@code POST /pain.001}, one transfer per message, a MsgId of its own per try), and the bank's payment status
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
    private static final JAXBContext JAXB = Jaxb.context(BenefitPayoutRequest.class, PayoutStatus.class);

    private final AgencyHttp bank;
    private final Treasury payer;

    /** The payer's account at this bank: the treasury's, from the provider's options. */
    record Treasury(String name, String iban, String bic) {}

    /** A payout as the canonical request states it. */
    record Payout(String endToEndId, String iin, String name, String iban, String bic, long amount, String knp, String purpose) {}

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
            if (known.isPresent()) return answer(p, settle(p, known.get(), deadline), null);
        }
        // a MsgId of its own per try: a bank refuses a MsgId it has seen, even on a message it refused as a whole
        String msgId = UUID.randomUUID().toString().replace("-", "");
        byte[] pain001;
        try {
            pain001 = instruction(p, msgId).toXml();
        } catch (IsoSchemas.NotValid e) {
            // the canonical schema let through what ISO's does not (which field is the message log's to show, not a text log's)
            throw new BusException(FaultCode.INVALID_MESSAGE, "the payout cannot be written as a valid pain.001.001.09");
        }
        AgencyResponse taken = bank.post("/pain.001", "application/xml", pain001, left(deadline));
        if (taken.status() == 202 || taken.status() == 200) {
            StatusReport ack = readReport(taken);
            if (!msgId.equals(ack.originalMessageId())) throw unreadable("its acknowledgement is of pain.001 " + ack.originalMessageId() + ", not " + msgId);
            if ("RJCT".equals(ack.groupStatus())) throw refused(ack);
            return answer(p, settle(p, awaitReport(p, deadline), deadline), msgId);
        }
        if (taken.status() == 409) {
            StatusReport refusal = readReport(taken);
            if (!"AM05".equals(refusal.reasonCode())) throw refused(refusal);
            // the bank has a transfer under this end-to-end id: this payout's from a try cut short, if it states the same payout
            return answer(p, settle(p, awaitReport(p, deadline), deadline), null);
        }
        if (taken.status() == 400) throw refused(readReport(taken));
        throw taken.unexpected();
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

    /** A report that is still pending, read again while this try has time: the bank may decide meanwhile. */
    private StatusReport settle(Payout p, StatusReport r, long deadline) {
        boolean pending = r.outcome().orElse(null) == StatusReport.Outcome.PENDING;
        return pending && left(deadline).compareTo(ASK_RESERVE) > 0 ? awaitReport(p, deadline) : r;
    }

    /** The canonical answer for a report; a pending one keeps the payout's key open (see {@link NotDecidedYet}). */
    private static byte[] answer(Payout p, StatusReport r, String sentMsgId) {
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
        return Optional.of(readReport(r));
    }

    private static StatusReport readReport(AgencyResponse r) {
        try {
            return StatusReport.parse(r.body());
        } catch (IsoSchemas.NotValid | BusException e) {
            // the validator's words may quote a name or an account: the exchange itself is in the message log
            throw r.unreadable("its answer is not a valid pain.002.001.10");
        }
    }

    /** The bank refused the pain.001 as a message (not the transfer): the bus wrote something the bank will not take. */
    private static BusException refused(StatusReport refusal) {
        return new BusException(FaultCode.PROVIDER_ERROR, "the bank refused the bus's pain.001 as a message"
                + (refusal.reasonCode() == null ? "" : " (ISO reason " + refusal.reasonCode() + ")"));
    }

    private CreditTransfer instruction(Payout p, String msgId) {
        return new CreditTransfer(msgId, Instant.now(), payer.name(), payer.iban(), payer.bic(), p.endToEndId(), p.amount(), "KZT", p.name(),
                p.iin(), p.iban(), p.bic(), p.knp(), p.purpose(), LocalDate.now(BUSINESS_ZONE));
    }

    /**
     * The canonical answer to {@code p} from the bank's report on it. The report must name this payout's end-to-end id,
     * and the pain.001 this try sent ({@code sentMsgId}) when it sent one. A report on a transfer sent by an earlier
     * try ({@code sentMsgId} null: a resumed try, or the bank's duplicate refusal) must state the payout's amount and
     * account too: a transfer under this id that the bus cannot tell is this payout's is never taken for it.
     */
    static byte[] canonical(Payout p, StatusReport r, String sentMsgId) {
        if (!p.endToEndId().equals(r.endToEndId())) throw unreadable("the report is on transfer " + r.endToEndId() + ", not " + p.endToEndId());
        if (sentMsgId != null && !sentMsgId.equals(r.originalMessageId())) {
            throw unreadable("the report is on pain.001 " + r.originalMessageId() + ", not on " + sentMsgId + " that carried the transfer");
        }
        if (sentMsgId == null && (r.amountTiyn() == null || r.creditorIban() == null)) {
            throw unreadable("its report on transfer " + r.endToEndId() + " does not state the amount and account that would show it is this payout");
        }
        if (r.amountTiyn() != null && (r.amountTiyn() != p.amount() || !"KZT".equals(r.currency()))) {
            throw unreadable("transfer " + r.endToEndId() + " is for " + CreditTransfer.tenge(r.amountTiyn()) + " " + r.currency() + ", the payout for "
                    + CreditTransfer.tenge(p.amount()) + " KZT");
        }
        if (r.creditorIban() != null && !r.creditorIban().equals(p.iban())) {
            throw unreadable("transfer " + r.endToEndId() + " is to another account than the payout's");
        }
        StatusReport.Outcome outcome = r.outcome().orElseThrow(() -> unreadable(r.status() == null ? "its report gives no status"
                : "transaction status " + r.status() + " is not an ISO status the bus knows"));
        PayoutStatus answer = new PayoutStatus();
        answer.setEndToEndId(p.endToEndId());
        answer.setStatus(PayoutOutcome.valueOf(outcome.name()));
        answer.setIsoStatus(r.status());
        answer.setReasonCode(r.reasonCode());
        if (r.reasonText() != null) answer.setReasonText(r.reasonText().length() > 140 ? r.reasonText().substring(0, 140) : r.reasonText());
        answer.setAmount(p.amount());
        answer.setInstructionId(r.originalMessageId());
        answer.setStatusReportId(r.messageId());
        if (outcome == StatusReport.Outcome.ACCEPTED && r.acceptedAt() != null) {
            answer.setAcceptedAt(Jaxb.DATATYPES.newXMLGregorianCalendar(r.acceptedAt().toString()));
        }
        return CanonicalPayload.write(JAXB, answer);
    }

    static Payout payout(byte[] canonical) {
        BenefitPayoutRequest r = CanonicalPayload.read(JAXB, canonical, BenefitPayoutRequest.class);
        return new Payout(r.getEndToEndId(), r.getBeneficiaryIin(), r.getBeneficiaryName().trim(), r.getBeneficiaryIban(), r.getBeneficiaryBic(),
                r.getAmount(), r.getPaymentPurposeCode(), r.getPurpose().trim());
    }

    private static Duration left(long deadline) { return Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())); }

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
