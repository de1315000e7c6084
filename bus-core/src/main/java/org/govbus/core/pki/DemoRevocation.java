package org.govbus.core.pki;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.govbus.core.security.KeyMaterial;

/**
 * The demo CA's revocation service: a CRL at {@code /crl} and an OCSP responder at {@code /ocsp}, both signed by the
 * CA's own key, from the list of revoked serial numbers in {@code revoked.txt} beside it (which {@code govbus pki
 * revoke} appends to). OCSP answers are valid for {@value #OCSP_VALIDITY_SECONDS} s and the CRL for
 * {@value #CRL_VALIDITY_SECONDS} s, so a node caching them sees a revocation within that time. For the demo and tests
 * only: it answers "good" for any serial it has not been told is revoked.
 */
public final class DemoRevocation implements AutoCloseable {
    public static final String REVOKED_FILE = "revoked.txt";
    public static final int DEMO_PORT = 18090;
    static final int OCSP_VALIDITY_SECONDS = 10;
    static final int CRL_VALIDITY_SECONDS = 30;

    private final Path pkiDir;
    private final Pki.Authority ca;
    private final HttpServer server;

    private DemoRevocation(Path pkiDir, Pki.Authority ca, HttpServer server) {
        this.pkiDir = pkiDir;
        this.ca = ca;
        this.server = server;
    }

    /** The certificate extensions pointing at this service on {@code host:port}. */
    public static Pki.Revocation urls(String host, int port) {
        String base = "http://" + host + ":" + port;
        return new Pki.Revocation(base + "/ocsp", base + "/crl");
    }

    /** Serves the CA in {@code pkiDir} on {@code host:port} until closed. */
    public static DemoRevocation start(Path pkiDir, char[] password, String host, int port) throws IOException {
        KeyMaterial caKey = KeyMaterial.load(pkiDir.resolve(DemoPki.AUTHORITY), password);
        Pki.Authority ca = new Pki.Authority(new java.security.KeyPair(caKey.certificate().getPublicKey(), caKey.privateKey()),
                caKey.certificate());
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        DemoRevocation service = new DemoRevocation(pkiDir, ca, server);
        server.createContext("/ocsp", service::ocsp);
        server.createContext("/crl", service::crl);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "demo-revocation");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return service;
    }

    /** Records {@code certificate} as revoked now, for every responder reading {@code pkiDir}. */
    public static void revoke(Path pkiDir, X509Certificate certificate) throws IOException {
        Files.writeString(pkiDir.resolve(REVOKED_FILE), certificate.getSerialNumber().toString(16) + " " + Instant.now() + "\n",
                StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Serial number → time of revocation, as {@code revoked.txt} has them now. */
    static Map<BigInteger, Instant> revoked(Path pkiDir) throws IOException {
        Path file = pkiDir.resolve(REVOKED_FILE);
        Map<BigInteger, Instant> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2) out.put(new BigInteger(parts[0], 16), Instant.parse(parts[1]));
        }
        return out;
    }

    private void ocsp(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            OCSPReq request = new OCSPReq(in.readNBytes(64 * 1024));
            Map<BigInteger, Instant> revoked = revoked(pkiDir);
            Instant now = Instant.now();
            X509CertificateHolder caHolder = new JcaX509CertificateHolder(ca.certificate());
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(caHolder.getSubject()));
            for (Req r : request.getRequestList()) {
                boolean ours = r.getCertID().matchesIssuer(caHolder, new JcaDigestCalculatorProviderBuilder().build());
                Instant when = revoked.get(r.getCertID().getSerialNumber());
                CertificateStatus status = !ours ? new org.bouncycastle.cert.ocsp.UnknownStatus()
                        : when == null ? CertificateStatus.GOOD : new RevokedStatus(Date.from(when), CRLReason.keyCompromise);
                builder.addResponse(r.getCertID(), status, Date.from(now), Date.from(now.plusSeconds(OCSP_VALIDITY_SECONDS)));
            }
            byte[] body = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                    builder.build(signer(), new X509CertificateHolder[0], Date.from(now))).getEncoded();
            send(exchange, "application/ocsp-response", body);
        } catch (Exception e) {
            try {
                send(exchange, "application/ocsp-response", new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded());
            } catch (org.bouncycastle.cert.ocsp.OCSPException cannot) {
                exchange.sendResponseHeaders(500, -1);
            }
        }
    }

    private void crl(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant now = Instant.now();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                    Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(Duration.ofSeconds(CRL_VALIDITY_SECONDS))));
            for (Map.Entry<BigInteger, Instant> e : revoked(pkiDir).entrySet()) {
                builder.addCRLEntry(e.getKey(), Date.from(e.getValue()), CRLReason.keyCompromise);
            }
            send(exchange, "application/pkix-crl", builder.build(signer()).getEncoded());
        } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private ContentSigner signer() throws Exception {
        return new JcaContentSignerBuilder("SHA256withRSA").build(ca.keys().getPrivate());
    }

    private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    public int port() { return server.getAddress().getPort(); }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

}
