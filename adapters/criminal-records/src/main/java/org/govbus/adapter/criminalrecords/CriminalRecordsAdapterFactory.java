package org.govbus.adapter.criminalrecords;

import java.util.List;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterContext;
import org.govbus.core.adapter.AdapterFactory;
import org.govbus.core.adapter.AdapterOption;

/** Routing tables name this adapter {@code criminal-records}; it takes the HTTP options. */
public final class CriminalRecordsAdapterFactory implements AdapterFactory {
    @Override
    public String name() { return "criminal-records"; }

    @Override
    public List<AdapterOption> options() { return AdapterOption.HTTP; }

    @Override
    public Adapter create(AdapterContext context) { return new CriminalRecordsAdapter(context.http()); }
}
