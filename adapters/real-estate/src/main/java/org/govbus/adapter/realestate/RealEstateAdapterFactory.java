package org.govbus.adapter.realestate;

import java.util.List;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterContext;
import org.govbus.core.adapter.AdapterFactory;
import org.govbus.core.adapter.AdapterOption;

/** Routing tables name this adapter {@code real-estate}; it takes the JDBC options of the registry's database. */
public final class RealEstateAdapterFactory implements AdapterFactory {
    @Override
    public String name() { return "real-estate"; }

    @Override
    public List<AdapterOption> options() { return AdapterOption.JDBC; }

    @Override
    public Adapter create(AdapterContext context) { return new RealEstateAdapter(context.dataSource()); }
}
