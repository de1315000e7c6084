package org.govbus.adapter.realestate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.govbus.adapter.realestate.simulator.RealEstateSimulator;
import org.govbus.fixtures.AgencySimulator;
import org.govbus.testkit.BusKit;
import org.junit.jupiter.api.Test;

/** The registry contract against the registry's simulator, as the demo runs it: H2 served over TCP. */
class RealEstateAdapterTest extends RegistryContract {
    private static final String MANY_FLATS = "700101300015";

    @Override
    AgencySimulator registry() { return new RealEstateSimulator(); }

    /** The bench's payload-size curve rests on this: the certificate holds every seeded flat, and grows with them. */
    @Test
    void aPersonHoldingHundredsOfFlatsGetsThemAllInOneCertificate() {
        ((RealEstateSimulator) bus.agency()).holdings(MANY_FLATS, "Ибраев Арман Серикович", 300);
        BusKit.Answer soap = bus.soap(HOLDINGS, holdingsXml(MANY_FLATS));
        assertThat(soap.fault()).isNull();
        assertThat(Pattern.compile("<[a-z0-9]+:object>").matcher(soap.payload()).results().count()).isEqualTo(300);
        assertThat(soap.payload()).contains(">21:320:061:", "/300<", "кв. 300<").hasSizeGreaterThan(300 * 300);
        String json = bus.json(HOLDINGS, holdingsJson(MANY_FLATS)).payload();
        assertThat(json.split("\"cadastralNumber\"", -1)).hasSize(301);
    }
}
