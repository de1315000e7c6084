package org.govbus.routes;

import java.util.Map;
import java.util.function.Supplier;
import org.govbus.core.health.Health;

/**
 * What the HTTP paths other than the services serve, made once by the node: the OpenAPI document, one WSDL per
 * service (by service id), readiness, and the metrics in the Prometheus text format.
 */
public record HttpDocuments(byte[] openApi, Map<String, byte[]> wsdlByService, Health health, Supplier<String> metrics) {}
