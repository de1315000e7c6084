package org.govbus.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import org.govbus.core.error.FaultCode;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.routing.ServiceRoute;
import org.govbus.core.xml.ServiceCatalog;

/**
 * The OpenAPI 3.1 description of the JSON interface, generated from the routing table and the services' JSON
 * Schemas: one POST per service with a JSON form, its request and answer schemas, the signature and seal headers,
 * and the problem type; and the operational paths.
 */
public final class OpenApiDocument {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OpenApiDocument() {}

    public static byte[] of(RoutingTable routing, ServiceCatalog catalog, JsonForms forms, String baseUrl) {
        ObjectNode doc = JSON.objectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info").put("title", "GovBus").put("version", "1")
                .put("description", "JSON clients of the bus. Every request is signed with a detached JWS in X-GovBus-Signature"
                        + " (unencoded payload, RFC 7797); every answer is sealed by the bus in X-GovBus-Header, X-GovBus-Seal"
                        + " and X-GovBus-Proof. See the README for the construction.");
        doc.putArray("servers").addObject().put("url", baseUrl);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("Problem", problemSchema());
        components.set("headers", sealHeaders());
        components.putObject("responses").putObject("Problem").put("description", "a fault: its code is the taxonomy's")
                .putObject("content").putObject(ProblemJson.CONTENT_TYPE).putObject("schema").put("$ref", "#/components/schemas/Problem");

        routing.services().stream().sorted(Comparator.comparing(r -> r.service().toString())).forEach(route -> {
            ServiceCatalog.Entry entry = catalog.find(route.service()).orElseThrow();
            JsonNode schema = forms.schemaOf(route.service()).orElse(null);
            if (schema == null) return; // SOAP only
            String prefix = entry.key().replace('/', '.');
            copyDefs(schema, prefix, schemas);
            paths.set("/api/v1/services/" + route.service(), servicePath(route, prefix, entry));
        });
        paths.putObject("/api/v1/openapi.json").putObject("get").put("summary", "this document")
                .putObject("responses").putObject("200").put("description", "OpenAPI 3.1");
        ObjectNode health = paths.putObject("/health").putObject("get").put("summary", "readiness of the broker, database, signing key and routing table")
                .putObject("responses");
        health.putObject("200").put("description", "ready");
        health.putObject("503").put("description", "not ready");
        paths.putObject("/metrics").putObject("get").put("summary", "Prometheus metrics")
                .putObject("responses").putObject("200").put("description", "text exposition format");
        return StrictJson.bytes(doc);
    }

    private static ObjectNode servicePath(ServiceRoute route, String prefix, ServiceCatalog.Entry entry) {
        ObjectNode post = JSON.objectNode();
        ObjectNode op = post.putObject("post");
        op.put("operationId", route.service().toString().replace('/', '.'));
        op.put("summary", route.service().code() + " " + route.service().version() + " from " + route.service().provider());
        op.putArray("tags").add(route.service().provider().toString());
        ObjectNode signature = op.putArray("parameters").addObject();
        signature.put("name", JwsJsonCodec.SIGNATURE).put("in", "header").put("required", true)
                .put("description", "BASE64URL(protected header) + \"..\" + BASE64URL(signature) over ASCII(BASE64URL(protected header))"
                        + " + \".\" + the body as sent; header: alg RS256|PS256|ES256, b64 false, crit [b64], x5c, govbus");
        signature.putObject("schema").put("type", "string").put("pattern", "^[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+$");
        op.putObject("requestBody").put("required", true).putObject("content").putObject(JwsJsonCodec.CONTENT_TYPE)
                .putObject("schema").put("$ref", "#/components/schemas/" + prefix + "." + entry.request().getLocalPart());
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "the answer, sealed by the bus");
        ObjectNode headers = ok.putObject("headers");
        for (String h : new String[] {JwsJsonCodec.HEADER, JwsJsonCodec.SEAL, JwsJsonCodec.PROOF}) {
            headers.putObject(h).put("$ref", "#/components/headers/" + h);
        }
        ok.putObject("content").putObject(JwsJsonCodec.CONTENT_TYPE).putObject("schema")
                .put("$ref", "#/components/schemas/" + prefix + "." + entry.response().getLocalPart());
        for (FaultCode code : FaultCode.values()) {
            responses.putObject(Integer.toString(code.httpStatus())).put("$ref", "#/components/responses/Problem");
        }
        return post;
    }

    /** Each $def of a service's schema as a component named PREFIX.NAME, its local references rewritten. */
    private static void copyDefs(JsonNode schema, String prefix, ObjectNode into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("$defs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> def = it.next();
            JsonNode copy = def.getValue().deepCopy();
            rewriteRefs(copy, prefix);
            into.set(prefix + "." + def.getKey(), copy);
        }
    }

    private static void rewriteRefs(JsonNode node, String prefix) {
        if (node instanceof ObjectNode o) {
            JsonNode ref = o.get("$ref");
            if (ref != null && ref.asText().startsWith("#/$defs/")) {
                o.put("$ref", "#/components/schemas/" + prefix + "." + ref.asText().substring("#/$defs/".length()));
            }
            o.forEach(child -> rewriteRefs(child, prefix));
        } else if (node instanceof ArrayNode a) {
            a.forEach(child -> rewriteRefs(child, prefix));
        }
    }

    private static ObjectNode problemSchema() {
        ObjectNode p = JSON.objectNode();
        p.put("type", "object").put("description", "RFC 9457 problem details with the bus's code and the messageId");
        ObjectNode props = p.putObject("properties");
        props.putObject("type").put("type", "string").put("description", ProblemJson.TYPE_PREFIX + "CODE");
        props.putObject("title").put("type", "string");
        props.putObject("status").put("type", "integer");
        props.putObject("detail").put("type", "string");
        ArrayNode codes = props.putObject("code").put("type", "string").putArray("enum");
        for (FaultCode c : FaultCode.values()) codes.add(c.code());
        props.putObject("retryable").put("type", "boolean")
                .put("description", "whether the same request sent again later could succeed");
        props.putObject("messageId").put("type", "string").put("format", "uuid");
        p.putArray("required").add("type").add("title").add("status").add("detail").add("code");
        return p;
    }

    private static ObjectNode sealHeaders() {
        ObjectNode h = JSON.objectNode();
        h.putObject(JwsJsonCodec.HEADER).put("required", true)
                .put("description", "BASE64URL of the answer's bus header as JSON, with requestHash = BASE64URL(SHA-256(the request's signing input))")
                .putObject("schema").put("type", "string");
        h.putObject(JwsJsonCodec.SEAL).put("required", true)
                .put("description", "compact JWS by the bus (x5c = bus certificate) over {\"root\": BASE64URL(hash-tree root), \"size\": n}")
                .putObject("schema").put("type", "string");
        h.putObject(JwsJsonCodec.PROOF)
                .put("description", "empty, or comma-separated L.<b64url sibling> / R.<b64url sibling>, bottom up")
                .putObject("schema").put("type", "string");
        return h;
    }
}
