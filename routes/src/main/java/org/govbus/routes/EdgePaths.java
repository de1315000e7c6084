package org.govbus.routes;

import java.util.List;
import java.util.Set;

/**
 * What the bus serves at each HTTP path, and by which methods: POST of SOAP 1.1 at {@code /soap}, which serves by GET
 * only its WSDL ({@code ?wsdl}) and the schemas that WSDL names ({@code ?xsd=NAME}); POST of JSON at
 * {@code /api/v1/services/<service id>}; GET of an asynchronous answer at {@code /api/v1/messages/<messageId>}; POST of
 * an agency's later message (JSON) at {@code /api/v1/agencies/<provider id>/callback}; GET of the documents. Nothing else.
 */
public final class EdgePaths {
    static final String SOAP = "/soap";
    static final String SERVICES = "/api/v1/services/";
    static final String MESSAGES = "/api/v1/messages/";
    static final String AGENCIES = "/api/v1/agencies/";
    static final String CALLBACK = "/callback";
    private static final Set<String> DOCUMENTS = Set.of("/api/v1/openapi.json", "/health", "/metrics");
    private static final String SERVICE_WSDLS = "/wsdl/";

    /** The methods a path serves (none: nothing is served there), whether it is the SOAP endpoint, and why not others. */
    public record Served(List<String> methods, boolean soap, String methodReason) {}

    private static final Served SOAP_POST = new Served(List.of("POST"), true,
            "GET /soap serves only ?wsdl and the schemas the WSDL names; requests are sent by POST");
    private static final Served SOAP_ANY = new Served(List.of("GET", "HEAD", "POST"), true, "/soap serves POST, and GET of its WSDL");
    private static final Served JSON_POST = new Served(List.of("POST"), false, "a service is called by POST");
    private static final Served FETCH = new Served(List.of("GET"), false, "an asynchronous answer is fetched by GET");
    private static final Served AGENCY_CALLBACK = new Served(List.of("POST"), false, "an agency's callback is sent by POST");
    private static final Served DOCUMENT = new Served(List.of("GET", "HEAD"), false, "this document is read by GET");
    private static final Served NOTHING = new Served(List.of(), false, "");

    private final Set<String> soapSchemas;

    /** @param soapSchemas the values of {@code ?xsd=} that /soap's WSDL names */
    public EdgePaths(Set<String> soapSchemas) {
        this.soapSchemas = Set.copyOf(soapSchemas);
    }

    /**
     * @param path the path as the request wrote it, not decoded or normalised: one that Jetty would normalise into
     *             another ({@code /wsdl/x/../../soap}, {@code //}, {@code ;params}, percent-escapes) serves nothing, so
     *             what is checked here is what the server routes
     */
    public Served served(String path, String query) {
        if (!canonical(path)) return NOTHING;
        if (SOAP.equals(path)) {
            if (query == null) return SOAP_POST;
            boolean document = "wsdl".equalsIgnoreCase(query)
                    || query.startsWith("xsd=") && soapSchemas.contains(query.substring("xsd=".length()));
            return document ? SOAP_ANY : SOAP_POST;
        }
        if (path.startsWith(SERVICES) && path.length() > SERVICES.length()) return JSON_POST;
        if (path.startsWith(MESSAGES) && path.length() > MESSAGES.length() && path.indexOf('/', MESSAGES.length()) < 0) return FETCH;
        if (path.startsWith(AGENCIES) && path.endsWith(CALLBACK) && path.length() > AGENCIES.length() + CALLBACK.length()) {
            return AGENCY_CALLBACK;
        }
        if (DOCUMENTS.contains(path) || path.startsWith(SERVICE_WSDLS) && path.length() > SERVICE_WSDLS.length()) return DOCUMENT;
        return NOTHING;
    }

    /** Segments of letters, digits, {@code -}, {@code _}, {@code .} and {@code ~} only, none empty, {@code .} or {@code ..}. */
    static boolean canonical(String path) {
        if (path == null || !path.startsWith("/")) return false;
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty() && !(i == segments.length - 1 && segments.length == 1)) return false;
            if (s.equals(".") || s.equals("..")) return false;
            for (int c = 0; c < s.length(); c++) {
                char ch = s.charAt(c);
                if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || "-_.~".indexOf(ch) >= 0)) return false;
            }
        }
        return true;
    }
}
