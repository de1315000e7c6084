package org.govbus.app;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evicts connections that send a request too slowly to be honest: its request line and headers not complete within
 * the header timeout, or its body arriving slower than the minimum data rate. The idle timeout alone does not do it:
 * a byte a second is never idle. Jetty's own minimum data rate counts the time the handler takes, so it would cut
 * off a request waiting for a slow agency; this looks only at the request still arriving, as Jetty's parser sees it.
 */
final class SlowClients extends AbstractLifeCycle implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SlowClients.class);
    private static final long SWEEP_MILLIS = 250;

    private final ServerConnector connector;
    private final long headerTimeoutNanos;
    private final long minBytesPerSecond;
    private volatile Scheduler.Task next;

    SlowClients(ServerConnector connector, Duration headerTimeout, int minBytesPerSecond) {
        this.connector = connector;
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.minBytesPerSecond = minBytesPerSecond;
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) task.cancel();
    }

    private void schedule() {
        if (isRunning() || isStarting()) next = connector.getScheduler().schedule(this, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            long now = System.nanoTime();
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                if (endPoint.getConnection() instanceof HttpConnection http) {
                    String why = tooSlow(endPoint, http, now);
                    if (why != null) {
                        LOG.warn("closing a connection from {}: {}", endPoint.getRemoteSocketAddress(), why);
                        endPoint.close();
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("the slow-client sweep failed; it runs again", e);
        } finally {
            schedule();
        }
    }

    /** Why this connection is too slow, or null. Between requests the parser is at START, and the idle timeout rules. */
    private String tooSlow(EndPoint endPoint, HttpConnection http, long now) {
        HttpParser parser = http.getParser();
        HttpParser.State state = parser.getState();
        if (state == HttpParser.State.START) {
            // a new connection that has not begun a request (or only sends the blank lines the parser skips) is held to
            // the header timeout from when it was opened; between requests the idle timeout rules
            boolean silent = http.getMessagesIn() == 0
                    && System.currentTimeMillis() - endPoint.getCreatedTimeStamp() > TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos);
            return silent ? "it sent no request within the header timeout" : null;
        }
        if (state.ordinal() >= HttpParser.State.END.ordinal()) return null;
        long elapsed = now - parser.getBeginNanoTime();
        if (parser.inHeaderState()) {
            return elapsed > headerTimeoutNanos ? "its request headers took longer than the header timeout" : null;
        }
        // the body is read only as the handler asks for it: a request that waits for a thread under load must not look
        // slow, so the rate counts only after the header timeout, by when any honest request is being read
        if (parser.inContentState() && elapsed > headerTimeoutNanos) {
            long due = minBytesPerSecond * (elapsed - headerTimeoutNanos) / TimeUnit.SECONDS.toNanos(1);
            if (parser.getHeaderLength() + parser.getContentRead() < due) {
                return "its body arrives slower than " + minBytesPerSecond + " bytes a second";
            }
        }
        return null;
    }
}
