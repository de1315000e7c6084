package org.govbus.adapter.realestate;

import org.govbus.adapter.realestate.simulator.RealEstateSimulator;
import org.govbus.fixtures.AgencySimulator;

/** The registry contract against the registry's simulator, as the demo runs it: H2 served over TCP. */
class RealEstateAdapterTest extends RegistryContract {
    @Override
    AgencySimulator registry() { return new RealEstateSimulator(); }
}
