package org.govbus.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.ServiceId;
import org.govbus.core.xml.SecureXml;
import org.govbus.core.xml.ServiceCatalog;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The JSON form of every service's canonical model, by one rule, driven by the service's JSON Schema (its
 * {@code $defs} are named after the XSD's elements and types):
 * <ul>
 *   <li>an element with element children is an object with one member per child element, named by its local
 *       name, in the order the schema's {@code properties} list them (the XSD's sequence order);</li>
 *   <li>a member of type {@code array} holds every child of that name, in order; any other member, one child;
 *       an absent optional element is an absent member, never {@code null};</li>
 *   <li>{@code boolean} is {@code true}/{@code false}, {@code integer} and {@code number} are JSON numbers, and
 *       everything else (dates, codes, identifiers) is a string holding the XML text unchanged;</li>
 *   <li>every element is in the namespace of the service's request or response element.</li>
 * </ul>
 * JSON to XML is the inverse. A request's JSON is validated against its schema before it is translated.
 */
public final class JsonForms {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** One service's two elements, its schema document, and the schema compiled for each element. */
    private record Form(JsonNode document, QName request, QName response, JsonSchema requestSchema, JsonSchema responseSchema) {}

    private final Map<String, Form> forms;
    private final Map<String, String> schemaFiles;

    private JsonForms(Map<String, Form> forms, Map<String, String> schemaFiles) {
        this.forms = Map.copyOf(forms);
        this.schemaFiles = Map.copyOf(schemaFiles);
    }

    /** The forms of every service in the catalog that declares a JSON Schema, read from the classpath. */
    public static JsonForms of(ServiceCatalog catalog, ClassLoader loader) {
        Map<String, Form> forms = new HashMap<>();
        Map<String, String> files = new HashMap<>();
        for (ServiceCatalog.Entry e : catalog.entries()) {
            if (e.jsonSchema() == null) continue;
            JsonNode document;
            try (InputStream in = loader.getResourceAsStream(e.jsonSchema())) {
                if (in == null) throw new IllegalStateException("JSON Schema " + e.jsonSchema() + " of " + e.key() + " is not on the classpath");
                document = StrictJson.MAPPER.readTree(in);
            } catch (IOException x) {
                throw new IllegalStateException("cannot read JSON Schema " + e.jsonSchema() + ": " + x.getMessage(), x);
            }
            requireSupported(document, document.path("$defs"), e.jsonSchema());
            forms.put(e.key(), new Form(document, e.request(), e.response(),
                    compile(document, e.request(), e.jsonSchema()), compile(document, e.response(), e.jsonSchema())));
            files.put(e.key(), e.jsonSchema());
        }
        return new JsonForms(forms, files);
    }

    /** Kinds of schema the translation rule knows; a schema using anything else is refused at start, not mistranslated. */
    private static final Set<String> KINDS = Set.of("object", "array", "string", "boolean", "integer", "number");
    private static final Set<String> COMBINATORS = Set.of("allOf", "anyOf", "oneOf", "not", "if", "const", "prefixItems");

    private static void requireSupported(JsonNode document, JsonNode defs, String file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> def = it.next();
            checkSchema(document, def.getValue(), file + " $defs/" + def.getKey(), 0);
        }
    }

    private static void checkSchema(JsonNode document, JsonNode schema, String where, int depth) {
        if (depth > 32) throw new IllegalStateException(where + ": nested too deep");
        for (String c : COMBINATORS) {
            if (schema.has(c)) throw new IllegalStateException(where + ": " + c + " is not supported by the JSON form rule");
        }
        if (schema.has("$ref")) {
            resolve(document, schema);
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null && (!type.isTextual() || !KINDS.contains(type.asText()))) {
            throw new IllegalStateException(where + ": type must be one of " + KINDS);
        }
        if (type == null && !schema.has("enum") && !schema.has("properties")) {
            throw new IllegalStateException(where + ": give a type, an enum or properties");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            checkSchema(document, p.getValue(), where + "/" + p.getKey(), depth + 1);
        }
        if (schema.has("items")) checkSchema(document, schema.get("items"), where + "/items", depth + 1);
    }

    /** The schema document for one element: the service's whole document, its root a reference to the element's $def. */
    private static JsonSchema compile(JsonNode document, QName element, String file) {
        if (!document.path("$defs").has(element.getLocalPart())) {
            throw new IllegalStateException(file + " has no $defs/" + element.getLocalPart());
        }
        ObjectNode root = document.deepCopy();
        root.put("$ref", "#/$defs/" + element.getLocalPart());
        return SCHEMAS.getSchema(root);
    }

    /** Whether the service has a JSON form. */
    public boolean has(ServiceId service) { return forms.containsKey(ServiceCatalog.keyOf(service)); }

    /** The JSON Schema document of a service, for the catalogue. */
    public Optional<JsonNode> schemaOf(ServiceId service) {
        return Optional.ofNullable(forms.get(ServiceCatalog.keyOf(service))).map(Form::document);
    }

    /** The service's request as canonical XML, from its JSON validated against the request schema. */
    public Element requestToXml(ServiceId service, JsonNode json) {
        Form form = form(service);
        List<String> problems = problems(form.requestSchema(), json);
        if (!problems.isEmpty()) {
            throw new BusException(FaultCode.INVALID_MESSAGE, "the payload does not match its JSON Schema: " + String.join("; ", problems));
        }
        return toXml(form, form.request(), json);
    }

    /** A canonical answer (already valid against its XSD) in its JSON form. */
    public JsonNode answerToJson(ServiceId service, Element answer) {
        Form form = form(service);
        return toJson(form, form.response(), answer);
    }

    /** Translates either element of a service, for tests and tools; no validation. */
    public JsonNode toJson(ServiceId service, Element element) {
        Form form = form(service);
        QName name = new QName(element.getNamespaceURI(), element.getLocalName());
        return toJson(form, name, element);
    }

    public Element toXml(ServiceId service, QName element, JsonNode json) { return toXml(form(service), element, json); }

    /** The problems the request or response schema finds in {@code json}, at most five; empty when valid. */
    public List<String> validate(ServiceId service, QName element, JsonNode json) {
        Form form = form(service);
        return problems(element.equals(form.request()) ? form.requestSchema() : form.responseSchema(), json);
    }

    private static List<String> problems(JsonSchema schema, JsonNode json) {
        Set<ValidationMessage> errors = schema.validate(json);
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : errors) {
            if (out.size() == 5) break;
            out.add(m.getInstanceLocation() + ": " + m.getType());
        }
        java.util.Collections.sort(out);
        return out;
    }

    private Form form(ServiceId service) {
        Form f = forms.get(ServiceCatalog.keyOf(service));
        if (f == null) throw new BusException(FaultCode.UNKNOWN_SERVICE, "service " + service + " has no JSON form; use SOAP");
        return f;
    }

    private static JsonNode toJson(Form form, QName name, Element element) {
        return value(form.document(), def(form.document(), name.getLocalPart()), element);
    }

    private static JsonNode value(JsonNode document, JsonNode schema, Element element) {
        JsonNode s = resolve(document, schema);
        requireNoAttributes(element);
        String kind = kind(s);
        if (!"object".equals(kind) && !childrenByName(element).isEmpty()) {
            throw new IllegalStateException(element.getLocalName() + " has child elements but its JSON form is a " + kind);
        }
        String text = element.getTextContent();
        switch (kind) {
            case "object" -> {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                Map<String, List<Element>> children = childrenByName(element);
                JsonNode properties = s.path("properties");
                for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
                    String member = it.next();
                    List<Element> named = children.remove(member);
                    if (named == null) continue;
                    JsonNode p = resolve(document, properties.get(member));
                    if ("array".equals(kind(p))) {
                        ArrayNode items = out.putArray(member);
                        for (Element c : named) items.add(value(document, p.path("items"), c));
                    } else {
                        if (named.size() > 1) throw new IllegalStateException(member + " occurs more than once but its JSON form is not an array");
                        out.set(member, value(document, p, named.get(0)));
                    }
                }
                if (!children.isEmpty()) throw new IllegalStateException("the JSON Schema has no member for " + children.keySet());
                return out;
            }
            case "boolean" -> { return JsonNodeFactory.instance.booleanNode("true".equals(text.trim()) || "1".equals(text.trim())); }
            case "integer", "number" -> { return JsonNodeFactory.instance.numberNode(new BigDecimal(text.trim())); }
            default -> { return JsonNodeFactory.instance.textNode(text); }
        }
    }

    private static Element toXml(Form form, QName name, JsonNode json) {
        Document doc = SecureXml.newDocument();
        Element root = doc.createElementNS(name.getNamespaceURI(), "p:" + name.getLocalPart());
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:p", name.getNamespaceURI());
        doc.appendChild(root);
        fill(form.document(), def(form.document(), name.getLocalPart()), root, json);
        return root;
    }

    private static void fill(JsonNode document, JsonNode schema, Element element, JsonNode json) {
        JsonNode s = resolve(document, schema);
        switch (kind(s)) {
            case "object" -> {
                JsonNode properties = s.path("properties");
                for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
                    String member = it.next();
                    JsonNode v = json.get(member);
                    if (v == null || v.isNull()) continue;
                    JsonNode p = resolve(document, properties.get(member));
                    if ("array".equals(kind(p))) {
                        for (JsonNode item : v) fill(document, p.path("items"), child(element, member), item);
                    } else {
                        fill(document, p, child(element, member), v);
                    }
                }
            }
            // JSON Schema counts 1.0 as an integer; xs:integer does not
            case "integer" -> element.setTextContent(json.decimalValue().stripTrailingZeros().toPlainString());
            case "number" -> element.setTextContent(json.isBigDecimal() ? json.decimalValue().toPlainString() : json.asText());
            default -> element.setTextContent(json.asText());
        }
    }

    private static Element child(Element parent, String localName) {
        Element c = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), parent.getPrefix() + ":" + localName);
        parent.appendChild(c);
        return c;
    }

    /** The canonical models carry no attributes; one found means the schema and the rule disagree: never dropped silently. */
    private static void requireNoAttributes(Element element) {
        var attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            boolean declaration = "http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI());
            // xsi:schemaLocation and the like say where the schema is, not what the data is; xsi:nil would be data
            boolean schemaHint = "http://www.w3.org/2001/XMLSchema-instance".equals(a.getNamespaceURI()) && !"nil".equals(a.getLocalName());
            if (!declaration && !schemaHint) {
                throw new IllegalStateException(element.getLocalName() + " has the attribute " + a.getNodeName() + ", which has no JSON form");
            }
        }
    }

    private static Map<String, List<Element>> childrenByName(Element parent) {
        Map<String, List<Element>> out = new java.util.LinkedHashMap<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.computeIfAbsent(e.getLocalName(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    private static JsonNode def(JsonNode document, String name) { return document.path("$defs").path(name); }

    /** Follows local references ({@code #/$defs/...}). */
    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode s = schema;
        for (int hops = 0; s.has("$ref"); hops++) {
            String ref = s.get("$ref").asText();
            if (!ref.startsWith("#/") || hops > 16) throw new IllegalStateException("unsupported $ref " + ref);
            s = document.at(ref.substring(1));
        }
        return s;
    }

    private static String kind(JsonNode s) {
        if (s.has("type")) return s.get("type").asText();
        return s.has("properties") ? "object" : "string";
    }

    /** The schema file of each service, by service key, for the catalogue. */
    public Map<String, String> schemaFiles() { return schemaFiles; }
}
