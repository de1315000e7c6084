package org.govbus.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.govbus.core.config.InputLimits;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;

/**
 * Reading JSON that arrives from outside, within the edge's {@link InputLimits}: UTF-8 only (no byte-order mark),
 * nesting, values, members per object, name and string lengths bounded (the parser stops at the token count, so a
 * flood costs no more than its parse), numbers at most {@value #MAX_NUMBER_CHARS} characters, duplicate member names
 * refused (two parsers could otherwise read two different requests from one signed body), nothing after the value.
 */
public final class StrictJson {
    public static final int MAX_DEPTH = InputLimits.DEFAULTS.depth();
    public static final int MAX_STRING_CHARS = InputLimits.DEFAULTS.textLength();
    public static final int MAX_NUMBER_CHARS = 64;
    /** a value costs at most a name, a start and an end token besides its own */
    private static final int TOKENS_PER_VALUE = 4;

    private static final StrictJson DEFAULTS = new StrictJson(InputLimits.DEFAULTS);
    /** A mapper with the default limits, for what the bus reads and writes itself. */
    public static final ObjectMapper MAPPER = DEFAULTS.mapper;

    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '([^']{1,64})'");

    private final InputLimits limits;
    private final ObjectMapper mapper;

    public StrictJson(InputLimits limits) {
        this.limits = limits;
        this.mapper = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(limits.depth()).maxStringLength(limits.textLength())
                                .maxNameLength(limits.nameLength()).maxNumberLength(MAX_NUMBER_CHARS)
                                .maxTokenCount((long) limits.elements() * TOKENS_PER_VALUE).build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    /** Parses {@code bytes} as one JSON value within the default limits. */
    public static JsonNode parse(byte[] bytes, String what) {
        return DEFAULTS.read(bytes, what);
    }

    /** Parses {@code bytes} as one JSON value; every problem is {@link FaultCode#INVALID_MESSAGE} naming {@code what}. */
    public JsonNode read(byte[] bytes, String what) {
        String text = utf8(bytes, what);
        try {
            // from the decoded text: given bytes, the parser would guess UTF-16 or UTF-32 from zero bytes by itself
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) throw invalid(what + " is empty");
            new Walk(what).visit(node);
            return node;
        } catch (StreamConstraintsException e) {
            throw new BusException(FaultCode.INVALID_MESSAGE, what + " exceeds a limit: at most " + limits.depth()
                    + " levels of nesting, " + limits.elements() + " values, " + limits.nameLength() + " characters in a name, "
                    + limits.textLength() + " characters in a string and " + MAX_NUMBER_CHARS + " in a number",
                    e.getOriginalMessage(), null);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            java.util.regex.Matcher duplicate = DUPLICATE.matcher(original);
            String reason = duplicate.lookingAt() ? what + " names the member '" + duplicate.group(1) + "' twice"
                    : what + " is not well-formed JSON";
            throw new BusException(FaultCode.INVALID_MESSAGE, reason + where, original, null);
        } catch (IOException e) {
            throw invalid(what + " cannot be read");
        }
    }

    /** One pass over the tree: the value count, the members per object, and only characters XML can carry. */
    private final class Walk {
        private final String what;
        private int values;

        Walk(String what) {
            this.what = what;
        }

        void visit(JsonNode node) {
            if (++values > limits.elements()) throw invalid(what + " has more than " + limits.elements() + " values");
            if (node.isTextual()) {
                requireXmlCharacters(node.textValue(), what);
            } else if (node.isObject()) {
                if (node.size() > limits.attributes()) {
                    throw invalid(what + " has an object of more than " + limits.attributes() + " members");
                }
                for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    java.util.Map.Entry<String, JsonNode> e = it.next();
                    requireXmlCharacters(e.getKey(), what);
                    visit(e.getValue());
                }
            } else if (node.isArray()) {
                for (JsonNode item : node) visit(item);
            }
        }
    }

    /**
     * Every request ends up as XML (the canonical model, the agency's protocol), so JSON strings may hold only what
     * XML 1.0 can carry: no control characters but tab, LF and CR, no unpaired surrogates (possible through
     * {@code \\u} escapes), no U+FFFE or U+FFFF. Refused at the edge, not after the request is logged.
     */
    private static void requireXmlCharacters(String s, String what) {
        if (!xmlCharacters(s)) throw invalid(what + " holds a character XML cannot carry");
    }

    static boolean xmlCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) return false;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Serialises a value compactly, members in the order they were put. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String utf8(byte[] bytes, String what) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            throw invalid(what + " starts with a byte-order mark");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(what + " is not valid UTF-8");
        }
    }

    private static BusException invalid(String reason) { return new BusException(FaultCode.INVALID_MESSAGE, reason); }
}
