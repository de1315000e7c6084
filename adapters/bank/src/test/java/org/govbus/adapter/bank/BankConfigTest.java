package org.govbus.adapter.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.govbus.app.GovBusNode;
import org.govbus.core.config.ConfigException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The payer's account in a bank provider's options is checked when the routing table is read, with its file and line. */
class BankConfigTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "debtorIban: KZ626010000000000101|6|debtorIban: the IBAN's check digits are wrong",
            "debtorIban: KZ61601000000000010|6|debtorIban: an IBAN of country KZ has 20 characters, not 19",
            "debtorBic: HSBK-KZKX|7|debtorBic: not a BIC of 8 or 11 capital letters and digits"})
    void aBadPayerAccountStopsStartUpAtItsLine(String bad, int line, String reason) throws Exception {
        String table = """
                providers:
                  KZ/COM/HSBK/payouts:
                    adapter: iso20022-bank
                    options:
                      endpoint: http://127.0.0.1:18095/bank/h2h
                      debtorIban: KZ616010000000000101
                      debtorBic: HSBKKZKX
                      debtorName: Комитет казначейства
                services:
                  KZ/COM/HSBK/payouts/benefit-payout/v1: {timeout: 5s, allowedClients: [KZ/GOV/EGOV/portal]}
                """;
        String key = bad.substring(0, bad.indexOf(':'));
        Path file = dir.resolve("routing.yaml");
        Files.writeString(file, table.replaceAll(key + ": .*", bad));
        assertThatThrownBy(() -> GovBusNode.routingTableLoader().load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ":" + line + ": " + reason);
        Files.writeString(file, table);
        assertThat(GovBusNode.routingTableLoader().load(file).providers()).hasSize(1);
    }
}
