package org.govbus.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.junit.jupiter.api.Test;

/** The edge's JSON limits, each at its boundary: what is just allowed parses, one more is a client fault saying why. */
class StrictJsonTest {
    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static void refused(byte[] bytes, String reasonPart) {
        assertThatThrownBy(() -> StrictJson.parse(bytes, "the body")).isInstanceOfSatisfying(BusException.class, e -> {
            assertThat(e.code()).isEqualTo(FaultCode.INVALID_MESSAGE);
            assertThat(e.reason()).contains(reasonPart);
        });
    }

    @Test
    void nestingUpToTheLimitParsesAndOneLevelMoreIsRefused() {
        assertThat(StrictJson.parse(utf8("[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH)), "b").isArray()).isTrue();
        refused(utf8("[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1)), "levels of nesting");
    }

    @Test
    void longStringsAndNumbersAreRefused() {
        assertThat(StrictJson.parse(utf8("\"" + "a".repeat(StrictJson.MAX_STRING_CHARS) + "\""), "b").asText()).hasSize(StrictJson.MAX_STRING_CHARS);
        refused(utf8("\"" + "a".repeat(StrictJson.MAX_STRING_CHARS + 1) + "\""), "characters in a string");
        assertThat(StrictJson.parse(utf8("1".repeat(StrictJson.MAX_NUMBER_CHARS)), "b").isNumber()).isTrue();
        refused(utf8("1".repeat(StrictJson.MAX_NUMBER_CHARS + 1)), "in a number");
    }

    @Test
    void aMemberNamedTwiceIsRefusedAtAnyDepth() {
        refused(utf8("{\"iin\":\"1\",\"iin\":\"2\"}"), "names the member 'iin' twice");
        refused(utf8("{\"a\":{\"b\":1,\"b\":1}}"), "names the member 'b' twice");
    }

    @Test
    void onlyUtf8WithoutByteOrderMarkIsRead() {
        refused(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}, "not valid UTF-8");
        refused(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, "byte-order mark");
        // UTF-16 without a BOM: the zero bytes are valid UTF-8 control characters, which JSON does not allow outside strings
        refused("{\"iin\":\"1\"}".getBytes(StandardCharsets.UTF_16LE), "not well-formed JSON");
        assertThat(StrictJson.parse(utf8("{\"surname\":\"Ахметова\"}"), "b").path("surname").asText()).isEqualTo("Ахметова");
    }

    @Test
    void onlyCharactersXmlCanCarryAreAccepted() {
        refused(utf8("{\"iin\":\"\\u0000\"}"), "character XML cannot carry");
        refused(utf8("{\"iin\":\"\\ud800\"}"), "character XML cannot carry");
        refused(utf8("{\"iin\":\"\\ufffe\"}"), "character XML cannot carry");
        refused(utf8("{\"\\u0001\":\"x\"}"), "character XML cannot carry");
        refused(utf8("[[\"\\u001f\"]]"), "character XML cannot carry");
        assertThat(StrictJson.parse(utf8("{\"a\":\"tab\\tnew\\nline \\ud83d\\ude00\"}"), "b").path("a").asText()).contains("\t", "\uD83D\uDE00");
    }

    @Test
    void nothingMayFollowTheValue() {
        refused(utf8("{} {}"), "not well-formed JSON");
        refused(utf8(""), "the body");
    }

    @Test
    void configuredLimitsBoundValuesMembersAndNames() {
        StrictJson json = new StrictJson(new org.govbus.core.config.InputLimits(8, 10, 3, 6, 8, 100));
        assertThat(json.read(utf8("[1,2,3,4,5,6,7,8,9]"), "b").size()).isEqualTo(9);
        assertThatThrownBy(() -> json.read(utf8("[1,2,3,4,5,6,7,8,9,10]"), "b")).hasMessageContaining("more than 10 values");
        assertThat(json.read(utf8("{\"a\":1,\"b\":2,\"c\":3}"), "b").size()).isEqualTo(3);
        assertThatThrownBy(() -> json.read(utf8("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}"), "b")).hasMessageContaining("more than 3 members");
        assertThat(json.read(utf8("{\"abcdefgh\":1}"), "b").size()).isEqualTo(1);
        assertThatThrownBy(() -> json.read(utf8("{\"abcdefghi\":1}"), "b")).hasMessageContaining("8 characters in a name");
        // a flood stops the parser itself at the token count, before any tree is built
        assertThatThrownBy(() -> json.read(utf8("[" + "1,".repeat(10_000) + "1]"), "b")).hasMessageContaining("exceeds a limit");
    }
}
