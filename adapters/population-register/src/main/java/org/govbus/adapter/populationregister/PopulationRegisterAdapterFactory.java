package org.govbus.adapter.populationregister;

import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterFactory;
import org.govbus.core.routing.ProviderRoute;

/** Routing tables name this adapter {@code population-register}. */
public final class PopulationRegisterAdapterFactory implements AdapterFactory {
    @Override
    public String name() { return "population-register"; }

    @Override
    public Adapter create(ProviderRoute provider) { return new PopulationRegisterAdapter(provider.endpoint()); }
}
