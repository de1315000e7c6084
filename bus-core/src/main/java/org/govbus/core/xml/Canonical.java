package org.govbus.core.xml;

import java.io.ByteArrayOutputStream;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.c14n.InvalidCanonicalizerException;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.w3c.dom.Element;

/** The exclusive canonical form of a signed element: the very octets its signature covers. */
public final class Canonical {
    static {
        // Santuario's algorithms must be registered before first use, also where no WS-Security code ran before
        org.apache.xml.security.Init.init();
    }

    private Canonical() {}

    public static byte[] bytes(Element element) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS).canonicalizeSubtree(element, out);
        } catch (InvalidCanonicalizerException | org.apache.xml.security.c14n.CanonicalizationException e) {
            throw new BusException(FaultCode.INTERNAL, "cannot canonicalise the payload");
        }
        return out.toByteArray();
    }
}
