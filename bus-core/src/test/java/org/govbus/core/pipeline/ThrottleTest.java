package org.govbus.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.govbus.core.error.FaultCode;
import org.govbus.core.error.ThrottledException;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.routing.ProviderRoute;
import org.govbus.core.routing.Quota;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.routing.ServiceRoute;
import org.junit.jupiter.api.Test;

class ThrottleTest {
    static final SystemId PORTAL = SystemId.parse("KZ/GOV/EGOV/portal");
    static final SystemId PSC = SystemId.parse("KZ/GOV/CSC/psc");
    static final SystemId AKIMAT = SystemId.parse("KZ/GOV/AKIMAT/almaty");
    static final ProviderRoute REGISTER = new ProviderRoute(SystemId.parse("KZ/GOV/MJ/gbd-fl"), "population-register",
            org.govbus.core.adapter.AdapterOptions.of(java.util.Map.of("endpoint", URI.create("http://127.0.0.1:1/x"))));
    static final ServiceRoute PERSON = new ServiceRoute(ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1"), REGISTER,
            Duration.ofSeconds(5), Set.of(PORTAL, PSC, AKIMAT), Map.of(PSC, new Quota(1, 2)));
    static final ServiceRoute PHOTO = new ServiceRoute(ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-photo/v2"), REGISTER,
            Duration.ofSeconds(5), Set.of(PORTAL, PSC, AKIMAT), Map.of());

    final Throttle throttle = new Throttle(new RoutingTable(Map.of(REGISTER.system(), REGISTER),
            Map.of(PERSON.service(), PERSON, PHOTO.service(), PHOTO), Map.of(PORTAL, new Quota(0.5, 3)), new Quota(1, 4)));

    @Test
    void aClientGetsItsBurstThenIsThrottledWithTheTimeToWait() {
        for (int i = 0; i < 3; i++) throttle.admit(PORTAL, PHOTO);
        assertThatThrownBy(() -> throttle.admit(PORTAL, PHOTO)).isInstanceOfSatisfying(ThrottledException.class, e -> {
            assertThat(e.code()).isEqualTo(FaultCode.THROTTLED);
            assertThat(e.retryAfterSeconds()).as("one token at half a request a second").isEqualTo(2);
            assertThat(e.reason()).isEqualTo("KZ/GOV/EGOV/portal is over its quota of 0.5 requests a second");
        });
    }

    @Test
    void aQuotaOnOneServiceLeavesTheClientsOtherServicesAlone() {
        throttle.admit(PSC, PERSON);
        throttle.admit(PSC, PERSON);
        assertThatThrownBy(() -> throttle.admit(PSC, PERSON)).isInstanceOf(ThrottledException.class)
                .hasMessage("KZ/GOV/CSC/psc is over its quota of 1 requests a second on KZ/GOV/MJ/gbd-fl/person-by-iin/v1");
        throttle.admit(PSC, PHOTO); // the default quota (burst 4) still has room: two were taken by PERSON
    }

    @Test
    void oneClientOverItsQuotaTakesNothingFromAnother() {
        for (int i = 0; i < 4; i++) throttle.admit(AKIMAT, PHOTO);
        assertThatThrownBy(() -> throttle.admit(AKIMAT, PHOTO)).isInstanceOf(ThrottledException.class);
        for (int i = 0; i < 3; i++) throttle.admit(PORTAL, PHOTO);
    }

    @Test
    void withoutAnyQuotaNothingIsThrottled() {
        Throttle none = new Throttle(new RoutingTable(Map.of(REGISTER.system(), REGISTER), Map.of(PHOTO.service(), PHOTO)));
        for (int i = 0; i < 10_000; i++) none.admit(PORTAL, PHOTO);
    }

    @Test
    void whileAClientIsOverItsQuotaItsRequestsAreRefusedBeforeTheSignatureAndAForgedNameTakesNothing() {
        throttle.refuseEarly(PORTAL, PHOTO.service()); // a client that has not asked yet: nothing to refuse
        for (int i = 0; i < 3; i++) {
            throttle.refuseEarly(PORTAL, PHOTO.service()); // a forged or honest name, before the signature: takes nothing
            throttle.admit(PORTAL, PHOTO);
        }
        assertThatThrownBy(() -> throttle.refuseEarly(PORTAL, PHOTO.service())).isInstanceOf(ThrottledException.class)
                .hasMessage("KZ/GOV/EGOV/portal is over its quota of 0.5 requests a second");
        throttle.refuseEarly(AKIMAT, PHOTO.service());
        throttle.admit(PSC, PERSON);
        throttle.admit(PSC, PERSON);
        assertThatThrownBy(() -> throttle.refuseEarly(PSC, PERSON.service())).isInstanceOf(ThrottledException.class)
                .hasMessageEndingWith("on KZ/GOV/MJ/gbd-fl/person-by-iin/v1");
        throttle.refuseEarly(PSC, PHOTO.service());
    }
}
