package org.govbus.app;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Artemis inside the bus process, with a persistent journal under the data directory, reached in-VM by the node and
 * over the loopback address by the operator's commands ({@link OperatorAccess}).
 * A request accepted is on disk before the client hears anything back.
 */
final class EmbeddedBroker implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();
    /**
     * In-VM the bytes never leave the process, yet above Artemis's default of 100 KiB a message went as a "large
     * message": written to a file by the broker, read back in chunks, and copied into the consumer's body one byte at a
     * time (its stream writes nothing but single bytes: a third of the bus's CPU with 1 MB answers). Up to this size a
     * message is one buffer: the journal's write buffer (the largest record the broker keeps whole, 490 KiB by default)
     * is made to hold it and its headers. The broker turns anything larger into a large message itself.
     */
    static final int MIN_LARGE_MESSAGE_BYTES = 4 * 1024 * 1024;
    private static final int JOURNAL_BUFFER_BYTES = MIN_LARGE_MESSAGE_BYTES + 1024 * 1024;

    private final EmbeddedActiveMQ server;
    private final String url;

    private EmbeddedBroker(EmbeddedActiveMQ server, String url) {
        this.server = server;
        this.url = url;
    }

    static EmbeddedBroker start(Path dir) throws Exception {
        int id = IDS.getAndIncrement();
        String url = "vm://" + id;
        OperatorAccess operators = OperatorAccess.create(dir);
        Configuration config = new ConfigurationImpl()
                .setName("govbus")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(true)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setJournalBufferSize_NIO(JOURNAL_BUFFER_BYTES)
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .addAcceptorConfiguration("in-vm", url)
                // govbus dlq, beside the running node: loopback only, the operator's password only (OperatorAccess)
                .addAcceptorConfiguration("operator", "tcp://127.0.0.1:" + operators.port + "?protocols=CORE");
        // requests the provider never took end up on DLQ after a few tries rather than cycling forever
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ"))
                .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of("ExpiryQueue"))
                .setMaxDeliveryAttempts(5)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));
        // a request past its deadline is of use to nobody and holds personal data: drop it, do not park it
        config.addAddressSetting("govbus.provider.#", new AddressSettings()
                .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("DLQ"))
                .setMaxDeliveryAttempts(5)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));
        // an asynchronous try or push that failed inside the bus (not at the agency: that is the routing table's policy)
        // rolls back; it comes back after a pause, and after five such failures it is a dead letter where govbus dlq looks
        for (String async : new String[] {"govbus.async.#", "govbus.callbacks"}) {
            config.addAddressSetting(async, new AddressSettings()
                    .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("govbus.dlq"))
                    .setMaxDeliveryAttempts(5)
                    .setRedeliveryDelay(1000)
                    .setRedeliveryMultiplier(2)
                    .setMaxRedeliveryDelay(60_000)
                    .setAutoCreateQueues(true)
                    .setAutoCreateAddresses(true));
        }
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.setSecurityManager(operators);
        server.start();
        return new EmbeddedBroker(server, url);
    }

    String url() { return url; }

    /** A connection factory for this broker, in-VM. */
    ActiveMQConnectionFactory connections() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        factory.setMinLargeMessageSize(MIN_LARGE_MESSAGE_BYTES);
        return factory;
    }

    /** Messages waiting on a queue; 0 for a queue not created yet. */
    long depth(String queueName) {
        var queue = server.getActiveMQServer().locateQueue(org.apache.activemq.artemis.api.core.SimpleString.of(queueName));
        return queue == null ? 0 : queue.getMessageCount();
    }

    @Override
    public void close() throws Exception { server.stop(); }
}
