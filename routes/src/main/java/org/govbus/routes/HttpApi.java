package org.govbus.routes;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.govbus.core.error.FaultCode;
import org.govbus.core.health.Health;
import org.govbus.core.json.ProblemJson;
import org.govbus.core.pipeline.Transit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus's HTTP paths besides {@code /soap}, served by CXF's JAX-RS on the node's CXF bus (the same port as
 * {@code /soap}). Each operation only hands the request to its route, {@code direct:http-OPERATION}, and sends back
 * what the route left. Every content type is let through, so the pipeline refuses a wrong one with a problem+json
 * rather than JAX-RS answering 415 in its own words.
 */
@Path("/")
public final class HttpApi {
    static final String CALL_SERVICE = "direct:http-callService";
    static final String FETCH_MESSAGE = "direct:http-fetchMessage";
    static final String AGENCY_CALLBACK = "direct:http-agencyCallback";
    /** the header that carries the provider id from the URL into the route */
    static final String PROVIDER = "GovBusProvider";
    /** the header that carries the fetched messageId from the URL into the route */
    static final String FETCHED = "GovBusFetched";
    /** the header that carries the service id from the URL into the route */
    static final String TARGET = "GovBusTarget";

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private final ProducerTemplate routes;
    private final HttpDocuments documents;

    public HttpApi(ProducerTemplate routes, HttpDocuments documents) {
        this.routes = routes;
        this.documents = documents;
    }

    /** {@code GET /api/v1/openapi.json}: OpenAPI 3.1 of every service with a JSON form. */
    @GET
    @Path("api/v1/openapi.json")
    @Produces("application/json")
    public Response openApi() {
        return Response.ok(documents.openApi(), "application/json").build();
    }

    /** {@code GET /wsdl/KZ/GOV/MJ/gbd-fl/person-by-iin/v1}: the WSDL of one service of the routing table. */
    @GET
    @Path("wsdl/{service: .+}")
    @Produces("text/xml")
    public Response wsdl(@PathParam("service") String service) {
        byte[] wsdl = documents.wsdlByService().get(service);
        if (wsdl == null) {
            return Response.status(404).type(ProblemJson.CONTENT_TYPE)
                    .entity(ProblemJson.of(FaultCode.UNKNOWN_SERVICE, "no service " + service + " in the routing table", null)).build();
        }
        return Response.ok(wsdl, "text/xml; charset=utf-8").build();
    }

    /** {@code GET /health}: 200 when every part is ready, 503 when one is not; JSON either way. */
    @GET
    @Path("health")
    @Produces("application/json")
    public Response health() {
        Health.Report r = documents.health().report();
        return Response.status(r.ready() ? 200 : 503).type("application/json").entity(r.json()).build();
    }

    /** {@code GET /metrics}: Prometheus text exposition. */
    @GET
    @Path("metrics")
    @Produces("text/plain")
    public Response metrics() {
        return Response.ok(documents.metrics().get(), "text/plain; version=0.0.4; charset=utf-8").build();
    }

    /** {@code POST /api/v1/services/KZ/GOV/MJ/gbd-fl/person-by-iin/v1}: the full service id, slashes included. */
    @POST
    @Path("api/v1/services/{service: .+}")
    @Consumes("*/*")
    @Produces("*/*")
    public Response callService(@PathParam("service") String service, InputStream body, @Context HttpHeaders headers) {
        return through(CALL_SERVICE, headers, m -> {
            m.setHeader(TARGET, service);
            m.setBody(body);
        });
    }

    /** {@code GET /api/v1/messages/{messageId}}: the answer to an asynchronous request, for the client that sent it (signed). */
    @GET
    @Path("api/v1/messages/{messageId}")
    @Produces("*/*")
    public Response fetchMessage(@PathParam("messageId") String messageId, @Context HttpHeaders headers) {
        return through(FETCH_MESSAGE, headers, m -> m.setHeader(FETCHED, messageId));
    }

    /** {@code POST /api/v1/agencies/KZ/GOV/MF/paygate/callback}: a message the agency pushes to the bus (a confirmation). */
    @POST
    @Path("api/v1/agencies/{provider: .+}/callback")
    @Consumes("*/*")
    @Produces("*/*")
    public Response agencyCallback(@PathParam("provider") String provider, InputStream body, @Context HttpHeaders headers) {
        return through(AGENCY_CALLBACK, headers, m -> {
            m.setHeader(PROVIDER, provider);
            m.setBody(body);
        });
    }

    private Response through(String route, HttpHeaders headers, java.util.function.Consumer<Message> more) {
        Exchange done = routes.send(route, e -> {
            Message m = e.getMessage();
            // a header sent twice arrives as its values joined, which no check accepts: two signatures are not one
            headers.getRequestHeaders().forEach((name, values) -> m.setHeader(name, String.join(",", values)));
            more.accept(m);
        });
        if (done.getException() != null || done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE) == null) {
            // the route's own fault handling did not run (an Error, a stopping context): never echo the request back
            Transit t = done.getProperty(Exchanges.TRANSIT, Transit.class);
            String messageId = t == null ? null : t.claimedMessageId();
            LOG.error("internal error on the JSON route, messageId={}", messageId, done.getException());
            return Response.status(500).type(ProblemJson.CONTENT_TYPE).entity(ProblemJson.of(FaultCode.INTERNAL,
                    "internal error; the bus operator can trace it by the messageId", messageId)).build();
        }
        return HttpReplies.toResponse(done.getMessage());
    }
}
