package org.govbus.core.adapter;

import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.govbus.core.id.SystemId;

/**
 * What the bus gives an adapter for one providing system: its checked options and the kept, configured
 * connections to the agency, so no adapter writes its own plumbing. The bus closes them when the node stops.
 */
public interface AdapterContext {
    SystemId provider();

    AdapterOptions options();

    /** The agency's HTTP endpoint with its headers and TLS, over one pooled client; needs {@link AdapterOption#HTTP}. */
    AgencyHttp http();

    /** A pool of connections to the agency's database; needs {@link AdapterOption#JDBC}. */
    DataSource dataSource();

    /** The value behind a {@link AdapterOption.Kind#SECRET} option, resolved from the environment or the bus keystore. */
    String secret(String option);

    /** Where the agency's later messages for this provider arrive, for the adapter call that waits for one. */
    AgencyCallbacks callbacks();

    /** The URL at which this bus takes the agency's later messages: the agency is told it with each call that needs it. */
    java.net.URI callbackUrl();

    /** The node's registry, for an adapter's own meters; calls, outcomes and times per provider are measured already. */
    MeterRegistry metrics();
}
