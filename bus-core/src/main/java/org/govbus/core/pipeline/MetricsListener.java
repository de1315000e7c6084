package org.govbus.core.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Operational metrics from the pipeline hook: requests by format, service, client and outcome code; time per
 * stage and per request as histograms. Identifiers of systems and services only: no personal data.
 */
public final class MetricsListener implements PipelineListener {
    private final MeterRegistry registry;

    public MetricsListener(MeterRegistry registry) { this.registry = registry; }

    @Override
    public void stageDone(Transit t, Stage stage, long nanos) {
        Timer.builder("govbus.stage").description("time in one pipeline stage").tag("format", t.codec().format())
                .tag("stage", stage.label()).publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void ended(Transit t, Outcome outcome, long nanos) {
        InboundRequest r = t.request();
        boolean known = r != null && r.signer() != null;
        Counter.builder("govbus.requests").description("requests ended, by outcome code")
                .tag("format", t.codec().format())
                .tag("service", known ? r.header().service().toString() : "unverified")
                .tag("client", known ? r.header().client().toString() : "unverified")
                .tag("outcome", outcome.code()).register(registry).increment();
        Timer.builder("govbus.request").description("time from arrival to the answer or fault").tag("format", t.codec().format())
                .tag("outcome", outcome.code()).publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
