package org.govbus.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.govbus.core.soap.SoapEnvelope;
import org.govbus.fixtures.SigningClient;
import org.govbus.fixtures.SyntheticPeople;
import org.govbus.fixtures.Tamper;

/**
 * The bodies {@code govbus bench hostile} sends: per format, one well-formed body inside every input limit that the
 * bus refuses only as unsigned (the baseline: what an ordinary body of that size costs), and hostile bodies of the same
 * size, each breaking one limit. Sizes stay under the default maxMessageBytes (1 MiB), so the edge never refuses
 * them by their Content-Length and every body reaches the parser.
 */
final class HostileInputs {
    /** One body to send, the size it was made for (its baseline has the same), and what the bus must answer to it. */
    record Input(String format, String kind, int size, byte[] body, int status, String code) {
        boolean baseline() { return kind.equals(BASELINE); }
    }

    static final String BASELINE = "baseline (unsigned)";
    static final String SOAP = "soap";
    static final String JSON = "json";

    private static final String ENVELOPE_OPEN = "<soapenv:Envelope xmlns:soapenv=\"" + SoapEnvelope.SOAP_NS
            + "\" xmlns:x=\"urn:x\"><soapenv:Header>";
    private static final String ENVELOPE_CLOSE = "</soapenv:Header><soapenv:Body/></soapenv:Envelope>";
    /** declared once per element and no more: 60 stays under the 64 attributes per element, so only the document total can stop it */
    private static final int NAMESPACES_PER_ELEMENT = 60;
    /** deeper than this, the depth limit (64, the Envelope and Header included) would refuse the nested flood first */
    private static final int NESTED_FLOOD_DEPTH = 60;

    private HostileInputs() {}

    /** Every input at this size; kinds that cannot break their limit in so few bytes are left out. */
    static List<Input> all(SigningClient unsignedClient, int size) {
        boolean large = size >= 500_000;
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input(SOAP, BASELINE, size, soapBaseline(unsignedClient, size), 500, "Client.BadSignature"));
        inputs.add(soap(size, "namespace flood", soapHeader(size, HostileInputs::namespaceElement)));
        inputs.add(soap(size, "namespace flood nested", nestedNamespaces(size)));
        inputs.add(soap(size, "attribute flood", soapHeader(size, i -> attributeElement(i, Math.min(10_000, size / 12)))));
        // 4 bytes an element: under 200 KB there are not 50,000 of them
        if (large) inputs.add(soap(size, "element flood", soapHeader(size, i -> "<a/>")));
        inputs.add(soap(size, "deep nesting", soapEnvelope(nested(size - ENVELOPE_OPEN.length() - ENVELOPE_CLOSE.length(), "<a>", "</a>"))));
        inputs.add(soap(size, "long text", soapEnvelope("<x:t>" + "a".repeat(size - 200) + "</x:t>")));
        inputs.add(soap(size, "long attribute value", soapEnvelope("<x:t v=\"" + "a".repeat(size - 200) + "\"/>")));
        inputs.add(soap(size, "long name", soapEnvelope("<x:" + "n".repeat(size - 200) + "/>")));
        // within every limit (25 bytes an element, 40,000 of them at 1 MB): what made-up names cost, refused as unexpected header blocks
        inputs.add(soap(size, "distinct names", soapHeader(size, i -> "<x:n" + String.format("%019d", i) + "/>")));

        inputs.add(new Input(JSON, BASELINE, size, jsonBaseline(size), 401, "Client.BadSignature"));
        inputs.add(json(size, "member flood", jsonList('{', '}', size, i -> "\"m" + String.format("%014d", i) + "\":0")));
        if (large) {
            // under 200,000 tokens (Jackson's stop): parsed whole, refused by the value count
            inputs.add(json(size, "value flood", jsonList('[', ']', size, i -> "\"0123456789abc\"")));
            inputs.add(json(size, "token flood", jsonList('[', ']', size, i -> "0")));
        }
        inputs.add(json(size, "deep nesting", ascii(nested(size, "[", "]"))));
        inputs.add(json(size, "long string", ascii("[\"" + "a".repeat(size - 4) + "\"]")));
        inputs.add(json(size, "long key", ascii("{\"" + "k".repeat(size - 6) + "\":0}")));
        return inputs;
    }

    private static Input soap(int size, String kind, byte[] body) { return new Input(SOAP, kind, size, body, 500, "Client.InvalidMessage"); }

    private static Input json(int size, String kind, byte[] body) { return new Input(JSON, kind, size, body, 400, "Client.InvalidMessage"); }

    /**
     * A request as clients send it (a valid busHeader, one payload element) but unsigned, its payload padded with
     * small elements of one namespace declared once: it passes every limit and the SOAP structure checks, and is
     * refused when the signature is looked for.
     */
    static byte[] soapBaseline(SigningClient client, int size) {
        String open = "<p:personByIinRequest xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\" xmlns:x=\"urn:x\">"
                + "<p:iin>" + SyntheticPeople.ALL.get(0).iin() + "</p:iin>";
        String close = "</p:personByIinRequest>";
        int overhead = client.request(Workloads.SERVICE, ascii(open + close), Tamper.UNSIGNED).bytes().length;
        StringBuilder payload = new StringBuilder(open);
        fill(payload, size - overhead + open.length(), i -> "<x:p>0123456789012345678901234567890123</x:p>");
        return client.request(Workloads.SERVICE, ascii(payload + close), Tamper.UNSIGNED).bytes();
    }

    /** An array of small objects: 4 values and 8 tokens in about 100 bytes, so 1 MB stays under 50,000 values. */
    static byte[] jsonBaseline(int size) {
        String s = "\"0123456789abcdefghij0123456789\"";
        return jsonList('[', ']', size, i -> "{\"a\":" + s + ",\"b\":" + s + ",\"c\":" + s + "}");
    }

    private static String namespaceElement(int i) {
        StringBuilder e = new StringBuilder("<x:e");
        for (int k = 0; k < NAMESPACES_PER_ELEMENT; k++) namespace(e, i * NAMESPACES_PER_ELEMENT + k);
        return e.append("/>").toString();
    }

    /** Distinct prefixes and URIs: each one is a new symbol and a new binding, none shared. */
    private static void namespace(StringBuilder e, int n) {
        String id = Integer.toString(n, 36);
        e.append(" xmlns:n").append(id).append("=\"urn:").append(id).append('"');
    }

    /**
     * Chains of elements each declaring 60 namespaces, 60 deep: every name below is resolved against all the bindings
     * of its ancestors, which a flat flood never makes the parser do.
     */
    private static byte[] nestedNamespaces(int size) {
        int budget = size - ENVELOPE_OPEN.length() - ENVELOPE_CLOSE.length();
        int levelBytes = NAMESPACES_PER_ELEMENT * 22 + 16;
        StringBuilder b = new StringBuilder();
        int n = 0;
        while (true) {
            int depth = 0;
            // room for one more level and the end tags of the whole chain
            while (depth < NESTED_FLOOD_DEPTH && b.length() + levelBytes + (depth + 1) * 6 < budget) {
                b.append("<x:e");
                for (int k = 0; k < NAMESPACES_PER_ELEMENT; k++) namespace(b, n++);
                b.append('>');
                depth++;
            }
            if (depth == 0) break;
            b.append("</x:e>".repeat(depth));
        }
        return soapEnvelope(b.toString());
    }

    private static String attributeElement(int i, int attributes) {
        StringBuilder e = new StringBuilder("<x:a");
        for (int k = 0; k < attributes; k++) e.append(" a").append(Integer.toString(k, 36)).append("=\"1\"");
        return e.append("/>").toString();
    }

    private static byte[] soapHeader(int size, IntFunction<String> unit) {
        StringBuilder b = new StringBuilder();
        fill(b, size - ENVELOPE_OPEN.length() - ENVELOPE_CLOSE.length(), unit);
        return soapEnvelope(b.toString());
    }

    private static byte[] soapEnvelope(String header) { return ascii(ENVELOPE_OPEN + header + ENVELOPE_CLOSE); }

    private static String nested(int size, String open, String close) {
        int depth = size / (open.length() + close.length());
        return open.repeat(depth) + close.repeat(depth);
    }

    /** open, the units separated by commas, close; as many units as fit in size bytes. */
    private static byte[] jsonList(char open, char close, int size, IntFunction<String> unit) {
        StringBuilder b = new StringBuilder().append(open);
        for (int i = 0; ; i++) {
            String u = (i == 0 ? "" : ",") + unit.apply(i);
            if (b.length() + u.length() + 1 > size) break;
            b.append(u);
        }
        return ascii(b.append(close).toString());
    }

    /** Appends units while the whole stays within limit characters. */
    private static void fill(StringBuilder b, int limit, IntFunction<String> unit) {
        for (int i = 0; ; i++) {
            String u = unit.apply(i);
            if (b.length() + u.length() > limit) return;
            b.append(u);
        }
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
