package org.govbus.adapter.populationregister;

import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.adapter.AgencyHttp;
import org.govbus.core.adapter.AgencyResponse;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.Iin;

/**
 * The population register (GBD FL): person-by-iin/v1 in the bus's canonical schema, translated to the
 * register's own GetPersonRequest over SOAP/HTTP and back.
 */
final class PopulationRegisterAdapter implements Adapter {
    private final AgencyHttp register;

    PopulationRegisterAdapter(AgencyHttp register) { this.register = register; }

    @Override
    public byte[] call(AdapterRequest request) {
        String iin = RegisterTranslation.iinOf(request.payload());
        if (!Iin.isValid(iin)) throw new BusException(FaultCode.INVALID_MESSAGE, "the IIN's check digit is wrong");
        AgencyResponse answer = register.post("text/xml; charset=utf-8", RegisterTranslation.toRegister(iin, request),
                request.timeout(), "SOAPAction", "\"GetPerson\"");
        if (!answer.ok()) {
            // both come as a SOAP fault with HTTP 500: a refusal of the request, or the register's own trouble
            if (RegisterTranslation.refusedAsInvalid(answer)) {
                throw new BusException(FaultCode.INVALID_MESSAGE, "the population register refuses the request as invalid");
            }
            throw answer.unexpected();
        }
        return RegisterTranslation.toCanonical(answer);
    }
}
