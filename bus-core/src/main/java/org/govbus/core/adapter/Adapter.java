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

    /**
     * A message the agency pushed to the bus ({@code POST /api/v1/agencies/<provider>/callback}), with its HTTP headers
     * by lower-case name: checks that the agency sent it (its signature) and returns the key of the call it settles,
     * which {@link AgencyCallbacks#deliver} hands to the call waiting for it. A message that fails the check is a
     * {@link org.govbus.core.error.BusException} ({@code Client.BadSignature}, {@code Client.InvalidMessage}); an
     * agency that sends none keeps this default.
     */
    default String callback(byte[] message, java.util.Map<String, String> headers) {
        throw new org.govbus.core.error.BusException(org.govbus.core.error.FaultCode.UNKNOWN_SERVICE,
                "this provider sends the bus no callbacks");
    }

    @Override
    default void close() {}
}
