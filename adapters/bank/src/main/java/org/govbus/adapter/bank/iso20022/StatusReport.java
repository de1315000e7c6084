package org.govbus.adapter.bank.iso20022;

import static org.govbus.adapter.bank.iso20022.IsoXml.add;
import static org.govbus.adapter.bank.iso20022.IsoXml.find;
import static org.govbus.adapter.bank.iso20022.IsoXml.text;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.w3c.dom.Element;

/**
 * A customer payment status report ({@code pain.002.001.10}) about one credit transfer, or about a whole message the
 * bank refused ({@code GrpSts RJCT}, no transaction). It names the pain.001 it reports on ({@code OrgnlMsgId}) and the
 * transfer ({@code OrgnlEndToEndId}), so the bus correlates it by both; the status is ISO's external transaction status
 * code, the reason ISO's external status reason code (AC04 closed account, AM04 insufficient funds, ...).
 */
public record StatusReport(String messageId, Instant created, String originalMessageId, String groupStatus, String endToEndId,
                           String status, String reasonCode, String reasonText, Instant acceptedAt, Long amountTiyn, String currency,
                           String creditorIban) {
    public static final String MESSAGE = "pain.002.001.10";
    /** the bank has taken the transfer for execution: settlement in process or completed, credited, accepted with change or without posting */
    private static final List<String> ACCEPTED = List.of("ACSP", "ACSC", "ACCC", "ACWC", "ACWP");
    /** refused, or cancelled before it was paid: nothing is paid */
    private static final List<String> REFUSED = List.of("RJCT", "CANC");
    /** received, technically valid, profile or funds checked, or held (pending): not decided */
    private static final List<String> UNDECIDED = List.of("RCVD", "ACTC", "ACCP", "ACFC", "PDNG");

    /** What a transaction's status means for the payout. */
    public enum Outcome { ACCEPTED, REJECTED, PENDING }

    /** The payout's outcome by ISO's transaction status; empty for a code the bus does not know. */
    public java.util.Optional<Outcome> outcome() {
        if (status == null) return java.util.Optional.empty();
        if (REFUSED.contains(status)) return java.util.Optional.of(Outcome.REJECTED);
        if (ACCEPTED.contains(status)) return java.util.Optional.of(Outcome.ACCEPTED);
        if (UNDECIDED.contains(status)) return java.util.Optional.of(Outcome.PENDING);
        return java.util.Optional.empty();
    }

    /** The document, checked against ISO's schema before it leaves. */
    public byte[] toXml() {
        Element root = IsoXml.newMessage(MESSAGE);
        Element report = add(root, "CstmrPmtStsRpt", null);
        Element grp = add(report, "GrpHdr", null);
        add(grp, "MsgId", messageId);
        add(grp, "CreDtTm", CreditTransfer.isoDateTime(created));
        Element original = add(report, "OrgnlGrpInfAndSts", null);
        add(original, "OrgnlMsgId", originalMessageId);
        add(original, "OrgnlMsgNmId", CreditTransfer.MESSAGE);
        if (groupStatus != null) add(original, "GrpSts", groupStatus);
        if (endToEndId == null) {
            reason(original);
        } else {
            Element pmt = add(report, "OrgnlPmtInfAndSts", null);
            add(pmt, "OrgnlPmtInfId", originalMessageId);
            Element tx = add(pmt, "TxInfAndSts", null);
            add(tx, "OrgnlEndToEndId", endToEndId);
            add(tx, "TxSts", status);
            reason(tx);
            if (acceptedAt != null) add(tx, "AccptncDtTm", CreditTransfer.isoDateTime(acceptedAt));
            if (amountTiyn != null || creditorIban != null) {
                Element ref = add(tx, "OrgnlTxRef", null);
                if (amountTiyn != null) add(ref, "Amt/InstdAmt", CreditTransfer.tenge(amountTiyn)).setAttribute("Ccy", currency);
                if (creditorIban != null) add(ref, "CdtrAcct/Id/IBAN", creditorIban);
            }
        }
        return IsoXml.checkedBytes(root, MESSAGE);
    }

    private void reason(Element parent) {
        if (reasonCode == null && reasonText == null) return;
        Element info = add(parent, "StsRsnInf", null);
        if (reasonCode != null) add(info, "Rsn/Cd", reasonCode);
        if (reasonText != null) add(info, "AddtlInf", reasonText.length() > 105 ? reasonText.substring(0, 105) : reasonText);
    }

    /**
     * A pain.002 about one pain.001, checked against ISO's schema: its first transaction, if it has one. The status is
     * the transaction's, or else its payment's, or else the message's (a bank may report a one-transfer message at
     * either level), and so is the reason.
     */
    public static StatusReport parse(byte[] xml) {
        Element root = IsoXml.parseChecked(xml, MESSAGE);
        Element report = find(root, "CstmrPmtStsRpt");
        Element original = find(report, "OrgnlGrpInfAndSts");
        Element payment = find(report, "OrgnlPmtInfAndSts");
        Element tx = payment == null ? null : find(payment, "TxInfAndSts");
        String status = firstOf(tx, "TxSts", payment, "PmtInfSts", original, "GrpSts");
        Element reasons = reasonsOf(tx, payment, original);
        try {
            String accepted = tx == null ? null : text(tx, "AccptncDtTm");
            Element amount = tx == null ? null : find(tx, "OrgnlTxRef/Amt/InstdAmt");
            return new StatusReport(text(report, "GrpHdr/MsgId"), instant(text(report, "GrpHdr/CreDtTm")), text(original, "OrgnlMsgId"),
                    text(original, "GrpSts"), tx == null ? null : text(tx, "OrgnlEndToEndId"), status,
                    reasons == null ? null : text(reasons, "StsRsnInf/Rsn/Cd"), reasons == null ? null : text(reasons, "StsRsnInf/AddtlInf"),
                    accepted == null ? null : instant(accepted), amount == null ? null : CreditTransfer.tiyn(amount.getTextContent().trim()),
                    amount == null ? null : amount.getAttribute("Ccy"), tx == null ? null : text(tx, "OrgnlTxRef/CdtrAcct/Id/IBAN"));
        } catch (DateTimeParseException e) {
            throw new IsoSchemas.NotValid("a date-time in the status report cannot be read");
        } catch (ArithmeticException e) {
            throw new IsoSchemas.NotValid("an amount in KZT has at most two decimals");
        }
    }

    private static String firstOf(Element a, String aName, Element b, String bName, Element c, String cName) {
        String v = a == null ? null : text(a, aName);
        if (v == null && b != null) v = text(b, bName);
        return v != null ? v : text(c, cName);
    }

    /** The most specific level that gives a reason. */
    private static Element reasonsOf(Element... levels) {
        for (Element e : levels) if (e != null && find(e, "StsRsnInf") != null) return e;
        return null;
    }

    private static Instant instant(String isoDateTime) { return OffsetDateTime.parse(CreditTransfer.withZone(isoDateTime)).toInstant(); }
}
