package org.govbus.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 written by hand on a socket, for what no HTTP client will send: any method, a false length, a body cut off. */
final class RawHttp {
    private RawHttp() {}

    record Response(int status, Map<String, String> headers, byte[] body, String interim) {
        String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

        String text() { return new String(body, StandardCharsets.UTF_8); }
    }

    static Socket connect(String baseUrl) throws IOException {
        URI base = URI.create(baseUrl);
        Socket s = new Socket(base.getHost(), base.getPort());
        s.setSoTimeout(15_000);
        return s;
    }

    static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Reads one response (after any 1xx interim ones, which {@code interim} keeps); the body by its Content-Length. */
    static Response read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder interim = new StringBuilder();
        while (true) {
            String head = readHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            if (status < 200) {
                interim.append(head);
                continue;
            }
            String length = headers.get("content-length");
            byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            return new Response(status, headers, body, interim.toString());
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
        }
        if (head.size() == 0) throw new SocketException("closed before a response");
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until the server closes the connection; true when it did (end of stream or reset), false on timeout. */
    static boolean closedByServer(Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // the response to what was sent, if any, before the close
            }
            return true;
        } catch (java.net.SocketTimeoutException timeout) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }
}
