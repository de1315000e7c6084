package org.govbus.core.text;

import java.util.regex.Pattern;

/**
 * Keeps personal data out of text logs: IINs/BINs (12 digits) keep only their last two digits.
 * The message log is the only store of payloads.
 */
public final class Masking {
    private static final Pattern TWELVE_DIGITS = Pattern.compile("(?<![0-9])[0-9]{10}([0-9]{2})(?![0-9])");

    private Masking() {}

    public static String mask(String text) {
        if (text == null || text.length() < 12) return text;
        return TWELVE_DIGITS.matcher(text).replaceAll("**********$1");
    }
}
