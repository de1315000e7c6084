package org.govbus.app;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.govbus.core.text.Masking;

/** {@code %maskedMsg}: the log message with IINs masked, whoever logged it. */
public final class MaskingConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) { return Masking.mask(super.convert(event)); }
}
