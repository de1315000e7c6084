package org.govbus.core.pipeline;

/** The steps of a request through the pipeline, in order; {@link #PROVIDER} is the time on the queue and at the agency. */
public enum Stage {
    READ, VERIFY, AUTHORIZE, LOG_REQUEST, PROVIDER, ANSWER, LOG_ANSWER, FAULT;

    /** The lower-case name used in metrics. */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
