package org.govbus.core.log;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.govbus.core.id.SystemId;
import org.govbus.core.pki.TimeStamps;
import org.govbus.core.security.SystemCertificates;

/**
 * Who may vouch for the log: checkpoints and archives are signed by the bus — a certificate one of {@code anchors}
 * issued that names the {@code bus} system, not merely any certificate of that CA (clients have those too) — and
 * time-stamped by an authority the anchors issued, at about the time the bus says it signed.
 */
public record LogTrust(List<X509Certificate> anchors, SystemId bus) {
    /** how far a time-stamp may come before the checkpoint's own time (clocks differ) or after it (a slow authority) */
    static final Duration STAMP_BEFORE = Duration.ofMinutes(5);
    static final Duration STAMP_AFTER = Duration.ofMinutes(30);

    public LogTrust {
        anchors = List.copyOf(anchors);
    }

    /** The bus's certificate, issued by an anchor and valid at {@code at}. */
    boolean busSigned(X509Certificate signer, Instant at) {
        return Anchors.issued(signer, anchors, at) && bus.equals(SystemCertificates.systemOf(signer));
    }

    /** The checkpoint's time-stamp holds, and was made at about its stated time; throws {@link TimeStamps.Invalid} if not. */
    Instant stamped(Checkpoint cp) {
        Instant at = TimeStamps.verify(cp.timeStamp(), cp.imprint(), anchors);
        if (at.isBefore(cp.createdAt().minus(STAMP_BEFORE)) || at.isAfter(cp.createdAt().plus(STAMP_AFTER))) {
            throw new TimeStamps.Invalid("the time-stamp says " + at + " but the checkpoint says it was made at " + cp.createdAt());
        }
        return at;
    }
}
