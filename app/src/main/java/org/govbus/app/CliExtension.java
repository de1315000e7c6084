package org.govbus.app;

/**
 * A {@code govbus} subcommand from another module, found with {@link java.util.ServiceLoader}: the demo brings
 * {@code govbus demo} this way, so the production CLI carries no demo code.
 */
public interface CliExtension {
    /** A picocli {@code @Command} object. */
    Object command();
}
