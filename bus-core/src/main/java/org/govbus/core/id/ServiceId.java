package org.govbus.core.id;

import java.util.regex.Pattern;

/** A service: the providing system, a service code and a version, e.g. {@code KZ/GOV/MJ/gbd-fl/person-by-iin/v1}. */
public record ServiceId(SystemId provider, String code, String version) {
    private static final Pattern VERSION = Pattern.compile("v[0-9]+");

    public ServiceId {
        if (code == null || !SystemId.PART.matcher(code).matches()) {
            throw new IllegalArgumentException("bad service code '" + code + "'");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("bad service version '" + version + "' (expected v1, v2, ...)");
        }
    }

    public static ServiceId parse(String text) {
        if (text == null) throw new IllegalArgumentException("a service id is required");
        int versionSlash = text.lastIndexOf('/');
        int codeSlash = versionSlash > 0 ? text.lastIndexOf('/', versionSlash - 1) : -1;
        if (codeSlash <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a service id INSTANCE/CLASS/MEMBER/SUBSYSTEM/CODE/VERSION");
        }
        return new ServiceId(SystemId.parse(text.substring(0, codeSlash)),
                text.substring(codeSlash + 1, versionSlash), text.substring(versionSlash + 1));
    }

    @Override
    public String toString() { return provider + "/" + code + "/" + version; }
}
