package org.govbus.core.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.govbus.core.log.TestPostgres;
import org.govbus.core.pipeline.WireReply;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The mailbox's transitions on H2 and on a real PostgreSQL: each change happens once, and an ended request never changes. */
class JdbcMailboxTest {
    private static TestPostgres postgres;
    private static int h2Databases;

    static Stream<String> databases() { return Stream.of("h2", "postgresql"); }

    private static Mailbox open(String kind) {
        DataSource db;
        if (kind.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:mailbox" + (++h2Databases) + ";DB_CLOSE_DELAY=-1");
            db = h2;
        } else {
            if (postgres == null) postgres = TestPostgres.start();
            db = postgres.newDatabase().dataSource;
        }
        return JdbcMailbox.open(db);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static Letter letter(UUID id) {
        return Letter.accepted(id, "KZ/GOV/EGOV/portal", "KZ/GOV/MF/epay/pay-state-fee/v1", "json", T0, T0.plus(Duration.ofHours(1)));
    }

    private static final WireReply ANSWER = new WireReply(200, "application/json", Map.of("X-GovBus-Seal", "a.b.c"),
            "{\"paid\":true}".getBytes(StandardCharsets.UTF_8));

    @ParameterizedTest
    @MethodSource("databases")
    void aRequestIsTriedThenEndsOnceWithItsReplyKeptByteForByte(String kind) {
        Mailbox box = open(kind);
        UUID id = UUID.randomUUID();
        box.accept(letter(id));
        assertThat(box.find(id).orElseThrow().state()).isEqualTo(DeliveryState.ACCEPTED);
        assertThat(box.tried(id, 1, T0.plusSeconds(1))).isTrue();
        assertThat(box.tried(id, 2, T0.plusSeconds(2))).isTrue();
        assertThat(box.find(id).orElseThrow().attempts()).isEqualTo(2);
        assertThat(box.end(id, DeliveryState.ANSWERED, "ANSWERED", ANSWER, T0.plusSeconds(3))).isTrue();
        Letter ended = box.find(id).orElseThrow();
        assertThat(ended.state()).isEqualTo(DeliveryState.ANSWERED);
        assertThat(ended.reply().body()).isEqualTo(ANSWER.body());
        assertThat(ended.reply().headers()).isEqualTo(ANSWER.headers());
        assertThat(ended.reply().status()).isEqualTo(200);

        assertThat(box.end(id, DeliveryState.EXPIRED, "late", null, T0.plusSeconds(4))).as("an ended request never changes").isFalse();
        assertThat(box.tried(id, 3, T0.plusSeconds(4))).as("nor is it tried again").isFalse();
        assertThat(box.reopen(id, T0.plusSeconds(4))).as("only a dead letter reopens").isFalse();
        assertThat(box.find(id).orElseThrow().state()).isEqualTo(DeliveryState.ANSWERED);
        assertThatThrownBy(() -> box.accept(letter(id))).as("a messageId is accepted once").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.end(id, DeliveryState.DELIVERED, "x", null, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDeadLetterReopensClearedAndIsTriedAfresh(String kind) {
        Mailbox box = open(kind);
        UUID id = UUID.randomUUID();
        box.accept(letter(id));
        box.tried(id, 3, T0);
        WireReply fault = new WireReply(502, "application/problem+json", Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(box.end(id, DeliveryState.DEAD_LETTERED, "Server.ProviderUnavailable", fault, T0)).isTrue();
        assertThat(box.reopen(id, T0.plusSeconds(1))).isTrue();
        Letter reopened = box.find(id).orElseThrow();
        assertThat(reopened.state()).isEqualTo(DeliveryState.ACCEPTED);
        assertThat(reopened.attempts()).isZero();
        assertThat(reopened.reply()).isNull();
        assertThat(box.reopen(id, T0.plusSeconds(2))).as("once").isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void overdueFindsOpenRequestsPastTheirTtlAndPurgeRemovesOnlyEndedOnes(String kind) {
        Mailbox box = open(kind);
        UUID open = UUID.randomUUID();
        UUID fetched = UUID.randomUUID();
        UUID unfetched = UUID.randomUUID();
        UUID dead = UUID.randomUUID();
        for (UUID id : new UUID[] {open, fetched, unfetched, dead}) box.accept(letter(id));
        box.end(dead, DeliveryState.DEAD_LETTERED, "Server.ProviderUnavailable", ANSWER, T0.plusSeconds(1));
        box.fetched(dead, T0.plusSeconds(2));
        box.end(fetched, DeliveryState.ANSWERED, "ANSWERED", ANSWER, T0.plusSeconds(1));
        box.end(unfetched, DeliveryState.FAILED, "FAILED", ANSWER, T0.plusSeconds(1));
        box.fetched(fetched, T0.plusSeconds(2));
        box.fetched(fetched, T0.plusSeconds(9));
        assertThat(box.find(fetched).orElseThrow().fetchedAt()).as("the first fetch counts").isEqualTo(T0.plusSeconds(2));

        assertThat(box.overdue(T0.plus(Duration.ofMinutes(59)), 10)).isEmpty();
        assertThat(box.overdue(T0.plus(Duration.ofHours(2)), 10)).extracting(Letter::messageId).containsExactly(open);

        assertThat(box.purge(T0.plusSeconds(3), T0)).as("fetched before 3 s; none ended unfetched before T0").isEqualTo(1);
        assertThat(box.find(fetched)).isEmpty();
        assertThat(box.purge(T0.plusSeconds(3), T0.plusSeconds(5))).isEqualTo(1);
        assertThat(box.find(unfetched)).isEmpty();
        assertThat(box.find(open)).as("an open request is never purged").isPresent();
        assertThat(box.find(dead)).as("nor a dead letter, which may still be redriven").isPresent();
    }
}
