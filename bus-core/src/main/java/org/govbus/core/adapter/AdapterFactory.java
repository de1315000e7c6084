package org.govbus.core.adapter;

import java.util.List;

/**
 * The one SPI an integrator implements to connect an agency: a name that routing tables refer to, the options a
 * provider entry gives it, and a way to make an adapter for one providing system from its {@link AdapterContext}.
 * Found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.govbus.core.adapter.AdapterFactory}.
 */
public interface AdapterFactory {
    String name();

    /** The options a provider's {@code options:} block may hold; usually {@link AdapterOption#HTTP} or {@link AdapterOption#JDBC}. */
    List<AdapterOption> options();

    Adapter create(AdapterContext context);
}
