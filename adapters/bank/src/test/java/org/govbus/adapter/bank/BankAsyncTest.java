package org.govbus.adapter.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.govbus.adapter.bank.simulator.BankSimulator;
import org.govbus.testkit.BusKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * benefit-payout/v1 routed asynchronously, as the demo routes it: a payout the bank has not decided is tried again
 * with the service's back-off (each later try asking the bank, never instructing again), and answered PENDING only
 * when its tries are spent.
 */
class BankAsyncTest {
    static final String PAYOUT = "benefit-payout/v1";
    @TempDir
    static Path dir;
    static BusKit bus;
    static BankSimulator bank;

    @BeforeAll
    static void start() throws Exception {
        bank = new BankSimulator();
        bus = BusKit.around(bank, dir, PAYOUT + " mode: async, ttl: 1m, maxAttempts: 2, backoff: {initial: 300ms, multiplier: 1, max: 300ms}");
    }

    @AfterAll
    static void stop() throws Exception { bus.close(); }

    @AfterEach
    void normal() { bank.normal(); }

    @Test
    void anUndecidedPayoutIsAskedAgainByTheNextTryAndAnsweredWithTheBanksDecision() throws Exception {
        String id = BankAdapterTest.endToEndId();
        // the review outlasts the first try (the bus's 3 s timeout) and ends within the second
        bank.review(Duration.ofMillis(3200));
        long received = bank.instructionsReceived();
        BusKit.Answer a = bus.jsonAsync(PAYOUT, BankAdapterTest.payoutJson(id, 1_500_000).replace(BankAdapterTest.ACCOUNT,
                BankSimulator.REVIEWED_ACCOUNT), Duration.ofSeconds(20));
        assertThat(a.payload()).as(String.valueOf(a.fault())).contains("\"status\":\"ACCEPTED\"", "\"isoStatus\":\"ACSC\"");
        assertThat(bus.states(a.messageId())).as("tried twice, then answered").containsSubsequence("DELIVERED", "DELIVERED", "DELIVERED", "ANSWERED");
        assertThat(bank.instructionsReceived() - received).as("the second try asked, it did not instruct").isEqualTo(1);
    }

    @Test
    void aPayoutStillUndecidedAfterItsLastTryIsAnsweredPending() throws Exception {
        String id = BankAdapterTest.endToEndId();
        bank.review(Duration.ofSeconds(60));
        long received = bank.instructionsReceived();
        BusKit.Answer a = bus.jsonAsync(PAYOUT, BankAdapterTest.payoutJson(id, 700_000).replace(BankAdapterTest.ACCOUNT,
                BankSimulator.REVIEWED_ACCOUNT), Duration.ofSeconds(20));
        assertThat(a.payload()).as(String.valueOf(a.fault())).contains("\"status\":\"PENDING\"", "\"isoStatus\":\"PDNG\"");
        assertThat(bank.instructionsReceived() - received).isEqualTo(1);
        assertThat(bank.status(id)).isEqualTo("PDNG");
    }
}
