package org.govbus.adapter.bank.iso20022;

import static org.govbus.adapter.bank.iso20022.IsoXml.add;
import static org.govbus.adapter.bank.iso20022.IsoXml.find;
import static org.govbus.adapter.bank.iso20022.IsoXml.text;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.w3c.dom.Element;

/**
 * A customer credit transfer initiation ({@code pain.001.001.09}) of one transfer, as the bus sends a payout: from the
 * payer's (the treasury's) account at its bank to the beneficiary's account. Amounts are kept in tiyn and written in
 * tenge with two decimals; the category purpose says a social security benefit ({@code SSBE}); the beneficiary is
 * identified by IIN (scheme {@code IIN}); Kazakhstan's payment purpose code (KNP) travels as the proprietary purpose.
 */
public record CreditTransfer(String messageId, Instant created, String debtorName, String debtorIban, String debtorBic,
                             String endToEndId, long amountTiyn, String currency, String creditorName, String creditorIin,
                             String creditorIban, String creditorBic, String purposeCode, String remittance, LocalDate executionDate) {
    public static final String MESSAGE = "pain.001.001.09";
    /** ISO's external category purpose code for a social security benefit */
    static final String SOCIAL_SECURITY_BENEFIT = "SSBE";

    /** The document, checked against ISO's schema before it leaves. */
    public byte[] toXml() {
        Element root = IsoXml.newMessage(MESSAGE);
        Element init = add(root, "CstmrCdtTrfInitn", null);
        Element grp = add(init, "GrpHdr", null);
        add(grp, "MsgId", messageId);
        add(grp, "CreDtTm", isoDateTime(created));
        add(grp, "NbOfTxs", "1");
        add(grp, "CtrlSum", tenge(amountTiyn));
        add(grp, "InitgPty/Nm", debtorName);
        Element pmt = add(init, "PmtInf", null);
        add(pmt, "PmtInfId", messageId);
        add(pmt, "PmtMtd", "TRF");
        add(pmt, "NbOfTxs", "1");
        add(pmt, "CtrlSum", tenge(amountTiyn));
        add(pmt, "PmtTpInf/CtgyPurp/Cd", SOCIAL_SECURITY_BENEFIT);
        add(pmt, "ReqdExctnDt/Dt", executionDate.toString());
        add(pmt, "Dbtr/Nm", debtorName);
        add(pmt, "DbtrAcct/Id/IBAN", debtorIban);
        add(pmt, "DbtrAgt/FinInstnId/BICFI", debtorBic);
        add(pmt, "ChrgBr", "DEBT");
        Element tx = add(pmt, "CdtTrfTxInf", null);
        add(tx, "PmtId/EndToEndId", endToEndId);
        add(tx, "Amt/InstdAmt", tenge(amountTiyn)).setAttribute("Ccy", currency);
        add(tx, "CdtrAgt/FinInstnId/BICFI", creditorBic);
        Element cdtr = add(tx, "Cdtr", null);
        add(cdtr, "Nm", creditorName);
        Element iin = add(cdtr, "Id/PrvtId/Othr", null);
        add(iin, "Id", creditorIin);
        add(iin, "SchmeNm/Prtry", "IIN");
        add(tx, "CdtrAcct/Id/IBAN", creditorIban);
        add(tx, "Purp/Prtry", purposeCode);
        add(tx, "RmtInf/Ustrd", remittance);
        return IsoXml.checkedBytes(root, MESSAGE);
    }

    /** A pain.001 of exactly one transfer, checked against ISO's schema. */
    public static CreditTransfer parse(byte[] xml) {
        Element root = IsoXml.parseChecked(xml, MESSAGE);
        Element init = find(root, "CstmrCdtTrfInitn");
        if (IsoXml.children(init, "PmtInf").size() != 1 || IsoXml.children(find(init, "PmtInf"), "CdtTrfTxInf").size() != 1) {
            throw new IsoSchemas.NotValid("one payment of one transfer is expected per message");
        }
        Element pmt = find(init, "PmtInf");
        Element tx = find(pmt, "CdtTrfTxInf");
        Element amount = find(tx, "Amt/InstdAmt");
        try {
            return new CreditTransfer(text(init, "GrpHdr/MsgId"), OffsetDateTime.parse(withZone(text(init, "GrpHdr/CreDtTm"))).toInstant(),
                    text(pmt, "Dbtr/Nm"), text(pmt, "DbtrAcct/Id/IBAN"), text(pmt, "DbtrAgt/FinInstnId/BICFI"), text(tx, "PmtId/EndToEndId"),
                    tiyn(amount.getTextContent().trim()), amount.getAttribute("Ccy"), text(tx, "Cdtr/Nm"), text(tx, "Cdtr/Id/PrvtId/Othr/Id"),
                    text(tx, "CdtrAcct/Id/IBAN"), text(tx, "CdtrAgt/FinInstnId/BICFI"), text(tx, "Purp/Prtry"), text(tx, "RmtInf/Ustrd"),
                    LocalDate.parse(text(pmt, "ReqdExctnDt/Dt")));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IsoSchemas.NotValid("the transfer lacks an element the bank needs or has a date it cannot read");
        } catch (ArithmeticException e) {
            throw new IsoSchemas.NotValid("an amount in KZT has at most two decimals");
        }
    }

    /** tiyn as ISO amounts write tenge: two decimals */
    public static String tenge(long tiyn) { return BigDecimal.valueOf(tiyn, 2).toPlainString(); }

    public static long tiyn(String tenge) { return new BigDecimal(tenge).movePointRight(2).longValueExact(); }

    /** ISO date-times are written in UTC with a Z, to the second */
    static String isoDateTime(Instant t) { return SECONDS_UTC.format(t); }

    private static final java.time.format.DateTimeFormatter SECONDS_UTC =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** ISODateTime may omit its zone (local time); such a time is read as UTC */
    static String withZone(String t) {
        return t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$") ? t : t + "Z";
    }
}
