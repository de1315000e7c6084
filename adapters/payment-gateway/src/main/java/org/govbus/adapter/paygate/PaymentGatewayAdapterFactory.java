package org.govbus.adapter.paygate;

import java.util.List;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterContext;
import org.govbus.core.adapter.AdapterFactory;
import org.govbus.core.adapter.AdapterOption;

/**
 * Routing tables name this adapter {@code payment-gateway}; it takes the HTTP options and {@code callbackSecret}, the
 * shared secret the gateway signs its confirmations with, by reference.
 */
public final class PaymentGatewayAdapterFactory implements AdapterFactory {
    @Override
    public String name() { return "payment-gateway"; }

    @Override
    public List<AdapterOption> options() {
        return AdapterOption.with(AdapterOption.HTTP, AdapterOption.required("callbackSecret", AdapterOption.Kind.SECRET,
                "the secret the gateway signs its confirmations with (HMAC-SHA256), by reference"));
    }

    @Override
    public Adapter create(AdapterContext context) {
        return new PaymentGatewayAdapter(context.http(), context.callbacks(), context.callbackUrl(), context.secret("callbackSecret"));
    }
}
