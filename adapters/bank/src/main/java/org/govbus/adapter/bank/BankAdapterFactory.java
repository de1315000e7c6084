package org.govbus.adapter.bank;

import java.util.List;
import java.util.regex.Pattern;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterContext;
import org.govbus.core.adapter.AdapterFactory;
import org.govbus.core.adapter.AdapterOption;
import org.govbus.core.adapter.AdapterOptions;
import org.govbus.core.id.Iban;

/**
 * Routing tables name this adapter {@code iso20022-bank}: one provider per bank, with the HTTP options of its
 * host-to-host channel and the payer's account held there (the treasury's name, IBAN and the bank's BIC), checked at
 * start-up.
 */
public final class BankAdapterFactory implements AdapterFactory {
    private static final Pattern BIC = Pattern.compile("[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?");

    @Override
    public String name() { return "iso20022-bank"; }

    @Override
    public List<AdapterOption> options() {
        return AdapterOption.with(AdapterOption.HTTP,
                AdapterOption.required("debtorName", AdapterOption.Kind.TEXT, "the payer's name as the bank knows its account")
                        .checkedBy(name -> check(!name.isBlank() && name.length() <= 140, name, "a name of 1 to 140 characters")),
                AdapterOption.required("debtorIban", AdapterOption.Kind.TEXT, "the payer's account at this bank, an IBAN")
                        .checkedBy(iban -> check(Iban.problem(iban).isEmpty(), iban, Iban.problem(iban).orElse(""))),
                AdapterOption.required("debtorBic", AdapterOption.Kind.TEXT, "this bank's BIC (ISO 9362), e.g. HSBKKZKX")
                        .checkedBy(bic -> check(BIC.matcher(bic).matches(), bic, "not a BIC of 8 or 11 capital letters and digits")));
    }

    private static String check(boolean ok, String value, String otherwise) {
        if (!ok) throw new IllegalArgumentException(otherwise);
        return value;
    }

    @Override
    public Adapter create(AdapterContext context) {
        AdapterOptions o = context.options();
        return new BankAdapter(context.http(), new BankAdapter.Treasury(o.text("debtorName"), o.text("debtorIban"), o.text("debtorBic")));
    }
}
