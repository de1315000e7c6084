package org.govbus.app;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.govbus.core.adapter.Adapters;
import org.govbus.core.config.BusConfig;
import org.govbus.core.config.ConfigException;
import org.govbus.core.id.SystemId;
import org.govbus.core.async.JdbcMailbox;
import org.govbus.core.async.Mailbox;
import org.govbus.core.async.KeyedCalls;
import org.govbus.core.log.Checkpointer;
import org.govbus.core.log.JdbcLogStore;
import org.govbus.core.pipeline.AsyncDelivery;
import org.govbus.core.pipeline.AsyncFetch;
import org.govbus.core.pipeline.AnswerCallbacks;
import org.govbus.core.pipeline.MailboxKeeper;
import org.govbus.core.log.LogStore;
import org.govbus.core.log.LogVerifier;
import org.govbus.core.log.MessageLog;
import org.govbus.core.pipeline.Codec;
import org.govbus.core.json.JsonForms;
import org.govbus.core.json.JsonSealer;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.core.pipeline.Pipeline;
import org.govbus.core.pipeline.PipelineListener;
import org.govbus.core.pipeline.RequestLogListener;
import org.govbus.core.pipeline.MetricsListener;
import org.govbus.core.soap.SoapCodec;
import org.govbus.core.soap.SoapSealer;
import java.util.List;
import java.util.Map;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.routing.RoutingTableLoader;
import org.govbus.core.security.AnswerSealer;
import org.govbus.core.security.KeyMaterial;
import org.govbus.core.soap.MessageSigner;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.security.SystemCertificates;
import org.govbus.core.security.RevocationChecker;
import org.govbus.core.security.TrustAnchors;
import org.govbus.core.xml.PayloadSchemas;
import org.govbus.core.xml.ServiceCatalog;
import org.govbus.routes.BusServices;
import org.govbus.routes.ProviderRoutes;
import org.govbus.routes.CallbackRoutes;
import org.govbus.routes.EdgeFilter;
import org.govbus.routes.EdgePaths;
import org.govbus.routes.HttpApiServer;
import org.govbus.routes.HttpDocuments;
import org.govbus.core.json.OpenApiDocument;
import org.govbus.core.soap.ServiceWsdl;
import org.govbus.routes.IngressRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/** One running bus node: wires the core, the broker, the database and the routes from one {@link BusConfig}. */
public final class GovBusNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GovBusNode.class);
    private static final String CXF_BUS_BEAN = "govbusCxfBus";
    private static final int ANSWER_TIMESTAMP_TTL_SECONDS = 300;
    private static final int CONSUMERS_PER_PROVIDER = 16;

    private final BusConfig config;
    private final MessageLog messageLog;
    /** everything the node opened, in the order it did: closed in the reverse order */
    private final Resources resources;

    private final Checkpointer checkpoints;

    private final Mailbox mailbox;

    private final MailboxKeeper keeper;

    private GovBusNode(BusConfig config, MessageLog messageLog, Checkpointer checkpoints, Mailbox mailbox, MailboxKeeper keeper,
                       Resources resources) {
        this.config = config;
        this.keeper = keeper;
        this.mailbox = mailbox;
        this.messageLog = messageLog;
        this.checkpoints = checkpoints;
        this.resources = resources;
    }

    /** Reads the routing table and the keys, then starts broker, database and routes; any failure stops it all. */
    public static GovBusNode start(BusConfig config) throws Exception {
        long started = System.nanoTime();
        Resources resources = new Resources();
        try {
            Adapters adapters = Adapters.discover(GovBusNode.class.getClassLoader());
            ServiceCatalog catalog = ServiceCatalog.discover(GovBusNode.class.getClassLoader());
            RoutingTable routing = new RoutingTableLoader(adapters.options(), catalog.keys()).load(config.routingFile());
            KeyMaterial busKey = keyOf(config);
            BusConfig.Revocation revocation = config.security().revocation();
            TrustAnchors trust = TrustAnchors.load(existing(config, config.security().truststore()), config.security().password())
                    .withRevocation(new RevocationChecker(revocation.timeout(), java.time.Clock.systemUTC()),
                            new TrustAnchors.RevocationPolicy(revocation.refuseWhenUnavailable(), revocation.byAnchor()));
            if (config.log().replaySandbox()) {
                LOG.warn("this node is a REPLAY SANDBOX (log.replaySandbox): it takes re-sent requests marked X-GovBus-Replay"
                        + " past the replay guard and the timestamp check; never let real clients reach it");
            }
            JdbcLogStore store = resources.add(LogDatabase.openForWriting(config), LogStore::close);
            // the embedded broker opens (or makes) its journal on a thread of its own while the checkpointer, the schemas and
            // the JSON forms load: it needs nothing of theirs. Only now: the log's file lock has shown that no other node runs
            // on this data directory, whose broker files (operator login, journal lock) a second broker would take over or wait on
            CompletableFuture<EmbeddedBroker> brokerStarting = resources.add(config.embeddedBroker()
                    ? CompletableFuture.supplyAsync(() -> startBroker(config.dataDir().resolve("broker")), GovBusNode::onStartThread)
                    : CompletableFuture.completedFuture(null), GovBusNode::closeWhenStarted);
            Mailbox mailbox = JdbcMailbox.open(store.dataSource());
            MessageLog log = new MessageLog(store, config.log().node());
            Checkpointer checkpoints = resources.add(LogDatabase.checkpointer(config, store, busKey), Checkpointer::close);
            log.onCommit(checkpoints::committed);
            EmbeddedBroker broker = started(brokerStarting);
            CachingConnectionFactory connections = resources.add(new CachingConnectionFactory(brokerConnections(config, broker)),
                    CachingConnectionFactory::destroy);
            connections.setSessionCacheSize(32);

            PayloadSchemas schemas = PayloadSchemas.of(catalog);
            AnswerSealer sealer = new AnswerSealer();
            NodeMetrics metrics = resources.add(new NodeMetrics(), NodeMetrics::close);
            metrics.observeBatches(sealer, log);
            if (config.embeddedDatabase()) metrics.observeCompaction(resources.add(H2Compaction.start(store.dataSource()), H2Compaction::close));
            if (broker != null) metrics.observeQueues(routing, broker);
            Pipeline pipeline = new Pipeline(routing, schemas, log, mailbox,
                    new Pipeline.Settings(config.security().timestampSkew(), config.security().maxMessageBytes(), busKey.certificate(),
                            config.log().replaySandbox()),
                    PipelineListener.all(List.of(new RequestLogListener(), new MetricsListener(metrics.registry()))));
            Codec soap = new SoapCodec(schemas, new MessageVerifier(trust, config.security().timestampSkew()),
                    new SoapSealer(sealer, new MessageSigner(busKey, ANSWER_TIMESTAMP_TTL_SECONDS)), config.security().limits());
            JsonForms jsonForms = JsonForms.of(catalog, GovBusNode.class.getClassLoader());
            Codec json = new JwsJsonCodec(jsonForms, trust, new JsonSealer(sealer, busKey), config.security().limits());
            AgencyConnections agencies = resources.add(new AgencyConnections(adapters, config.security().keystore(),
                    config.security().password(), metrics.registry(), KeyedCalls.open(store.dataSource()), catalog, config.publicUrl()),
                    AgencyConnections::close);
            AsyncDelivery async = new AsyncDelivery(mailbox, log, Map.of(soap.format(), soap, json.format(), json), schemas,
                    busKey.certificate(), routing.version());
            BusServices bus = new BusServices(pipeline, soap, json, routing, agencies, async, new AsyncFetch(pipeline, mailbox, log, routing.version()),
                    new AnswerCallbacks(mailbox, log, routing));

            Bus cxfBus = resources.add(BusFactory.newInstance().createBus(), cxf -> cxf.shutdown(true));
            HttpEdge edge = HttpEdge.prepare(cxfBus, config);
            CamelContext camel = resources.add(new DefaultCamelContext(), CamelContext::close);
            camel.getRegistry().bind(CXF_BUS_BEAN, cxfBus);
            camel.addComponent("jms", JmsComponent.jmsComponentAutoAcknowledge(connections));
            // asynchronous requests: transacted consumers on connections of their own, no session caching between them and
            // the listener, and no messages buffered in a busy consumer while another waits (consumer window 0)
            ActiveMQConnectionFactory asyncConnections = resources.add(brokerConnections(config, broker), ActiveMQConnectionFactory::close);
            asyncConnections.setConsumerWindowSize(0);
            camel.addComponent(ProviderRoutes.ASYNC_JMS, JmsComponent.jmsComponent(asyncConnections));
            // the adapters close after the routes that call them have stopped
            ProviderRoutes providerRoutes = new ProviderRoutes(bus, CONSUMERS_PER_PROVIDER);
            resources.addBefore(camel, providerRoutes, ProviderRoutes::close);
            camel.addRoutes(providerRoutes);
            camel.addRoutes(new CallbackRoutes(bus));
            // the bus WSDL lists every service this node routes; CXF serves it and the schemas it imports (?xsd=)
            java.nio.file.Path wsdlDir = config.dataDir().resolve("wsdl");
            java.util.Set<String> soapSchemas = ServiceWsdl.writeBusWsdl(wsdlDir, routing.services().stream()
                    .map(r -> catalog.find(r.service()).orElseThrow()).distinct().toList(),
                    receiptOnly(routing), routing.services().stream().anyMatch(r -> r.delivery().async()), config.publicUrl() + "/soap");
            camel.addRoutes(new IngressRoutes(config.host(), config.port(), config.publicUrl(),
                    wsdlDir.resolve("govbus.wsdl").toUri().toString(), CXF_BUS_BEAN, bus));
            camel.start();
            String publicUrl = config.publicUrl();
            resources.add(HttpApiServer.start(config.host(), config.port(), cxfBus, camel, new HttpDocuments(
                    OpenApiDocument.of(routing, catalog, jsonForms, publicUrl), wsdls(routing, catalog, publicUrl + "/soap"),
                    NodeHealth.of(config, store, checkpoints, connections, busKey), metrics.registry()::scrape)), HttpApiServer::close);
            org.apache.camel.ProducerTemplate pushes = resources.add(camel.createProducerTemplate(), org.apache.camel.ProducerTemplate::close);
            // a request the sweep expires is pushed to its client's callback URL like one that ended on a try
            MailboxKeeper keeper = resources.add(new MailboxKeeper(mailbox, async,
                    letter -> CallbackRoutes.pushLater(pushes, bus, letter.messageId(), letter.client())).start(), MailboxKeeper::close);
            edge.guard(new EdgeFilter(new EdgePaths(soapSchemas), soap, json, config.security().maxMessageBytes()));
            GovBusNode node = new GovBusNode(config, log, checkpoints, mailbox, keeper, resources);
            LOG.info("GovBus {} ready in {} ms: SOAP at {} ({} services, {} providers)", config.system(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), node.soapUrl(),
                    routing.services().size(), routing.providers().size());
            return node;
        } catch (Exception | Error e) {
            try {
                resources.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static void onStartThread(Runnable task) {
        Thread thread = new Thread(task, "govbus-broker-start");
        thread.setDaemon(true);
        thread.start();
    }

    private static EmbeddedBroker startBroker(java.nio.file.Path dir) {
        try {
            return EmbeddedBroker.start(dir);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** The broker once started, or what stopped it, as it was thrown. */
    private static EmbeddedBroker started(CompletableFuture<EmbeddedBroker> starting) throws Exception {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            if (e.getCause() instanceof Error error) throw error;
            throw e;
        }
    }

    /**
     * Closes the broker when it started, after waiting for its start to end; nothing when it failed (that failure is the
     * one the start threw, or it came after another that is).
     */
    private static void closeWhenStarted(CompletableFuture<EmbeddedBroker> starting) throws Exception {
        EmbeddedBroker broker;
        try {
            broker = starting.join();
        } catch (CompletionException failed) {
            return;
        }
        if (broker != null) broker.close();
    }

    /** The catalogue's services (code/version) that every route of this node serves asynchronously: answered with a receipt. */
    private static java.util.Set<String> receiptOnly(RoutingTable routing) {
        java.util.Map<String, Boolean> allAsync = new java.util.HashMap<>();
        for (var r : routing.services()) allAsync.merge(ServiceCatalog.keyOf(r.service()), r.delivery().async(), Boolean::logicalAnd);
        java.util.Set<String> out = new java.util.HashSet<>();
        allAsync.forEach((key, async) -> { if (async) out.add(key); });
        return out;
    }

    private static java.util.Map<String, byte[]> wsdls(RoutingTable routing, ServiceCatalog catalog, String soapAddress) {
        java.util.Map<String, byte[]> out = new java.util.HashMap<>();
        for (var route : routing.services()) {
            out.put(route.service().toString(), ServiceWsdl.of(route.service(), catalog.find(route.service()).orElseThrow(), soapAddress));
        }
        return out;
    }

    private static ActiveMQConnectionFactory brokerConnections(BusConfig config, EmbeddedBroker embedded) {
        if (embedded != null) return embedded.connections();
        BusConfig.Broker b = config.broker();
        return b.user() == null ? new ActiveMQConnectionFactory(config.brokerUrl())
                : new ActiveMQConnectionFactory(config.brokerUrl(), b.user(), new String(b.password()));
    }

    private static KeyMaterial keyOf(BusConfig config) {
        KeyMaterial key = KeyMaterial.load(existing(config, config.security().keystore()), config.security().password());
        SystemId holder = SystemCertificates.systemOf(key.certificate());
        if (!config.system().equals(holder)) {
            throw new ConfigException(config.file(), 0, "the keystore " + config.security().keystore()
                    + " holds a certificate for " + holder + ", not for the bus system " + config.system());
        }
        return key;
    }

    private static java.nio.file.Path existing(BusConfig config, java.nio.file.Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(config.file(), 0, file + " does not exist; `govbus pki init --out "
                    + file.getParent() + "` makes a demo PKI");
        }
        return file;
    }

    /** The routing-table loader that knows the adapters and service schemas on this classpath, as start-up uses. */
    public static RoutingTableLoader routingTableLoader() {
        ClassLoader cl = GovBusNode.class.getClassLoader();
        return new RoutingTableLoader(Adapters.discover(cl).options(), ServiceCatalog.discover(cl).keys());
    }

    public String soapUrl() { return baseUrl() + "/soap"; }

    /** {@code http://host:port} where the node listens: /soap, /api/v1 and the rest are under it. */
    public String baseUrl() { return "http://" + config.host() + ":" + config.port(); }

    public BusConfig config() { return config; }

    public MessageLog messageLog() { return messageLog; }

    /** Where asynchronous requests wait for their answers. */
    public Mailbox mailbox() { return mailbox; }

    /** The mailbox's sweep now rather than at its next turn: expires what is overdue; returns how many. */
    public int sweepMailbox() { return keeper.sweep(java.time.Instant.now()); }

    /** Closes this node's chain into a checkpoint now, rather than at the next count or interval. */
    public void checkpoint() { checkpoints.checkpoint(); }

    /** Verifies the whole log this node writes to, every node's chain in it, against the bus's trust store. */
    public LogVerifier.Report verifyLog() {
        return new LogVerifier(messageLog.store(), LogDatabase.trust(config)).verify(null, null, null, checked -> { });
    }

    @Override
    public void close() throws Exception {
        LOG.info("GovBus {} stopping", config.system());
        resources.close();
    }
}
