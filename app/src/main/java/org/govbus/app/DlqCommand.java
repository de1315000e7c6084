package org.govbus.app;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.govbus.core.config.BusConfig;
import org.govbus.core.id.ServiceId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code govbus dlq …}: the operator's view of the dead-letter queue, where an asynchronous request goes once every try
 * its service allows has failed. Works while the node runs: the embedded broker is reached over the loopback address
 * as the operator ({@link OperatorAccess}); a remote broker as the configuration says. A redriven request goes back to
 * its provider's queue marked as such; the node then reopens it in the mailbox, logs that, and tries it afresh.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "List, show and redrive asynchronous requests on the dead-letter queue (works while the bus runs).",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Redrive.class})
final class DlqCommand implements Runnable {
    static final String QUEUE = "govbus.dlq";

    @Spec
    CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** What every dlq command shares: the node's configuration, which says where the broker is. */
    abstract static class Base extends NodeCommand {
        Connection connect() throws JMSException {
            BusConfig config = config();
            ActiveMQConnectionFactory factory;
            if (config.embeddedBroker()) {
                OperatorAccess.Login login = OperatorAccess.read(config.dataDir().resolve("broker"));
                factory = new ActiveMQConnectionFactory(login.url(), login.user(), login.password());
            } else {
                BusConfig.Broker b = config.broker();
                factory = b.user() == null ? new ActiveMQConnectionFactory(config.brokerUrl())
                        : new ActiveMQConnectionFactory(config.brokerUrl(), b.user(), new String(b.password()));
            }
            Connection c = factory.createConnection();
            c.start();
            return c;
        }

        /** A JMS selector for one messageId: checked to be a UUID first, so the selector holds nothing else. */
        static String selector(String messageId) {
            return "GovBusMessageId = '" + UUID.fromString(messageId) + "'";
        }

        static List<Message> browse(Session s, String selector) throws JMSException {
            Queue q = s.createQueue(QUEUE);
            try (QueueBrowser b = selector == null ? s.createBrowser(q) : s.createBrowser(q, selector)) {
                List<Message> out = new ArrayList<>();
                for (Object m : Collections.list(b.getEnumeration())) out.add((Message) m);
                return out;
            }
        }

        static String header(Message m, String name) throws JMSException {
            return m.propertyExists(name) ? m.getObjectProperty(name).toString() : "-";
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the requests on the dead-letter queue, oldest first.")
    static final class ListLetters extends Base {
        @Override
        public Integer call() throws Exception {
            try (Connection c = connect(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                List<Message> letters = browse(s, null);
                if (letters.isEmpty()) {
                    out().println("the dead-letter queue is empty");
                    return 0;
                }
                out().printf("%-36s  %-24s  %-45s  %-20s  %s%n", "messageId", "dead-lettered at", "service", "client", "why");
                for (Message m : letters) {
                    out().printf("%-36s  %-24s  %-45s  %-20s  %s%n", header(m, "GovBusMessageId"), Instant.ofEpochMilli(m.getJMSTimestamp()),
                            header(m, "GovBusService"), header(m, "GovBusClient"), header(m, "GovBusDeadReason"));
                }
                out().println(letters.size() + " request(s) on the dead-letter queue");
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one dead-lettered request: its identifiers, tries and why.")
    static final class Show extends Base {
        @Parameters(paramLabel = "MESSAGE_ID", description = "the request's messageId")
        String messageId;

        @Option(names = "--payload", description = "print the canonical request too (it may hold personal data)")
        boolean payload;

        @Override
        public Integer call() throws Exception {
            try (Connection c = connect(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                List<Message> found = browse(s, selector(messageId));
                if (found.isEmpty()) {
                    err().println("no request " + messageId + " on the dead-letter queue");
                    return 1;
                }
                Message m = found.get(0);
                for (String name : new String[] {"GovBusMessageId", "GovBusService", "GovBusClient", "GovBusUserId", "GovBusPurpose",
                        "GovBusAttempt", "GovBusExpires", "GovBusDeadReason", "GovBusRedriven"}) {
                    String value = header(m, name);
                    if (name.equals("GovBusExpires") && !value.equals("-")) value = Instant.ofEpochMilli(Long.parseLong(value)).toString();
                    out().printf("%-18s %s%n", name.substring("GovBus".length()), value);
                }
                byte[] body = body(m);
                out().printf("%-18s %,d bytes%n", "payload", body.length);
                if (payload) out().println(new String(body, StandardCharsets.UTF_8));
                return 0;
            }
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Send dead-lettered requests back to their provider's queue, to be tried afresh (a request past its time to live expires instead).")
    static final class Redrive extends Base {
        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(paramLabel = "MESSAGE_ID", description = "the request's messageId")
            String messageId;

            @Option(names = "--all", description = "every request on the dead-letter queue")
            boolean all;
        }

        @Override
        public Integer call() throws Exception {
            int moved = 0;
            String by = System.getProperty("user.name") + " at " + Instant.now();
            try (Connection c = connect(); Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
                Queue dlq = s.createQueue(QUEUE);
                try (MessageConsumer consumer = which.all ? s.createConsumer(dlq) : s.createConsumer(dlq, selector(which.messageId))) {
                    for (Message m = consumer.receive(500); m != null; m = consumer.receiveNoWait()) {
                        Queue target = s.createQueue(ServiceId.parse(m.getStringProperty("GovBusService")).provider().asyncQueueName());
                        BytesMessage again = s.createBytesMessage();
                        again.writeBytes(body(m));
                        for (Object name : Collections.list(m.getPropertyNames())) {
                            String n = (String) name;
                            if (n.startsWith("GovBus") && !java.util.Set.of("GovBusNext", "GovBusDelayMs", "GovBusEndedNow", "GovBusDeadReason").contains(n)) {
                                again.setObjectProperty(n, m.getObjectProperty(n));
                            }
                        }
                        again.setIntProperty("GovBusAttempt", 1);
                        again.setStringProperty("GovBusRedriven", by);
                        try (MessageProducer p = s.createProducer(target)) {
                            p.send(again);
                        }
                        moved++;
                        out().println("redriven " + m.getStringProperty("GovBusMessageId") + " to " + target.getQueueName());
                    }
                }
                s.commit();
            }
            if (moved == 0) {
                err().println(which.all ? "the dead-letter queue is empty" : "no request " + which.messageId + " on the dead-letter queue");
                return 1;
            }
            out().println(moved + " request(s) redriven");
            return 0;
        }
    }

    static byte[] body(Message m) throws JMSException {
        if (m instanceof BytesMessage b) {
            b.reset();
            byte[] out = new byte[(int) b.getBodyLength()];
            b.readBytes(out);
            return out;
        }
        return m.getBody(byte[].class);
    }
}
