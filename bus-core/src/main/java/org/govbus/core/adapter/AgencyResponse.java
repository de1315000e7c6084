package org.govbus.core.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.json.StrictJson;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Document;

/** An agency's HTTP answer, with readers that turn an unreadable one into {@code Server.ProviderError}. */
public record AgencyResponse(String agency, int status, String contentType, byte[] body) {
    public boolean ok() { return status >= 200 && status < 300; }

    public String text() { return new String(body, StandardCharsets.UTF_8); }

    /** The body as JSON, parsed with the bus's own limits. */
    public JsonNode json() {
        try {
            return StrictJson.parse(body, agency + "'s answer");
        } catch (RuntimeException e) {
            throw unreadable("its answer is not JSON");
        }
    }

    /** The body as XML, parsed by the bus's hardened parser. */
    public Document xml() {
        try {
            return SecureXml.parse(body);
        } catch (RuntimeException e) {
            throw unreadable("its answer is not XML");
        }
    }

    /**
     * The fault for a status the adapter does not expect: the agency's own failure (5xx, 429) could pass on a retry
     * ({@code Server.ProviderUnavailable}); anything else is an answer the bus cannot map ({@code Server.ProviderError}).
     */
    public BusException unexpected() {
        boolean agencyTrouble = status >= 500 || status == 429 || status == 408;
        return new BusException(agencyTrouble ? FaultCode.PROVIDER_UNAVAILABLE : FaultCode.PROVIDER_ERROR,
                agency + " answered HTTP " + status);
    }

    /** {@code Server.ProviderError}: the answer is not what the agency's protocol says. */
    public BusException unreadable(String what) {
        return new BusException(FaultCode.PROVIDER_ERROR, agency + " is not understood: " + what);
    }
}
