package org.govbus.app;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.govbus.core.text.Masking;

/**
 * {@code %maskedEx}: a logged exception's stack trace with IINs masked. A database driver's message can quote the
 * values of a failed statement (PostgreSQL's batch errors do), and without it logback prints the trace unmasked.
 */
public final class MaskingThrowableConverter extends ThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) { return Masking.mask(super.convert(event)); }
}
