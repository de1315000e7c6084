package org.govbus.routes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.govbus.core.adapter.AdapterFactory;
import org.govbus.core.adapter.AdapterOptions;
import org.govbus.core.adapter.Adapters;
import org.govbus.core.id.ServiceId;
import org.govbus.core.id.SystemId;
import org.govbus.core.json.JsonForms;
import org.govbus.core.json.JsonSealer;
import org.govbus.core.json.JwsJsonCodec;
import org.govbus.core.log.JdbcLogStore;
import org.govbus.core.log.MessageLog;
import org.govbus.core.pipeline.Pipeline;
import org.govbus.core.pipeline.PipelineListener;
import org.govbus.core.pipeline.RequestLogListener;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.routing.ProviderRoute;
import org.govbus.core.routing.RoutingTable;
import org.govbus.core.routing.ServiceRoute;
import org.govbus.core.security.AnswerSealer;
import org.govbus.core.security.KeyMaterial;
import org.govbus.core.soap.MessageSigner;
import org.govbus.core.soap.MessageVerifier;
import org.govbus.core.soap.SoapCodec;
import org.govbus.core.soap.SoapSealer;
import org.govbus.core.xml.PayloadSchemas;
import org.govbus.core.xml.ServiceCatalog;
import org.govbus.fixtures.TestPki;
import org.h2.jdbcx.JdbcDataSource;

/** The core of a bus for route tests: real codecs, signatures, schemas and an in-memory H2 message log; one provider. */
final class RouteFixture {
    static final ServiceId SERVICE = ServiceId.parse("KZ/GOV/MJ/gbd-fl/person-by-iin/v1");
    static final String NS = "urn:govbus:service:gbd-fl:person-by-iin:v1";
    static final byte[] ANSWER = ("<p:personByIinResponse xmlns:p=\"" + NS + "\"><p:found>false</p:found></p:personByIinResponse>")
            .getBytes(StandardCharsets.UTF_8);

    final TestPki pki;
    final MessageLog log;
    final BusServices bus;

    RouteFixture(Path dir, List<AdapterFactory> adapters) {
        pki = TestPki.create(dir);
        ClassLoader cl = RouteFixture.class.getClassLoader();
        ServiceCatalog catalog = ServiceCatalog.discover(cl);
        PayloadSchemas schemas = PayloadSchemas.of(catalog);
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:routes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        log = new MessageLog(JdbcLogStore.open(db, () -> { }), "routes-test");
        ProviderRoute provider = new ProviderRoute(SERVICE.provider(), "scripted", AdapterOptions.of(Map.of()));
        RoutingTable routing = new RoutingTable(Map.of(provider.system(), provider),
                Map.of(SERVICE, new ServiceRoute(SERVICE, provider, Duration.ofSeconds(5), Set.of(DemoPki.PORTAL))));
        KeyMaterial busKey = pki.key(DemoPki.BUS);
        AnswerSealer sealer = new AnswerSealer();
        Pipeline pipeline = new Pipeline(routing, schemas, log, new Pipeline.Settings(Duration.ofMinutes(5), 65_536, busKey.certificate()),
                PipelineListener.all(List.of(new RequestLogListener())));
        bus = new BusServices(pipeline,
                new SoapCodec(schemas, new MessageVerifier(pki.trust(), Duration.ofMinutes(5)), new SoapSealer(sealer, new MessageSigner(busKey, 300))),
                new JwsJsonCodec(JsonForms.of(catalog, cl), pki.trust(), new JsonSealer(sealer, busKey)),
                routing, route -> Adapters.of(adapters).get(route.adapter()).create(null));
    }

    static SystemId portal() { return DemoPki.PORTAL; }
}
