package org.govbus.core.pipeline;

import java.util.function.UnaryOperator;

/**
 * A request as the ingress received it, before any codec has read it.
 *
 * @param body        the body, already cut at the size limit
 * @param contentType the {@code Content-Type} header, or null
 * @param target      the service the URL names (JSON ingress), or null where the URL names none (SOAP)
 * @param headers     the other HTTP headers, by name; null for a header that was not sent
 */
public record WireInput(byte[] body, String contentType, String target, UnaryOperator<String> headers) {}
