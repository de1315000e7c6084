package org.govbus.adapter.populationregister;

import java.util.List;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterContext;
import org.govbus.core.adapter.AdapterFactory;
import org.govbus.core.adapter.AdapterOption;

/** Routing tables name this adapter {@code population-register}; it takes the HTTP options. */
public final class PopulationRegisterAdapterFactory implements AdapterFactory {
    @Override
    public String name() { return "population-register"; }

    @Override
    public List<AdapterOption> options() { return AdapterOption.HTTP; }

    @Override
    public Adapter create(AdapterContext context) { return new PopulationRegisterAdapter(context.http()); }
}
