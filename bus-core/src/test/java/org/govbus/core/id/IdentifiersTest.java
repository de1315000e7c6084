package org.govbus.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void aServiceIdNamesItsProviderSystem() {
        ServiceId s = ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1");
        assertThat(s.provider()).isEqualTo(SystemId.parse("KZ/GOV/MJ/gbd-fl"));
        assertThat(s.code()).isEqualTo("person-by-iin");
        assertThat(s.toString()).isEqualTo("KZ/GOV/MJ/gbd-fl/person-by-iin/v1");
        assertThat(s.provider().queueName()).isEqualTo("govbus.provider.KZ.GOV.MJ.gbd-fl");
    }

    @Test
    void malformedIdentifiersAreRefusedWithAReason() {
        assertThatThrownBy(() -> SystemId.parse("KZ/GOV/MJ")).hasMessageContaining("INSTANCE/CLASS/MEMBER/SUBSYSTEM");
        assertThatThrownBy(() -> SystemId.parse("KZ/GOV/MJ/gbd fl")).hasMessageContaining("bad identifier part");
        assertThatThrownBy(() -> ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/1")).hasMessageContaining("version");
        assertThatThrownBy(() -> ServiceId.parse("person-by-iin")).hasMessageContaining("not a service id");
    }

    @Test
    void iinCheckDigits() {
        assertThat(Iin.isValid("900101300017")).isTrue();
        assertThat(Iin.isValid("900101300018")).isFalse();
        assertThat(Iin.isValid("90010130001")).isFalse();
        assertThat(Iin.isValid("9001013000a7")).isFalse();
    }

    @Test
    void binCheckDigitsAndKind() {
        assertThat(Bin.isValid("040540001230")).isTrue();
        assertThat(Bin.isValid("101250000014")).as("a non-resident entity").isTrue();
        assertThat(Bin.isValid("040540001231")).as("wrong check digit").isFalse();
        assertThat(Bin.isValid("900101300017")).as("an IIN: its fifth digit is no kind of entity").isFalse();
        assertThat(Bin.isValid("04054000123")).isFalse();
    }
}
