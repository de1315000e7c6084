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
    void kazakhIbansHaveTwentyCharactersAndMod97CheckDigits() {
        assertThat(Iban.isValid("KZ86125KZT5004100100")).as("the IBAN registry's example for KZ").isTrue();
        assertThat(Iban.problem("KZ87125KZT5004100100")).hasValue("the IBAN's check digits are wrong");
        assertThat(Iban.problem("KZ86125KZT500410010")).hasValue("an IBAN of country KZ has 20 characters, not 19");
        assertThat(Iban.problem("KZ86125kzt5004100100")).hasValue("an IBAN has only digits and capital letters");
        assertThat(Iban.problem("DE89370400440532013000")).hasValue("an IBAN of country DE is not paid into by this bus");
        assertThat(Iban.problem("KZ")).isPresent();
        assertThat(Iban.of("KZ", "125KZT5004100100")).isEqualTo("KZ86125KZT5004100100");
        assertThat(Iban.isValid(Iban.of("KZ", "6010002009876543"))).isTrue();
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
