package org.govbus.core.log;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Whether a signer of the log was trusted: one of the anchors, or issued by one, and valid at the time it signed. */
final class Anchors {
    private Anchors() {}

    static boolean issued(X509Certificate cert, List<X509Certificate> anchors, Instant at) {
        try {
            cert.checkValidity(Date.from(at));
        } catch (GeneralSecurityException e) {
            return false;
        }
        for (X509Certificate anchor : anchors) {
            if (anchor.equals(cert)) return true;
            if (!anchor.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) continue;
            try {
                cert.verify(anchor.getPublicKey());
                return true;
            } catch (GeneralSecurityException e) {
                // not this anchor
            }
        }
        return false;
    }
}
