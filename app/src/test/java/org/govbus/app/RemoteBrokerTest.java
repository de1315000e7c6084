package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.govbus.core.id.ServiceId;
import org.govbus.core.pki.DemoPki;
import org.govbus.fixtures.SigningClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code broker.url: tcp://...} the node starts no broker of its own and uses the remote one. */
class RemoteBrokerTest {
    @TempDir
    Path dir;

    @Test
    void requestsTravelOverARemoteArtemis() throws Exception {
        int port = BusHarness.freePort();
        EmbeddedActiveMQ remote = new EmbeddedActiveMQ();
        remote.setConfiguration(new ConfigurationImpl().setName("remote").setPersistenceEnabled(false)
                .setSecurityEnabled(false).setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port));
        remote.start();
        try (BusHarness bus = BusHarness.start(dir, "tcp://127.0.0.1:" + port)) {
            SigningClient portal = bus.client("portal", DemoPki.PORTAL, Clock.systemUTC());
            SigningClient.SignedRequest request = portal.request(ServiceId.parse(BusHarness.SERVICE),
                    EndToEndTest.personRequest("020520500043"));
            HttpResponse<byte[]> response = bus.post(request.bytes());
            assertThat(response.statusCode()).isEqualTo(200);
            bus.answerVerifier().verify(response.body(), request.bytes(), request.fields());
            assertThat(dir.resolve("data/broker")).doesNotExist();
            var providerQueue = remote.getActiveMQServer().locateQueue(
                    org.apache.activemq.artemis.api.core.SimpleString.of("govbus.provider.KZ.GOV.MJ.gbd-fl"));
            assertThat(providerQueue).as("the provider queue lives on the remote broker").isNotNull();
            assertThat(providerQueue.getMessagesAdded()).as("the harness's warm-up request and this one").isEqualTo(2);
            assertThat(providerQueue.getMessageCount()).isZero();
        } finally {
            remote.stop();
        }
    }
}
