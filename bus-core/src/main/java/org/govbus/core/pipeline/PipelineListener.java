package org.govbus.core.pipeline;

import java.util.List;

/**
 * Watches requests go through the {@link Pipeline}: for metrics, operational monitoring and, later, audit hops.
 * Called on the request's own thread; a listener must be quick and must not throw.
 */
public interface PipelineListener {
    default void started(Transit transit) {}

    default void stageDone(Transit transit, Stage stage, long nanos) {}

    /** The request ended: answered or faulted, {@code nanos} after it started. */
    default void ended(Transit transit, Outcome outcome, long nanos) {}

    /** One listener that calls each of these in turn. */
    static PipelineListener all(List<PipelineListener> listeners) {
        List<PipelineListener> copy = List.copyOf(listeners);
        return new PipelineListener() {
            @Override
            public void started(Transit t) { copy.forEach(l -> l.started(t)); }

            @Override
            public void stageDone(Transit t, Stage stage, long nanos) { copy.forEach(l -> l.stageDone(t, stage, nanos)); }

            @Override
            public void ended(Transit t, Outcome outcome, long nanos) { copy.forEach(l -> l.ended(t, outcome, nanos)); }
        };
    }
}
