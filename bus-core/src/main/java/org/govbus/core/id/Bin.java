package org.govbus.core.id;

/**
 * Kazakhstan's business identification number: 12 digits, the year and month of registration first, then the kind
 * of entity (4 a resident legal entity, 5 a non-resident one, 6 an individual entrepreneur in a joint venture), and
 * a check digit computed as the {@link Iin}'s.
 */
public final class Bin {
    private Bin() {}

    public static boolean isValid(String bin) {
        return Iin.isValid(bin) && bin.charAt(4) >= '4' && bin.charAt(4) <= '6' && bin.charAt(2) <= '1';
    }
}
