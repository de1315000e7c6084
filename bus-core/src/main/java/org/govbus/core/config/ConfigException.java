package org.govbus.core.config;

import java.nio.file.Path;

/** A configuration problem, located: {@code file:line: reason}. Start-up stops on it. */
public class ConfigException extends RuntimeException {
    private final Path file;
    private final int line;
    private final String reason;

    public ConfigException(Path file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public Path file() { return file; }

    public int line() { return line; }

    public String reason() { return reason; }
}
