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
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;

/**
 * Reading JSON that arrives from outside, with the edge's limits: UTF-8 only (no byte-order mark), nesting at
 * most {@value #MAX_DEPTH} deep, strings and numbers bounded, duplicate member names refused (two parsers could
 * otherwise read two different requests from one signed body), nothing after the value.
 */
public final class StrictJson {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_STRING_CHARS = 65_536;
    public static final int MAX_NUMBER_CHARS = 64;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING_CHARS).maxNumberLength(MAX_NUMBER_CHARS).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '([^']{1,64})'");

    private StrictJson() {}

    /** Parses {@code bytes} as one JSON value; every problem is {@link FaultCode#INVALID_MESSAGE} naming {@code what}. */
    public static JsonNode parse(byte[] bytes, String what) {
        String text = utf8(bytes, what);
        try {
            // from the decoded text: given bytes, the parser would guess UTF-16 or UTF-32 from zero bytes by itself
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) throw invalid(what + " is empty");
            requireXmlCharacters(node, what);
            return node;
        } catch (StreamConstraintsException e) {
            throw invalid(what + " exceeds a limit: at most " + MAX_DEPTH + " levels of nesting, " + MAX_STRING_CHARS
                    + " characters in a string and " + MAX_NUMBER_CHARS + " in a number");
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

    /**
     * Every request ends up as XML (the canonical model, the agency's protocol), so JSON strings may hold only what
     * XML 1.0 can carry: no control characters but tab, LF and CR, no unpaired surrogates (possible through
     * {@code \\u} escapes), no U+FFFE or U+FFFF. Refused at the edge, not after the request is logged.
     */
    private static void requireXmlCharacters(JsonNode node, String what) {
        if (node.isTextual()) {
            if (!xmlCharacters(node.textValue())) throw invalid(what + " holds a character XML cannot carry");
        } else if (node.isContainerNode()) {
            for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                java.util.Map.Entry<String, JsonNode> e = it.next();
                if (!xmlCharacters(e.getKey())) throw invalid(what + " holds a character XML cannot carry");
                requireXmlCharacters(e.getValue(), what);
            }
            if (node.isArray()) for (JsonNode item : node) requireXmlCharacters(item, what);
        }
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
