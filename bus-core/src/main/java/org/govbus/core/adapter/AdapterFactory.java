package org.govbus.core.adapter;

import org.govbus.core.routing.ProviderRoute;

/**
 * The one SPI an integrator implements to connect an agency: a name that routing tables refer to, and a
 * way to make an adapter for one providing system. Found with {@link java.util.ServiceLoader}: list the
 * class in {@code META-INF/services/org.govbus.core.adapter.AdapterFactory}.
 */
public interface AdapterFactory {
    String name();

    Adapter create(ProviderRoute provider);
}
