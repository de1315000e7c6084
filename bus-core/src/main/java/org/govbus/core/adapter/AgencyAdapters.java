package org.govbus.core.adapter;

import java.util.Map;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.SystemId;
import org.govbus.core.routing.ProviderRoute;

/** Opens the adapter of each providing system, with the context its options call for; closing is the opener's job. */
@FunctionalInterface
public interface AgencyAdapters {
    Adapter open(ProviderRoute provider);

    /**
     * A message {@code provider}'s agency pushed to the bus, handed to the adapter opened for it ({@link Adapter#callback})
     * and on to the call that waits for it; true when one did. Refused with a {@link BusException} when the provider
     * is not routed here, sends no callbacks, or the message fails the adapter's check.
     */
    default boolean callback(SystemId provider, byte[] message, Map<String, String> headers) {
        throw new BusException(FaultCode.UNKNOWN_SERVICE, "no provider " + provider + " takes callbacks here");
    }
}
