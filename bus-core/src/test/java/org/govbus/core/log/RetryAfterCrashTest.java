package org.govbus.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one retry of a request whose node died before answering it, on H2 and on a real PostgreSQL: the same bytes,
 * never ended, no longer in flight, taken once as RETRIED_REQUEST; everything else still Client.Replay.
 */
class RetryAfterCrashTest {
    private static final String NODE = "node-1";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static TestPostgres postgres;
    private LogFixture f;

    static Stream<String> databases() { return Stream.of("h2", "postgresql"); }

    private LogFixture open(String kind) {
        if (kind.equals("h2")) return f = LogFixture.h2();
        if (postgres == null) postgres = TestPostgres.start();
        TestPostgres.Database db = postgres.newDatabase();
        return f = LogFixture.open(db.dataSource, db::drop);
    }

    @AfterEach
    void close() { if (f != null) f.close(); }

    @AfterAll
    static void stop() { if (postgres != null) postgres.close(); }

    /** The node that logged {@code r} died: a new log over the same database, as a restarted node opens it. */
    private MessageLog restarted() { return new MessageLog(JdbcLogStore.open(f.dataSource, () -> { }), NODE); }

    @ParameterizedTest
    @MethodSource("databases")
    void theSameBytesAfterARestartAreTakenOnceAsARetry(String kind) {
        MessageLog died = open(kind).messageLog(NODE);
        LogRecord request = LogFixture.request("900101300017");
        died.appendRequest(request, TIMEOUT);

        MessageLog node = restarted();
        LogEntry retried = node.appendRequest(request, TIMEOUT);
        assertThat(retried.hop()).isEqualTo(Hop.RETRIED_REQUEST);
        assertThat(retried.payload()).isEqualTo(request.payload());
        assertThatThrownBy(() -> node.appendRequest(request, TIMEOUT)).as("only once")
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.REPLAY));
        assertThatThrownBy(() -> restarted().appendRequest(request, TIMEOUT)).as("only once, whichever node or run")
                .isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.REPLAY));
        assertThat(f.verify(NODE).finding()).as("the chain holds the retry like any entry").isNull();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anAnsweredRequestAnotherRequestUnderItsIdOrOneStillInFlightStaysAReplay(String kind) {
        MessageLog log = open(kind).messageLog(NODE);
        LogRecord answered = LogFixture.request("900101300017");
        log.appendRequest(answered, TIMEOUT);
        log.appendAll(List.of(LogFixture.next(answered, Hop.CLIENT_ANSWER)));
        LogRecord stillInFlight = LogFixture.request("851231400256");
        log.appendRequest(stillInFlight, TIMEOUT);
        LogRecord original = LogFixture.request("010203500348");
        log.appendRequest(original, TIMEOUT);

        assertReplay(() -> log.appendRequest(stillInFlight, TIMEOUT), "same node, same run, within its timeout: it may still be answered");
        MessageLog node = restarted();
        assertReplay(() -> node.appendRequest(answered, TIMEOUT), "it was answered");
        LogRecord other = new LogRecord(original.messageId(), Hop.CLIENT_REQUEST, original.service(), original.client(), original.userId(),
                original.purpose(), original.subject(), original.routingVersion(), original.signer(), original.signerCertificate(),
                "<another request under the same messageId/>".getBytes(StandardCharsets.UTF_8));
        assertReplay(() -> node.appendRequest(other, TIMEOUT), "not the same bytes");
        assertReplay(() -> node.append(original), "not offered as a client request that may be retried");
        assertThat(node.appendRequest(original, TIMEOUT).hop()).isEqualTo(Hop.RETRIED_REQUEST);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void onAnotherNodeARequestIsNoLongerInFlightOnceItsTimeoutHasPassed(String kind) throws Exception {
        MessageLog died = open(kind).messageLog("node-2");
        LogRecord request = LogFixture.request("770707300419");
        died.appendRequest(request, Duration.ofMillis(300));
        MessageLog other = f.messageLog(NODE);
        assertReplay(() -> other.appendRequest(request, Duration.ofMillis(300)), "node-2 may still answer it");
        Thread.sleep(400);
        assertThat(other.appendRequest(request, Duration.ofMillis(300)).hop()).isEqualTo(Hop.RETRIED_REQUEST);
    }

    private static void assertReplay(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String why) {
        assertThatThrownBy(call).as(why).isInstanceOfSatisfying(BusException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.REPLAY));
    }

}
