package org.govbus.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void anIinKeepsOnlyItsLastTwoDigits() {
        assertThat(Masking.mask("person 900101300017 not found")).isEqualTo("person **********17 not found");
        assertThat(Masking.mask("<iin>900101300017</iin>")).isEqualTo("<iin>**********17</iin>");
    }

    @Test
    void aUuidWhoseLastGroupIsAllDigitsIsNotMasked() {
        String id = "8e06f095-167d-417a-9f97-491443710796";
        assertThat(Masking.mask("messageId=" + id)).isEqualTo("messageId=" + id);
    }

    @Test
    void longerOrShorterNumbersAreNotIins() {
        assertThat(Masking.mask("1234567890123 and 12345678901")).isEqualTo("1234567890123 and 12345678901");
    }
}
