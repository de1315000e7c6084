package org.govbus.core.config;

/**
 * Bounds on the shape of a request, checked before anything costly reads it, the same for XML and for JSON:
 * nesting {@code depth}; {@code elements} (XML elements, JSON values); {@code attributes} per XML element (namespace
 * declarations included) or members per JSON object; {@code namespaces} declared in the whole XML document;
 * {@code nameLength} of an element, attribute or member name; {@code textLength} of a text, attribute value or string.
 * The defaults hold any request of the bus's services many times over and keep the cost of refusing one that breaks
 * them near the cost of parsing it.
 */
public record InputLimits(int depth, int elements, int attributes, int namespaces, int nameLength, int textLength) {
    public static final InputLimits DEFAULTS = new InputLimits(64, 50_000, 64, 256, 256, 65_536);
}
