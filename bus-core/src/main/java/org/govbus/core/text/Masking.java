package org.govbus.core.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps personal data out of text logs: IINs/BINs (12 digits standing alone) keep only their last two
 * digits. UUIDs, whose last group may happen to be 12 digits, are left alone. The message log is the only
 * store of payloads.
 */
public final class Masking {
    private static final Pattern UUID_OR_IIN = Pattern.compile(
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})|(?<![0-9])[0-9]{10}([0-9]{2})(?![0-9])");

    private Masking() {}

    public static String mask(String text) {
        if (text == null || text.length() < 12) return text;
        Matcher m = UUID_OR_IIN.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, m.group(1) != null ? "$1" : "**********$2");
        }
        return m.appendTail(out).toString();
    }
}
