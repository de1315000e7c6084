package org.govbus.core.routing;

import org.govbus.core.adapter.AdapterOptions;
import org.govbus.core.id.SystemId;

/** A providing system: the adapter that speaks its protocol and that adapter's checked options (where the agency is, how to reach it). */
public record ProviderRoute(SystemId system, String adapter, AdapterOptions options) {}
