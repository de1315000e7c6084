package org.govbus.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A listener watches; it never fails the request, nor keeps the listeners after it from hearing of it. */
class PipelineListenerTest {
    @Test
    void aFailingListenerNeitherThrowsNorSilencesTheOthers() {
        AtomicInteger heard = new AtomicInteger();
        PipelineListener failing = new PipelineListener() {
            @Override
            public void started(Transit t) { throw new IllegalStateException("broken"); }

            @Override
            public void stageDone(Transit t, Stage stage, long nanos) { throw new IllegalStateException("broken"); }

            @Override
            public void ended(Transit t, Outcome outcome, long nanos) { throw new IllegalStateException("broken"); }
        };
        PipelineListener counting = new PipelineListener() {
            @Override
            public void started(Transit t) { heard.incrementAndGet(); }

            @Override
            public void stageDone(Transit t, Stage stage, long nanos) { heard.incrementAndGet(); }

            @Override
            public void ended(Transit t, Outcome outcome, long nanos) { heard.incrementAndGet(); }
        };
        PipelineListener both = PipelineListener.all(List.of(failing, counting));
        Transit t = new Transit(null);
        both.started(t);
        both.stageDone(t, Stage.READ, 1);
        both.ended(t, Outcome.ANSWERED, 1);
        assertThat(heard.get()).isEqualTo(3);
    }
}
