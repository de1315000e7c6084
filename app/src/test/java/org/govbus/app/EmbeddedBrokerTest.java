package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.Random;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The node's in-VM connections to its embedded broker: how a big answer travels. */
class EmbeddedBrokerTest {
    @TempDir
    Path dir;

    /**
     * A 1 MB answer is one buffer in memory, not a "large message" in a file read back byte by byte, persistent or not;
     * past the threshold a message is still delivered whole, as a large one; and a persistent message bigger than the
     * journal's default buffer (490 KiB), which the broker would have made a large message itself, stays one buffer too.
     */
    @ParameterizedTest(name = "{0} bytes, persistent {1}: large message {2}")
    @CsvSource({"1048576, false, false", "1048576, true, false", "4194305, false, true", "600000, true, false"})
    void aMessageTravelsWholeAndIsALargeMessageOnlyAboveTheThreshold(int size, boolean persistent, boolean large) throws Exception {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir);
             ActiveMQConnectionFactory factory = broker.connections();
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue("govbus.test.big");
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            BytesMessage out = session.createBytesMessage();
            out.writeBytes(body);
            producer.send(out);

            MessageConsumer consumer = session.createConsumer(queue);
            BytesMessage in = (BytesMessage) consumer.receive(10_000);
            assertThat(in).as("the message arrives").isNotNull();
            assertThat(((ActiveMQMessage) in).getCoreMessage().isLargeMessage()).isEqualTo(large);
            assertThat(in.getBody(byte[].class)).isEqualTo(body);
        }
    }
}
