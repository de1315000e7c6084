package org.govbus.core.routing;

/**
 * A client system's request quota, a token bucket: {@code perSecond} requests a second on average, up to {@code burst}
 * at once. In the routing table: {@code {rate: 200, burst: 400}} (burst defaults to one second's worth).
 */
public record Quota(double perSecond, int burst) {
    public Quota {
        if (!(perSecond > 0) || burst < 1) throw new IllegalArgumentException("a quota needs a rate above 0 and a burst of at least 1");
    }
}
