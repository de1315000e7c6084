package org.govbus.core.routing;

import java.net.URI;
import org.govbus.core.id.SystemId;

/** A providing system: the adapter that speaks its protocol and where it listens. */
public record ProviderRoute(SystemId system, String adapter, URI endpoint) {}
