package org.govbus.core.security;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.govbus.core.id.SystemId;

/**
 * How a certificate names the system that holds it: the subject's common name is the system id, e.g.
 * {@code CN=KZ/GOV/EGOV/portal, O=..., C=KZ}. One convention, used by {@code pki init} and by verification.
 */
public final class SystemCertificates {
    private SystemCertificates() {}

    /** The system the certificate was issued to, or null when its CN is not a system id. */
    public static SystemId systemOf(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (cns.length != 1) return null;
        try {
            return SystemId.parse(IETFUtils.valueToString(cns[0].getFirst().getValue()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The subject's one common name (an authority's name, say), or its whole subject when it has none or several. */
    public static String commonName(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        return cns.length == 1 ? IETFUtils.valueToString(cns[0].getFirst().getValue()) : subject.toString();
    }

    public static String describe(X509Certificate c) {
        return c.getSubjectX500Principal().getName() + " #" + c.getSerialNumber().toString(16);
    }
}
