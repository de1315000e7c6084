package org.govbus.core.pipeline;

import java.util.List;

/**
 * Watches requests go through the {@link Pipeline}: for metrics, operational monitoring and, later, audit hops.
 * Called on whichever thread runs the step (the HTTP thread up to the queue, then the reply or timeout thread); a
 * listener must be quick. One that throws is logged and otherwise ignored: it never fails the request.
 */
public interface PipelineListener {
    default void started(Transit transit) {}

    default void stageDone(Transit transit, Stage stage, long nanos) {}

    /** The request ended: answered or faulted, {@code nanos} after it started. */
    default void ended(Transit transit, Outcome outcome, long nanos) {}

    /** One listener that calls each of these in turn, each on its own: one that throws does not stop the others. */
    static PipelineListener all(List<PipelineListener> listeners) {
        List<PipelineListener> copy = List.copyOf(listeners);
        return new PipelineListener() {
            @Override
            public void started(Transit t) { copy.forEach(l -> safely(l, () -> l.started(t))); }

            @Override
            public void stageDone(Transit t, Stage stage, long nanos) { copy.forEach(l -> safely(l, () -> l.stageDone(t, stage, nanos))); }

            @Override
            public void ended(Transit t, Outcome outcome, long nanos) { copy.forEach(l -> safely(l, () -> l.ended(t, outcome, nanos))); }
        };
    }

    private static void safely(PipelineListener listener, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(PipelineListener.class).warn("pipeline listener {} failed", listener.getClass().getName(), e);
        }
    }
}
