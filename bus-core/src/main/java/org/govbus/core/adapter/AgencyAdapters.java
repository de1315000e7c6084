package org.govbus.core.adapter;

import org.govbus.core.routing.ProviderRoute;

/** Opens the adapter of each providing system, with the context its options call for; closing is the opener's job. */
@FunctionalInterface
public interface AgencyAdapters {
    Adapter open(ProviderRoute provider);
}
