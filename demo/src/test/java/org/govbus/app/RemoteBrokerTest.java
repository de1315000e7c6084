package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import java.util.Set;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.govbus.core.id.ServiceId;
import org.govbus.core.pki.DemoPki;
import org.govbus.fixtures.SigningClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code broker.url: tcp://...} the node starts no broker of its own and uses the remote one, logging in
 * with the configured credentials (the remote broker here refuses anonymous connections).
 */
class RemoteBrokerTest {
    @TempDir
    Path dir;

    @Test
    void requestsTravelOverARemoteArtemis() throws Exception {
        int port = BusHarness.freePort();
        EmbeddedActiveMQ remote = new EmbeddedActiveMQ();
        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser("govbus", "s3cret");
        users.addRole("govbus", "bus");
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("remote").setPersistenceEnabled(false).setSecurityEnabled(true).setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        config.putSecurityRoles("#", Set.of(new Role("bus", true, true, true, true, true, true, true, true, true, true, false, false)));
        // what the bus sends to a provider's queue, as the broker receives it: durable or not
        java.util.List<Boolean> providerRequestsDurable = new java.util.concurrent.CopyOnWriteArrayList<>();
        config.registerBrokerPlugin(new org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin() {
            @Override
            public void beforeSend(org.apache.activemq.artemis.core.server.ServerSession session,
                                   org.apache.activemq.artemis.core.transaction.Transaction tx,
                                   org.apache.activemq.artemis.api.core.Message message, boolean direct, boolean noAutoCreateQueue) {
                if (String.valueOf(message.getAddress()).startsWith("govbus.provider.")) providerRequestsDurable.add(message.isDurable());
            }
        });
        remote.setConfiguration(config);
        remote.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        remote.start();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory("tcp://127.0.0.1:" + port).createConnection().close())
                .as("the remote broker refuses anonymous connections").isInstanceOf(jakarta.jms.JMSSecurityException.class);
        try (BusHarness bus = BusHarness.start(dir, "url: \"tcp://127.0.0.1:" + port + "\", user: govbus, password: s3cret")) {
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
            assertThat(providerRequestsDurable).as("synchronous requests are not persisted by the broker: the message log holds them,"
                    + " and only the client waiting on the node can use their answers").hasSizeGreaterThanOrEqualTo(2).containsOnly(false);
        } finally {
            remote.stop();
        }
    }
}
