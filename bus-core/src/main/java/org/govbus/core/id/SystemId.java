package org.govbus.core.id;

import java.util.regex.Pattern;

/** A client or provider subsystem: {@code INSTANCE/CLASS/MEMBER/SUBSYSTEM}, e.g. {@code KZ/GOV/MJ/gbd-fl}. */
public record SystemId(String instance, String memberClass, String memberCode, String subsystem) {
    static final Pattern PART = Pattern.compile("[A-Za-z0-9._\\-]+");

    public SystemId {
        for (String p : new String[] {instance, memberClass, memberCode, subsystem}) {
            if (p == null || !PART.matcher(p).matches()) {
                throw new IllegalArgumentException("bad identifier part '" + p + "'");
            }
        }
    }

    /** Parses {@code KZ/GOV/MJ/gbd-fl}; the message of the exception says what is wrong. */
    public static SystemId parse(String text) {
        if (text == null) throw new IllegalArgumentException("a system id is required");
        String[] p = text.split("/", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not a system id INSTANCE/CLASS/MEMBER/SUBSYSTEM");
        }
        return new SystemId(p[0], p[1], p[2], p[3]);
    }

    /** A name usable as a queue name: dots instead of slashes. */
    public String queueName() { return "govbus.provider." + toString().replace('/', '.'); }

    /** The queue of this provider's asynchronous requests: apart from its synchronous ones, never kept waiting behind retries. */
    public String asyncQueueName() { return "govbus.async." + toString().replace('/', '.'); }

    @Override
    public String toString() { return instance + "/" + memberClass + "/" + memberCode + "/" + subsystem; }
}
