package org.govbus.app;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.govbus.core.log.MessageLog;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.security.AnswerSealer;

/** A node's metrics beyond the pipeline's own: the JVM, the two batchings, the provider queues. Served at /metrics. */
final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // holds JMX notification listeners: closed with the node
    private final JvmGcMetrics gc = new JvmGcMetrics();

    NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    PrometheusMeterRegistry registry() { return registry; }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /** The embedded database's compaction: how long its steps hold the store's lock, how many rewrote, how full the file is. */
    void observeCompaction(H2Compaction compaction) {
        Timer steps = Timer.builder("govbus.db.compaction.step").description("how long a compaction step of the embedded database held its store's lock")
                .publishPercentileHistogram().register(registry);
        FunctionCounter.builder("govbus.db.compaction.rewrites", compaction, H2Compaction::rewrites)
                .description("compaction steps that rewrote chunks").register(registry);
        Gauge.builder("govbus.db.chunks.fill", compaction, H2Compaction::chunksFillRate).description("live share of the embedded database's chunks, per cent")
                .register(registry);
        compaction.observe(nanos -> steps.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    /** Seal batch and log group-commit sizes and times: how well the two batchings work under the load of the moment. */
    void observeBatches(AnswerSealer sealer, MessageLog log) {
        DistributionSummary sealSizes = DistributionSummary.builder("govbus.seal.batch.size").description("answers sealed in one batch (one hash tree)")
                .publishPercentileHistogram().register(registry);
        Timer sealTimes = Timer.builder("govbus.seal.batch").description("time to sign one batch").publishPercentileHistogram().register(registry);
        sealer.batches().observe((size, nanos) -> {
            sealSizes.record(size);
            sealTimes.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        });
        DistributionSummary logSizes = DistributionSummary.builder("govbus.log.commit.size").description("message-log entries per commit")
                .publishPercentileHistogram().register(registry);
        Timer logTimes = Timer.builder("govbus.log.commit").description("time of one message-log group commit").publishPercentileHistogram().register(registry);
        log.observeCommits((size, nanos) -> {
            logSizes.record(size);
            logTimes.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        });
        // against the database's size on disk: what keeping the log costs per byte logged
        FunctionCounter.builder("govbus.log.payload.bytes", log, MessageLog::payloadBytes).description("payload bytes logged since the node started")
                .register(registry);
        FunctionCounter.builder("govbus.log.requests", log, MessageLog::requests).description("client requests logged since the node started")
                .register(registry);
    }

    /** Requests waiting on each provider's queue (embedded broker; a remote broker has its own console). */
    void observeQueues(RoutingTable routing, EmbeddedBroker broker) {
        for (var provider : routing.providers()) {
            String queue = provider.system().queueName();
            Gauge.builder("govbus.provider.queue.depth", () -> broker.depth(queue)).description("requests waiting for the provider")
                    .tag("provider", provider.system().toString()).register(registry);
        }
    }
}
