package org.govbus.core.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.govbus.core.log.TestPostgres;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The record of keyed calls on H2 and on a real PostgreSQL: one holder at a time, one ending, the same outcome after. */
class KeyedCallsTest {
    private static final String FEE = "KZ/GOV/NIT/paygate/pay-state-fee/v1";
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Duration LEASE = Duration.ofSeconds(10);
    /** a lease that runs out within the test */
    private static final Duration BRIEF = Duration.ofSeconds(1);
    private static final byte[] ANSWER = "<paymentResponse/>".getBytes(StandardCharsets.UTF_8);
    private static TestPostgres postgres;
    private static int h2Databases;

    static Stream<String> databases() { return Stream.of("h2", "postgresql"); }

    private static KeyedCalls open(String kind) {
        DataSource db;
        if (kind.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:keyed" + (++h2Databases) + ";DB_CLOSE_DELAY=-1");
            db = h2;
        } else {
            if (postgres == null) postgres = TestPostgres.start();
            db = postgres.newDatabase().dataSource;
        }
        return KeyedCalls.open(db);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theFirstHoldsTheKeyOthersWaitAndAllGetItsAnswer(String kind) {
        KeyedCalls calls = open(kind);
        UUID first = UUID.randomUUID();
        KeyedCalls.Claim claim = calls.claim(FEE, "PAY-0001", "d1", first, LEASE);
        assertThat(claim).isInstanceOf(KeyedCalls.Claim.Fresh.class);
        UUID owner = ((KeyedCalls.Claim.Fresh) claim).owner();
        assertThat(calls.claim(FEE, "PAY-0001", "d1", UUID.randomUUID(), LEASE)).isInstanceOf(KeyedCalls.Claim.Busy.class);
        assertThat(calls.end(FEE, "PAY-0001", UUID.randomUUID(), ANSWER, null, null, T0)).as("not the holder").isFalse();
        assertThat(calls.end(FEE, "PAY-0001", owner, ANSWER, null, null, T0.plusSeconds(1))).isTrue();
        assertThat(calls.end(FEE, "PAY-0001", owner, "<other/>".getBytes(StandardCharsets.UTF_8), null, null, T0)).as("ends once").isFalse();
        KeyedCalls.Claim later = calls.claim(FEE, "PAY-0001", "d1", UUID.randomUUID(), LEASE);
        assertThat(later).isInstanceOf(KeyedCalls.Claim.Ended.class);
        KeyedCalls.Call call = ((KeyedCalls.Claim.Ended) later).call();
        assertThat(call.answer()).isEqualTo(ANSWER);
        assertThat(call.firstMessage()).isEqualTo(first);
        assertThat(call.tries()).isEqualTo(1);
        assertThat(calls.ended(List.of(FEE), T0, T0.plusSeconds(5))).extracting(KeyedCalls.Call::key).containsExactly("PAY-0001");
        assertThat(calls.ended(List.of("KZ/GOV/NIT/paygate/pay-fine/v1"), T0, T0.plusSeconds(5))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void otherContentUnderAUsedKeyIsAConflictOpenOrEnded(String kind) {
        KeyedCalls calls = open(kind);
        calls.claim(FEE, "PAY-0002", "d1", UUID.randomUUID(), LEASE);
        assertThat(calls.claim(FEE, "PAY-0002", "d2", UUID.randomUUID(), LEASE)).isInstanceOf(KeyedCalls.Claim.Conflict.class);
        assertThat(calls.claim("KZ/GOV/NIT/paygate/pay-fine/v1", "PAY-0002", "d2", UUID.randomUUID(), LEASE))
                .as("keys are per service").isInstanceOf(KeyedCalls.Claim.Fresh.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aReleasedKeyOrADeadHoldersIsResumedByTheNextTry(String kind) throws Exception {
        KeyedCalls calls = open(kind);
        UUID owner = ((KeyedCalls.Claim.Fresh) calls.claim(FEE, "PAY-0003", "d1", UUID.randomUUID(), LEASE)).owner();
        calls.release(FEE, "PAY-0003", owner);
        KeyedCalls.Claim second = calls.claim(FEE, "PAY-0003", "d1", UUID.randomUUID(), BRIEF);
        assertThat(second).isInstanceOf(KeyedCalls.Claim.Resumed.class);
        // its holder dies: nobody releases; once the lease ran out (by the database's clock) the next try takes over
        assertThat(calls.claim(FEE, "PAY-0003", "d1", UUID.randomUUID(), LEASE)).isInstanceOf(KeyedCalls.Claim.Busy.class);
        Thread.sleep(BRIEF.toMillis() + 300);
        KeyedCalls.Claim third = calls.claim(FEE, "PAY-0003", "d1", UUID.randomUUID(), LEASE);
        assertThat(third).isInstanceOf(KeyedCalls.Claim.Resumed.class);
        assertThat(((KeyedCalls.Claim.Resumed) third).tries()).isEqualTo(2);
        assertThat(calls.end(FEE, "PAY-0003", ((KeyedCalls.Claim.Resumed) second).owner(), ANSWER, null, null, T0))
                .as("the dead holder's late ending loses").isFalse();
        assertThat(calls.end(FEE, "PAY-0003", ((KeyedCalls.Claim.Resumed) third).owner(), null, "Client.InvalidMessage", "bad KBK", T0)).isTrue();
        KeyedCalls.Call ended = calls.find(FEE, "PAY-0003").orElseThrow();
        assertThat(ended.faultCode()).isEqualTo("Client.InvalidMessage");
        assertThat(ended.tries()).isEqualTo(3);
        assertThat(calls.open(List.of(FEE))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aForgottenKeyIsFreshForOtherContentAndALiveHoldIsNotTakenOver(String kind) throws Exception {
        KeyedCalls calls = open(kind);
        UUID owner = ((KeyedCalls.Claim.Fresh) calls.claim(FEE, "PAY-0005", "d1", UUID.randomUUID(), LEASE)).owner();
        calls.forget(FEE, "PAY-0005", UUID.randomUUID());
        assertThat(calls.find(FEE, "PAY-0005")).as("only its holder forgets a key").isPresent();
        calls.forget(FEE, "PAY-0005", owner);
        assertThat(calls.claim(FEE, "PAY-0005", "d2", UUID.randomUUID(), BRIEF)).isInstanceOf(KeyedCalls.Claim.Fresh.class);
        assertThat(calls.claim(FEE, "PAY-0005", "d2", UUID.randomUUID(), LEASE)).isInstanceOf(KeyedCalls.Claim.Busy.class);
        Thread.sleep(BRIEF.toMillis() + 300);
        assertThat(calls.claim(FEE, "PAY-0005", "d2", UUID.randomUUID(), LEASE)).isInstanceOf(KeyedCalls.Claim.Resumed.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void ofManyAtOnceExactlyOneHoldsTheKey(String kind) throws Exception {
        KeyedCalls calls = open(kind);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<KeyedCalls.Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 64; i++) claims.add(pool.submit(() -> calls.claim(FEE, "PAY-0004", "d1", UUID.randomUUID(), LEASE)));
            long holders = 0;
            Set<Class<?>> kinds = new java.util.HashSet<>();
            for (Future<KeyedCalls.Claim> f : claims) {
                KeyedCalls.Claim c = f.get();
                kinds.add(c.getClass());
                if (c instanceof KeyedCalls.Claim.Fresh) holders++;
            }
            assertThat(holders).isEqualTo(1);
            assertThat(kinds).containsExactlyInAnyOrder(KeyedCalls.Claim.Fresh.class, KeyedCalls.Claim.Busy.class);
        } finally {
            pool.shutdownNow();
        }
    }
}
