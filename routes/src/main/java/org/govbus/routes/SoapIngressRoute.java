package org.govbus.routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * The path of a SOAP request through the bus: read it, verify it, authorize it, log it (refusing replays),
 * send it over the provider's queue, seal the answer, log the answer. Any failure becomes a SOAP Fault.
 */
public final class SoapIngressRoute extends RouteBuilder {
    static final String TO_PROVIDER = "direct:to-provider";
    private static final int REPLY_CONSUMERS = 8;

    private final String host;
    private final int port;
    private final SoapPipeline pipeline;

    private final String cxfBusBean;

    /** @param cxfBusBean the registry name of this node's own CXF bus, so stopping the node frees its port */
    public SoapIngressRoute(String host, int port, String cxfBusBean, BusServices bus) {
        this.host = host;
        this.port = port;
        this.cxfBusBean = cxfBusBean;
        this.pipeline = new SoapPipeline(bus);
    }

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(pipeline::fault);

        from(soapEndpoint()).routeId("soap-ingress")
                .noStreamCaching() // the size limit reads the stream itself; caching would buffer any size first
                .process(pipeline::read)
                .process(pipeline::verify)
                .process(pipeline::authorize)
                .process(pipeline::logRequest)
                .to(TO_PROVIDER)
                .process(pipeline::sealAnswer)
                .process(pipeline::logAnswer)
                .process(e -> Faults.logOutcome(e, null, null));

        from(TO_PROVIDER).routeId("to-provider-queue")
                .process(pipeline::toProviderMessage)
                .toD("jms:queue:${exchangeProperty." + Exchanges.QUEUE + "}"
                        + "?exchangePattern=InOut&replyToType=Temporary"
                        // camel-jms gives a request the endpoint's requestTimeout as its JMS time-to-live: the service's
                        + "&requestTimeout=${exchangeProperty." + Exchanges.TIMEOUT + "}"
                        // answers are signed and logged on the reply thread: have several
                        + "&replyToConcurrentConsumers=" + REPLY_CONSUMERS + "&replyToMaxConcurrentConsumers=" + REPLY_CONSUMERS)
                .process(pipeline::fromProviderMessage);
    }

    private String soapEndpoint() {
        return "cxf://http://" + host + ":" + port + "/soap"
                + "?dataFormat=RAW"
                + "&wsdlURL=classpath:wsdl/govbus.wsdl"
                + "&serviceName={urn:govbus:wsdl:v1}GovBus"
                + "&portName={urn:govbus:wsdl:v1}GovBusSoapPort"
                + "&bus=#" + cxfBusBean;
    }
}
