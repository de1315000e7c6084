package org.govbus.core.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.govbus.core.xml.Canonical;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Compares the answer a replay got with the one the log holds, on what the agency decided: the SOAP Body's payload
 * or the JSON body, or for a fault its code. What legitimately differs between two runs is left out: the bus header,
 * seals and signatures (outside the Body, or in HTTP headers), and date-times anywhere in the payload.
 */
public final class ReplayComparison {
    public enum Verdict { MATCH, DIFFERENT }

    /** The verdict, and for a difference the lines that differ ({@code - logged}, {@code + replayed}). */
    public record Result(Verdict verdict, String logged, String replayed, List<String> diff) {
        public boolean matches() { return verdict == Verdict.MATCH; }
    }

    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final int MAX_DIFF_LINES = 40;

    private ReplayComparison() {}

    /** {@code logged}: the CLIENT_ANSWER or FAULT entry's bytes; {@code replayed}: the new answer's HTTP body. */
    public static Result compare(byte[] logged, byte[] replayed) {
        String a = essence(logged);
        String b = essence(replayed);
        if (a.equals(b)) return new Result(Verdict.MATCH, a, b, List.of());
        return new Result(Verdict.DIFFERENT, a, b, diff(a.lines().toList(), b.lines().toList()));
    }

    /** What of an answer counts, one element or member a line. */
    static String essence(byte[] answer) {
        byte[] body = withoutLoggedHeaders(answer);
        String text = new String(body, StandardCharsets.UTF_8).strip();
        String out = text.startsWith("<") ? xml(body) : json(body);
        return DATE_TIME.matcher(out).replaceAll("<date-time>");
    }

    /** A logged JSON answer is its HTTP headers (the seal), a blank line, then its body. */
    private static byte[] withoutLoggedHeaders(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8);
        int blank = text.indexOf("\r\n\r\n");
        if (!text.startsWith("X-GovBus-") || blank < 0) return answer;
        return text.substring(blank + 4).getBytes(StandardCharsets.UTF_8);
    }

    private static String xml(byte[] envelope) {
        Document d = SecureXml.parse(envelope);
        Element body = first(d.getDocumentElement(), "Body");
        Element payload = body == null ? null : firstChild(body);
        if (payload == null) return "(no SOAP Body payload)";
        if ("Fault".equals(payload.getLocalName())) {
            Element code = first(payload, "faultcode");
            return "fault " + (code == null ? "(no faultcode)" : code.getTextContent().strip());
        }
        return new String(Canonical.bytes(payload), StandardCharsets.UTF_8).replace("><", ">\n<");
    }

    private static String json(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node.has("code") && node.has("type") && node.has("status")) return "fault " + node.get("code").asText();
            return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (java.io.IOException e) {
            return "(not JSON) " + new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Element first(Element root, String localName) {
        NodeList found = root.getElementsByTagNameNS("*", localName);
        if (found.getLength() > 0) return (Element) found.item(0);
        found = root.getElementsByTagName(localName);
        return found.getLength() > 0 ? (Element) found.item(0) : null;
    }

    private static Element firstChild(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c) return c;
        return null;
    }

    /** For answers too long to align: line against line, as far as both go, then the rest of the longer. */
    private static List<String> sideBySide(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()) && out.size() < MAX_DIFF_LINES; i++) {
            String x = i < a.size() ? a.get(i) : null;
            String y = i < b.size() ? b.get(i) : null;
            if (x != null && x.equals(y)) continue;
            if (x != null) out.add("- " + x);
            if (y != null) out.add("+ " + y);
        }
        return out;
    }

    /** The lines only one side has, in order, by the longest common subsequence of the two. */
    static List<String> diff(List<String> a, List<String> b) {
        if ((long) a.size() * b.size() > 4_000_000L) return sideBySide(a, b);
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while ((i < a.size() || j < b.size()) && out.size() < MAX_DIFF_LINES) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                // what the log held first, then what the replay got instead
                out.add("- " + a.get(i++));
            } else {
                out.add("+ " + b.get(j++));
            }
        }
        return out;
    }
}
