package org.govbus.core.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Operational metrics from the pipeline hook: requests by format, service, client and outcome code; time per
 * stage and per request as histograms. Identifiers of systems and services only, and only those the routing table
 * and the trust store vouch for: no personal data, and no label a client can invent. Meters are looked up once per
 * combination, not built per request.
 */
public final class MetricsListener implements PipelineListener {
    private record RequestKey(String format, String service, String client, String outcome) {}

    private record TimerKey(String format, String name, String value) {}

    private final MeterRegistry registry;
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public MetricsListener(MeterRegistry registry) { this.registry = registry; }

    @Override
    public void stageDone(Transit t, Stage stage, long nanos) {
        timers.computeIfAbsent(new TimerKey(t.codec().format(), "stage", stage.label()), k -> Timer.builder("govbus.stage")
                        .description("time in one pipeline stage").tag("format", k.format()).tag("stage", k.value())
                        .publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void ended(Transit t, Outcome outcome, long nanos) {
        InboundRequest r = t.request();
        boolean verified = r != null && r.signer() != null;
        RequestKey key = new RequestKey(t.codec().format(), t.route() != null ? t.route().service().toString() : "unrouted",
                verified ? r.header().client().toString() : "unverified", outcome.code());
        requests.computeIfAbsent(key, k -> Counter.builder("govbus.requests").description("requests ended, by outcome code")
                .tag("format", k.format()).tag("service", k.service()).tag("client", k.client()).tag("outcome", k.outcome())
                .register(registry)).increment();
        timers.computeIfAbsent(new TimerKey(t.codec().format(), "outcome", outcome.code()), k -> Timer.builder("govbus.request")
                        .description("time from arrival to the answer or fault").tag("format", k.format()).tag("outcome", k.value())
                        .publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
