package org.govbus.adapter.legalentities;

import java.util.List;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterContext;
import org.govbus.core.adapter.AdapterFactory;
import org.govbus.core.adapter.AdapterOption;

/** Routing tables name this adapter {@code legal-entities}; it takes the HTTP options. */
public final class LegalEntitiesAdapterFactory implements AdapterFactory {
    @Override
    public String name() { return "legal-entities"; }

    @Override
    public List<AdapterOption> options() { return AdapterOption.HTTP; }

    @Override
    public Adapter create(AdapterContext context) { return new LegalEntitiesAdapter(context.http()); }
}
