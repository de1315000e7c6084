package org.govbus.core.adapter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One option an adapter takes in its provider's {@code options:} block of the routing table. The factory declares
 * them; the routing-table loader checks every provider's block against them and reports a bad one with file:line.
 */
public record AdapterOption(String name, Kind kind, boolean required, String description, java.util.function.UnaryOperator<String> check) {
    public enum Kind {
        /** an http(s) URL */
        URL,
        /** a {@code jdbc:} URL */
        JDBC_URL,
        TEXT,
        /** a reference, never the secret itself: {@code ${env:NAME}}, {@code ${keystore:ALIAS}} or {@code ${file:PATH}} */
        SECRET,
        /** a whole number from 1 to 1,000 */
        COUNT,
        /** a mapping of HTTP header names to values; credentials among them only as references */
        HEADERS,
        /** {@code {truststore: FILE, mutual: true|false}}: whom to trust at the agency, and whether the bus shows its own key */
        TLS
    }

    public static AdapterOption required(String name, Kind kind, String description) {
        return new AdapterOption(name, kind, true, description, null);
    }

    public static AdapterOption optional(String name, Kind kind, String description) {
        return new AdapterOption(name, kind, false, description, null);
    }

    /**
     * This {@link Kind#TEXT} option, its value also checked by {@code check} when the table is read: it returns the
     * value or throws {@link IllegalArgumentException} saying what is wrong, reported with the table's file:line (an
     * account number whose check digits are wrong stops start-up, not the first payment).
     */
    public AdapterOption checkedBy(java.util.function.UnaryOperator<String> check) {
        if (kind != Kind.TEXT) throw new IllegalStateException("only a TEXT option takes its own check");
        return new AdapterOption(name, kind, required, description, check);
    }

    /** What every adapter that calls its agency over HTTP takes; {@link AdapterContext#http()} is built from them. */
    public static final List<AdapterOption> HTTP = List.of(
            required("endpoint", Kind.URL, "the agency's URL"),
            optional("headers", Kind.HEADERS, "headers sent with every call, e.g. an API key by reference"),
            optional("tls", Kind.TLS, "the agency's trust store (PKCS#12, the bus's password) and mutual TLS with the bus's key"));

    /** What every adapter that reads its agency's database takes; {@link AdapterContext#dataSource()} is built from them. */
    public static final List<AdapterOption> JDBC = List.of(
            required("jdbcUrl", Kind.JDBC_URL, "the agency database's JDBC URL"),
            optional("user", Kind.TEXT, "the database user"),
            optional("password", Kind.SECRET, "the database password, by reference"),
            optional("poolSize", Kind.COUNT, "connections kept open (default 4)"));

    /** {@code base} and then {@code more}, e.g. {@code AdapterOption.with(HTTP, optional("region", TEXT, "..."))}. */
    public static List<AdapterOption> with(List<AdapterOption> base, AdapterOption... more) {
        List<AdapterOption> all = new ArrayList<>(base);
        all.addAll(Arrays.asList(more));
        return List.copyOf(all);
    }
}
