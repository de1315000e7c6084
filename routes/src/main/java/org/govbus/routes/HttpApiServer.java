package org.govbus.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.lifecycle.SingletonResourceProvider;

/** Publishes {@link HttpApi} at {@code http://host:port/} on the node's CXF bus, beside the SOAP endpoint. */
public final class HttpApiServer implements AutoCloseable {
    private final Server server;
    private final ProducerTemplate producer;

    private HttpApiServer(Server server, ProducerTemplate producer) {
        this.server = server;
        this.producer = producer;
    }

    public static HttpApiServer start(String host, int port, Bus cxfBus, CamelContext camel, HttpDocuments documents) {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(cxfBus);
        factory.setAddress("http://" + host + ":" + port + "/");
        factory.setResourceClasses(HttpApi.class);
        ProducerTemplate producer = camel.createProducerTemplate();
        factory.setResourceProvider(HttpApi.class, new SingletonResourceProvider(new HttpApi(producer, documents)));
        return new HttpApiServer(factory.create(), producer);
    }

    @Override
    public void close() throws Exception {
        try (producer) {
            server.destroy();
        }
    }
}
