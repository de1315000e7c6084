package org.govbus.core.id;

import java.util.Map;
import java.util.Optional;

/**
 * An international bank account number (ISO 13616): country, two check digits, then the country's own account
 * number (BBAN) of a fixed length. Kazakhstan's is 20 characters: {@code KZkk bbbc cccc cccc cccc}, a 3-digit bank code
 * and a 13-character account. Valid when the length suits the country and the number taken mod 97 is 1.
 */
public final class Iban {
    /** whole lengths of the countries the bus pays into; another country's IBAN is refused rather than guessed at */
    private static final Map<String, Integer> LENGTHS = Map.of("KZ", 20);

    private Iban() {}

    public static boolean isValid(String iban) { return problem(iban).isEmpty(); }

    /** Why {@code iban} is not a valid IBAN, in words for a fault; empty when it is. */
    public static Optional<String> problem(String iban) {
        if (iban == null || iban.length() < 4) return Optional.of("an IBAN is at least 4 characters");
        Integer length = LENGTHS.get(iban.substring(0, 2));
        if (length == null) return Optional.of("an IBAN of country " + iban.substring(0, 2) + " is not paid into by this bus");
        if (iban.length() != length) return Optional.of("an IBAN of country " + iban.substring(0, 2) + " has " + length + " characters, not " + iban.length());
        if (!iban.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
            return Optional.of("an IBAN has only digits and capital letters");
        }
        if (!Character.isDigit(iban.charAt(2)) || !Character.isDigit(iban.charAt(3))) return Optional.of("an IBAN's check digits are digits");
        if (mod97(iban.substring(4) + iban.substring(0, 4)) != 1) return Optional.of("the IBAN's check digits are wrong");
        return Optional.empty();
    }

    /** The IBAN with its check digits computed for {@code country} and {@code bban}, e.g. for test and demo accounts. */
    public static String of(String country, String bban) {
        int check = 98 - mod97(bban + country + "00");
        return country + (check < 10 ? "0" : "") + check + bban;
    }

    /** The number the characters spell (A = 10 … Z = 35), mod 97, a digit at a time. */
    private static int mod97(String s) {
        int r = 0;
        for (int i = 0; i < s.length(); i++) {
            int v = Character.digit(s.charAt(i), 36);
            r = v < 10 ? (r * 10 + v) % 97 : (r * 100 + v) % 97;
        }
        return r;
    }
}
