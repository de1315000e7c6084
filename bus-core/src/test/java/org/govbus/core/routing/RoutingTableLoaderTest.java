package org.govbus.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.govbus.core.adapter.AdapterOption;
import org.govbus.core.config.ConfigException;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoutingTableLoaderTest {
    private static final Pattern EXPECT = Pattern.compile("# expect (\\d+): (.*)");
    private final RoutingTableLoader loader = new RoutingTableLoader(
            Map.of("population-register", AdapterOption.HTTP, "agency-database", AdapterOption.JDBC), Set.of("person-by-iin/v1", "person-photo/v2", "pay-fee/v1"));

    static Path resource(String name) throws URISyntaxException {
        return Path.of(RoutingTableLoaderTest.class.getResource("/routing/" + name).toURI());
    }

    @Test
    void aGoodTableLoadsWithDenyByDefault() throws Exception {
        RoutingTable t = loader.load(resource("good.yaml"));
        ServiceRoute person = t.find(ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1")).orElseThrow();
        assertThat(person.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(person.provider().adapter()).isEqualTo("population-register");
        assertThat(person.allows(SystemId.parse("KZ/GOV/CSC/psc"))).isTrue();
        ServiceRoute photo = t.find(ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-photo/v2")).orElseThrow();
        assertThat(photo.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(photo.allows(SystemId.parse("KZ/GOV/EGOV/portal"))).isFalse();
        assertThat(person.quotas()).containsEntry(SystemId.parse("KZ/GOV/CSC/psc"), new Quota(5, 10));
        assertThat(t.quotaOf(SystemId.parse("KZ/GOV/EGOV/portal"))).hasValue(new Quota(1000, 2000));
        assertThat(t.quotaOf(SystemId.parse("KZ/GOV/CSC/psc"))).as("the default, burst one second's worth").hasValue(new Quota(50, 50));
    }

    @Test
    void anAsyncServiceTakesItsPolicyAndTheDefaultsForTheRest() throws Exception {
        RoutingTable t = loader.load(resource("good.yaml"));
        assertThat(t.find(ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1")).orElseThrow().delivery()).isEqualTo(Delivery.SYNC);
        Delivery fee = t.find(ServiceId.parse("KZ/GOV/MJ/gbd-fl/pay-fee/v1")).orElseThrow().delivery();
        assertThat(fee.async()).isTrue();
        assertThat(fee.ttl()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(fee.maxAttempts()).isEqualTo(3);
        assertThat(fee.backoff()).isEqualTo(new Delivery.Backoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(4)));
        assertThat(t.callbackOf(SystemId.parse("KZ/GOV/MJ/akimat"))).hasValue(java.net.URI.create("https://akimat.example.kz/govbus/answers"));
        assertThat(t.quotaOf(SystemId.parse("KZ/GOV/MJ/akimat"))).as("a callback alone: the default quota").hasValue(new Quota(50, 50));
        assertThat(t.callbackOf(SystemId.parse("KZ/GOV/EGOV/portal"))).isEmpty();
        assertThat(List.of(1, 2, 3, 4, 5).stream().map(fee.backoff()::after).toList()).as("doubling up to the max")
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4));
    }

    static Stream<Path> badTables() throws Exception {
        try (Stream<Path> files = Files.list(resource("bad"))) {
            return files.sorted().toList().stream();
        }
    }

    /** Each file under routing/bad/ says on its first line where and why it must be refused. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badTables")
    void aBadTableIsRefusedWithFileLineAndReason(Path file) throws IOException {
        Matcher m = EXPECT.matcher(Files.readAllLines(file).get(0));
        assertThat(m.matches()).as("first line of %s must be '# expect LINE: REASON'", file).isTrue();
        assertThatThrownBy(() -> loader.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.line()).isEqualTo(Integer.parseInt(m.group(1)));
            assertThat(e.reason()).contains(m.group(2));
            assertThat(e.getMessage()).startsWith(file + ":" + m.group(1) + ": ");
        });
    }
}
