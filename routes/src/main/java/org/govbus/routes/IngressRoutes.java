package org.govbus.routes;

import java.util.function.Function;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.govbus.core.pipeline.Codec;

/**
 * The path of a request through the bus, one route per wire format, the same steps in each: read it, verify it,
 * authorize it, log it (refusing replays), send it over the provider's queue, seal the answer, log the answer. A request
 * for an asynchronous service is queued persistently instead and acknowledged at once (see {@link ProviderRoutes}).
 * Any failure becomes a fault in the client's format.
 */
public final class IngressRoutes extends RouteBuilder {
    static final String TO_PROVIDER = "direct:to-provider";
    static final String TO_ASYNC_QUEUE = "direct:to-async-queue";
    static final String CALL_SERVICE = "direct:call-service";
    /**
     * Reply threads: each seals an answer and waits for its log commit (the agency's hops and the answer, one commit).
     * As many as the provider consumers, so that every reply in flight joins the same group commit rather than queue
     * behind a few threads waiting on the disk.
     */
    private static final int REPLY_CONSUMERS = 16;

    private final String host;
    private final int port;
    private final String publicUrl;
    private final String cxfBusBean;
    private final String wsdlUrl;
    private final BusServices bus;
    private final PipelineSteps steps;

    /**
     * @param publicUrl  the node's address as clients know it: the WSDL at /soap?wsdl states it, whatever Host a request names
     * @param cxfBusBean the registry name of this node's own CXF bus, so stopping the node frees its port
     */
    public IngressRoutes(String host, int port, String publicUrl, String cxfBusBean, BusServices bus) {
        this(host, port, publicUrl, "classpath:wsdl/govbus.wsdl", cxfBusBean, bus);
    }

    /** @param wsdlUrl the bus WSDL /soap?wsdl serves: the node's, generated from its routing table and the catalogue */
    public IngressRoutes(String host, int port, String publicUrl, String wsdlUrl, String cxfBusBean, BusServices bus) {
        this.wsdlUrl = wsdlUrl;
        this.host = host;
        this.port = port;
        this.publicUrl = publicUrl;
        this.cxfBusBean = cxfBusBean;
        this.bus = bus;
        this.steps = new PipelineSteps(bus.pipeline(), bus.fetch());
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(steps::fault);

        ingress(soapEndpoint(), "soap-ingress", bus.soap(), m -> null);
        ingress(HttpApi.CALL_SERVICE, "json-ingress", bus.json(), m -> m.getHeader(HttpApi.TARGET, String.class));

        from(TO_PROVIDER).routeId("to-provider-queue")
                .process(steps::toProvider)
                .toD("jms:queue:${exchangeProperty." + Exchanges.QUEUE + "}"
                        + "?exchangePattern=InOut&replyToType=Temporary"
                        // not persistent: the message log holds the request already, and only the client waiting on
                        // this node can use the answer; a request kept in the journal would outlive that client and be
                        // sent to the agency after a broker restart for nobody (README: Performance, issue 11)
                        + "&deliveryPersistent=false"
                        // camel-jms gives a request the endpoint's requestTimeout as its JMS time-to-live: the service's
                        + "&requestTimeout=${exchangeProperty." + Exchanges.TIMEOUT + "}"
                        // answers are sealed and logged on the reply thread: have several
                        + "&replyToConcurrentConsumers=" + REPLY_CONSUMERS + "&replyToMaxConcurrentConsumers=" + REPLY_CONSUMERS);

        if (bus.fetch() != null) from(HttpApi.FETCH_MESSAGE).routeId("json-fetch").process(steps.fetch(bus.json(), bus.fetch()));

        from(HttpApi.AGENCY_CALLBACK).routeId("agency-callback").process(new AgencyCallbackStep(bus.agencies()));

        from(CALL_SERVICE).routeId("call-service")
                .process(steps::authorize)
                .process(steps::logRequest)
                .choice()
                    .when(steps::async).to(TO_ASYNC_QUEUE) // queued persistently and acknowledged; the answer is fetched later
                    .otherwise().to(TO_PROVIDER).process(steps::answer).process(steps::logAnswer)
                .end();

        from(TO_ASYNC_QUEUE).routeId("to-async-queue")
                .process(steps::toAsyncQueue)
                .toD("jms:queue:${exchangeProperty." + Exchanges.QUEUE + "}?exchangePattern=InOnly&deliveryPersistent=true")
                .process(steps::acknowledge);
    }

    /** One ingress: the pipeline's steps in order, with this format's codec. */
    private void ingress(String endpoint, String routeId, Codec codec, Function<Message, String> target) {
        from(endpoint).routeId(routeId)
                .noStreamCaching() // the size limit reads the stream itself; caching would buffer any size first
                .process(steps.read(codec, target))
                .process(steps::verify)
                .choice()
                    .when(steps::fetchOfAnswer).process(steps::fetchVerified) // SOAP: the bus's own ga:fetch of an async answer
                    .otherwise().to(CALL_SERVICE)
                .end();
    }

    private String soapEndpoint() {
        return "cxf://http://" + host + ":" + port + "/soap"
                + "?dataFormat=RAW"
                + "&wsdlURL=" + wsdlUrl
                + "&serviceName={urn:govbus:wsdl:v1}GovBus"
                + "&portName={urn:govbus:wsdl:v1}GovBusSoapPort"
                + "&publishedEndpointUrl=" + publicUrl + "/soap"
                + "&bus=#" + cxfBusBean;
    }
}
