package org.govbus.core.adapter;

/**
 * Speaks one agency's own protocol. The bus hands it a request in canonical form (the service's payload
 * as defined in {@code schemas}) and takes back the canonical answer. A failure is a
 * {@link org.govbus.core.error.BusException} with {@code Server.ProviderUnavailable} or
 * {@code Server.ProviderTimeout}, or a {@code Client.*} code when the agency refused the request itself.
 * Implementations are called from several threads at once.
 */
public interface Adapter extends AutoCloseable {
    byte[] call(AdapterRequest request);

    @Override
    default void close() {}
}
