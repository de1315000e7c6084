package org.govbus.core.id;

/**
 * Kazakhstan's individual identification number: 12 digits, birth date first, the last a check digit
 * computed mod 11 with weights 1..11, or 3..11,1,2 when the first pass gives 10.
 */
public final class Iin {
    private static final int[] FIRST = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    private static final int[] SECOND = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};

    private Iin() {}

    public static boolean isValid(String iin) {
        if (iin == null || iin.length() != 12 || !iin.chars().allMatch(Character::isDigit)) return false;
        int check = checkDigit(iin.substring(0, 11));
        return check >= 0 && check == iin.charAt(11) - '0';
    }

    /** The check digit for the first 11 digits, or -1 when no valid IIN has them. */
    public static int checkDigit(String first11) {
        int d = weighted(first11, FIRST);
        if (d == 10) d = weighted(first11, SECOND);
        return d == 10 ? -1 : d;
    }

    private static int weighted(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < 11; i++) sum += (digits.charAt(i) - '0') * weights[i];
        return sum % 11;
    }
}
