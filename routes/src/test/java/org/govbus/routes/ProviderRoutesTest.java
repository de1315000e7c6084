package org.govbus.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterContext;
import org.govbus.core.adapter.AdapterFactory;
import org.govbus.core.adapter.AdapterOption;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.pipeline.ProviderReply;
import org.govbus.core.pipeline.ProviderRequest;
import org.govbus.core.routing.ProviderRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider side: a request off the queue reaches the adapter within its deadline, and every outcome becomes a reply. */
class ProviderRoutesTest extends CamelTestSupport {
    @TempDir
    Path dir;
    final List<AdapterRequest> calls = new CopyOnWriteArrayList<>();
    volatile Function<AdapterRequest, byte[]> behaviour = r -> RouteFixture.ANSWER;

    @Override
    public boolean isUseAdviceWith() { return true; }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        AdapterFactory scripted = new AdapterFactory() {
            @Override
            public String name() { return "scripted"; }

            @Override
            public List<AdapterOption> options() { return List.of(); }

            @Override
            public Adapter create(AdapterContext context) {
                return request -> {
                    calls.add(request);
                    return behaviour.apply(request);
                };
            }
        };
        return new ProviderRoutes(new RouteFixture(dir, List.of(scripted)).bus, 1);
    }

    @BeforeEach
    void replaceTheQueue() throws Exception {
        AdviceWith.adviceWith(context, "provider " + RouteFixture.SERVICE.provider(), a -> a.replaceFromWith("direct:provider"));
        context.start();
    }

    ProviderReply call(long timeoutMillis, long deadlineInMillis) {
        ProviderRequest request = new ProviderRequest(UUID.randomUUID(), RouteFixture.SERVICE, RouteFixture.portal(), "operator-1",
                "test", "<p:personByIinRequest/>".getBytes(StandardCharsets.UTF_8), timeoutMillis, System.currentTimeMillis() + deadlineInMillis);
        Exchange done = template.send("direct:provider", e -> ProviderMessages.write(request, e.getMessage()));
        return ProviderMessages.readReply(done.getMessage());
    }

    @Test
    void theAdaptersAnswerGoesBackWithTimeToSpareForTheWayBack() {
        ProviderReply reply = call(5000, 5000);
        assertThat(reply.fault()).isNull();
        assertThat(reply.answer()).isEqualTo(RouteFixture.ANSWER);
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.timeout().toMillis()).isBetween(4000L, 4750L);
            assertThat(c.client()).isEqualTo(RouteFixture.portal());
        });
    }

    @Test
    void aRequestPastItsDeadlineIsNotSentToTheAgency() {
        ProviderReply reply = call(5000, -1);
        assertThat(reply.fault()).isEqualTo(FaultCode.PROVIDER_TIMEOUT);
        assertThat(calls).isEmpty();
    }

    @Test
    void anAgencysRefusalKeepsItsCode() {
        behaviour = r -> { throw new BusException(FaultCode.INVALID_MESSAGE, "the register says: bad IIN"); };
        ProviderReply reply = call(5000, 5000);
        assertThat(reply.fault()).isEqualTo(FaultCode.INVALID_MESSAGE);
        assertThat(reply.reason()).isEqualTo("the register says: bad IIN");
    }

    @Test
    void anAdapterBugIsAnInternalFaultWithoutItsDetails() {
        behaviour = r -> { throw new IllegalStateException("NullPointerException in line 42"); };
        ProviderReply reply = call(5000, 5000);
        assertThat(reply.fault()).isEqualTo(FaultCode.INTERNAL);
        assertThat(reply.reason()).doesNotContain("42");
    }
}
