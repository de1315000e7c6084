package org.govbus.adapter.criminalrecords.simulator;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The committee's synthetic records and its own response documents: different names, shapes and codes from the bus's
 * canonical schema, on purpose. Synthetic only: nobody's real record.
 */
final class SpravkaXml {
    /** One entry of the committee's file on a person; {@code statusCode} from its reference book (1 active, 2 expunged, ...). */
    record Entry(String article, LocalDate decisionDate, int statusCode, String statusName) {}

    /** The synthetic people the committee has a file on; everyone else in SyntheticPeople gets a clean certificate. */
    static final Map<String, List<Entry>> RECORDS = Map.of(
            "771120300034", List.of(
                    new Entry("188 ч.2", LocalDate.of(2016, 3, 14), 2, "Судимость погашена"),
                    new Entry("345 ч.1", LocalDate.of(2019, 10, 2), 5, "Уголовное преследование прекращено")),
            "020520500043", List.of(
                    new Entry("293 ч.1", LocalDate.of(2023, 9, 5), 1, "Судимость не погашена")));

    /** how long a certificate is accepted after it is issued */
    private static final int VALID_DAYS = 30;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private SpravkaXml() {}

    /** The certificate issued today for {@code iin}, numbered {@code serial} within the day. */
    static String spravka(String iin, int serial, LocalDate today) {
        List<Entry> records = RECORDS.getOrDefault(iin, List.of());
        StringBuilder b = new StringBuilder(1024).append(open()).append("<ks:Spravka>")
                .append(el("SpravkaNumber", String.format("KPS-%s-%05d", today.format(DateTimeFormatter.BASIC_ISO_DATE), serial)))
                .append(el("IssueDate", today.format(DATE)))
                .append(el("ValidUntil", today.plusDays(VALID_DAYS).format(DATE)))
                .append(el("PersonIIN", iin))
                .append(el("Result", records.isEmpty() ? "NOT_CONVICTED" : "RECORDS_FOUND"));
        if (!records.isEmpty()) {
            b.append("<ks:Records>");
            for (Entry r : records) {
                b.append("<ks:Record>").append(el("Article", r.article())).append(el("DecisionDate", r.decisionDate().format(DATE)))
                        .append("<ks:Status code=\"").append(r.statusCode()).append("\">").append(escape(r.statusName()))
                        .append("</ks:Status></ks:Record>");
            }
            b.append("</ks:Records>");
        }
        return b.append("</ks:Spravka>").append(close()).toString();
    }

    /** The committee's SOAP 1.1 fault, sent with HTTP 500, with its own error code in the detail. */
    static String fault(String faultCode, String errorCode, String text) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                + "<faultcode>soap:" + faultCode + "</faultcode><faultstring xml:lang=\"ru\">" + escape(text) + "</faultstring>"
                + "<detail><ks:SpravkaFault xmlns:ks=\"" + CriminalRecordsSimulator.NS + "\">" + el("ErrorCode", errorCode)
                + el("ErrorText", text) + "</ks:SpravkaFault></detail></soap:Fault></soap:Body></soap:Envelope>";
    }

    private static String open() {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<ks:GetSpravkaResponse xmlns:ks=\"" + CriminalRecordsSimulator.NS + "\">";
    }

    private static String close() { return "</ks:GetSpravkaResponse></soap:Body></soap:Envelope>"; }

    private static String el(String name, String text) {
        return "<ks:" + name + ">" + escape(text) + "</ks:" + name + ">";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
