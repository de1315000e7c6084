package org.govbus.routes;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.text.Masking;
import org.govbus.core.pipeline.Codec;
import org.govbus.core.pipeline.WireReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's first look at a request, from its request line and headers alone, before a byte of the body is read:
 * only what each path serves ({@link EdgePaths}), only its format's content type, and no body declared larger than
 * the limit. A refusal here is the endpoint's own fault (a SOAP Fault on /soap, problem+json elsewhere), answered
 * without reading the body, so no {@code 100 Continue} is sent for it and the connection is closed after it.
 * A body that turns out larger than declared, or is chunked, is cut at the limit by the step that reads it.
 */
public final class EdgeFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeFilter.class);

    private final EdgePaths paths;
    private final Codec soap;
    private final Codec json;
    private final long maxBytes;

    public EdgeFilter(EdgePaths paths, Codec soap, Codec json, long maxBytes) {
        this.paths = paths;
        this.soap = soap;
        this.json = json;
        this.maxBytes = maxBytes;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = request.getRequestURI();
        EdgePaths.Served served = paths.served(path, request.getQueryString());
        Codec codec = served.soap() ? soap : json;
        String method = request.getMethod();

        if (served.methods().isEmpty()) {
            refuse(request, response, codec, FaultCode.UNKNOWN_SERVICE, "nothing is served at this path", null);
        } else if (!served.methods().contains(method)) {
            response.setHeader("Allow", String.join(", ", served.methods()));
            refuse(request, response, codec, FaultCode.METHOD_NOT_ALLOWED, served.methodReason(), null);
        } else if ("POST".equals(method) && !codec.acceptsContentType(request.getContentType())) {
            refuse(request, response, codec, FaultCode.UNSUPPORTED_MEDIA_TYPE, served.soap()
                    ? "the content type must be text/xml (SOAP 1.1, UTF-8)" : "the content type must be application/json (UTF-8)",
                    codec.claimedMessageId(request::getHeader));
        } else if (request.getContentLengthLong() > maxBytes) {
            refuse(request, response, codec, FaultCode.INVALID_MESSAGE, "the message is larger than " + maxBytes + " bytes",
                    codec.claimedMessageId(request::getHeader));
        } else if (hasBody(request)) {
            chain.doFilter(new CutAtLimit(request, response, maxBytes), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Codec codec, FaultCode code,
                        String reason, String messageId) throws IOException {
        WireReply fault = codec.fault(code, reason, messageId);
        LOG.warn("refused at the edge: {} {} {}: {} ({}), messageId={}", request.getRemoteAddr(), request.getMethod(),
                Masking.mask(request.getRequestURI()), code.code(), reason, messageId);
        response.setStatus(fault.status());
        response.setContentType(fault.contentType());
        // the body was not read: the connection cannot carry another request
        if (hasBody(request)) response.setHeader("Connection", "close");
        response.setContentLength(fault.body().length);
        response.getOutputStream().write(fault.body());
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /**
     * A body read past the limit is refused; the rest must stay unread. Past the limit the body reads as ended: CXF,
     * before it answers, reads what is left of a request (up to 16 MB) to keep the connection, and would spool it to a
     * temporary file where input caching is on. The answer says {@code Connection: close}, so Jetty does not read the
     * rest either.
     */
    private static final class CutAtLimit extends HttpServletRequestWrapper {
        private final HttpServletResponse response;
        private final long maxBytes;
        private ServletInputStream in;

        CutAtLimit(HttpServletRequest request, HttpServletResponse response, long maxBytes) {
            super(request);
            this.response = response;
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) in = new Counted(super.getInputStream());
            return in;
        }

        private final class Counted extends ServletInputStream {
            private final ServletInputStream body;
            private long read;
            private boolean cut;

            Counted(ServletInputStream body) {
                this.body = body;
            }

            @Override
            public int read() throws IOException {
                if (cut) return -1;
                int b = body.read();
                if (b >= 0) counted(1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (cut) return -1;
                int n = body.read(buffer, offset, length);
                if (n > 0) counted(n);
                return n;
            }

            private void counted(int n) {
                read += n;
                if (read > maxBytes && !cut) {
                    cut = true;
                    if (!response.isCommitted()) response.setHeader("Connection", "close");
                }
            }

            @Override
            public boolean isFinished() { return cut || body.isFinished(); }

            @Override
            public boolean isReady() { return body.isReady(); }

            @Override
            public void setReadListener(ReadListener listener) { body.setReadListener(listener); }
        }
    }
}
