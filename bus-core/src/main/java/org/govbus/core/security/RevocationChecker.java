package org.govbus.core.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a certificate has been revoked by its authority: by OCSP where the certificate names a responder, else (or
 * when the responder cannot be reached) by the CRL at its distribution point; each answer kept as long as it says it
 * is valid ({@code nextUpdate}), a failure for a few seconds. Only answers signed by the issuing CA (or a responder it
 * certified for OCSP signing) count. A certificate naming neither an OCSP responder nor a CRL is one its authority
 * offers no revocation for: it is {@link Status#GOOD}, as the CA's own policy says.
 */
public final class RevocationChecker {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationChecker.class);
    /** how long an answer without a nextUpdate is kept */
    private static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(5);
    /** how long a failure to get an answer is kept, so that a responder that is down is not asked by every request */
    private static final Duration FAILURE_VALIDITY = Duration.ofSeconds(5);
    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    private static final int MAX_OCSP_BYTES = 64 * 1024;
    private static final int MAX_CRL_BYTES = 16 * 1024 * 1024;

    public enum Status { GOOD, REVOKED, UNKNOWN }

    /** A status (or a CRL to look it up in), with why it is unknown (for the log) and until when it holds. */
    private record Answer(Status status, String why, Instant validUntil, X509CRL crl) {
        Answer(Status status, Instant validUntil) {
            this(status, null, validUntil, null);
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Object> fetching = new ConcurrentHashMap<>();

    public RevocationChecker(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The status of {@code cert}, issued by {@code issuer}; {@code why} gets the reason when it is unknown. */
    public Status status(X509Certificate cert, X509Certificate issuer, java.util.function.Consumer<String> why) {
        List<URI> ocsp;
        List<URI> crls;
        try {
            ocsp = ocspResponders(cert);
            crls = crlDistributionPoints(cert);
        } catch (UnusablePointer e) {
            // the CA says where the status is, but not in a form the bus can fetch: not the same as saying nothing
            why.accept(e.getMessage());
            return Status.UNKNOWN;
        }
        if (ocsp.isEmpty() && crls.isEmpty()) return Status.GOOD;
        String issuerId = fingerprint(issuer);
        List<String> reasons = new ArrayList<>();
        for (URI responder : ocsp) {
            Answer a = cached("ocsp " + responder + " " + issuerId + " " + cert.getSerialNumber(), () -> askOcsp(responder, cert, issuer));
            if (a.status() != Status.UNKNOWN) return a.status();
            reasons.add(a.why());
        }
        for (URI crl : crls) {
            Answer a = cached("crl " + crl + " " + issuerId, () -> fetchCrl(crl, issuer));
            if (a.crl() != null) return a.crl().isRevoked(cert) ? Status.REVOKED : Status.GOOD;
            reasons.add(a.why());
        }
        why.accept(String.join("; ", reasons));
        return Status.UNKNOWN;
    }

    private Answer cached(String key, java.util.function.Supplier<Answer> fetch) {
        Answer a = answers.get(key);
        if (a != null && clock.instant().isBefore(a.validUntil())) return a;
        // one fetch per key at a time; the others wait for its answer instead of asking again
        synchronized (fetching.computeIfAbsent(key, k -> new Object())) {
            a = answers.get(key);
            if (a != null && clock.instant().isBefore(a.validUntil())) return a;
            a = fetch.get();
            answers.put(key, a);
            return a;
        }
    }

    private Answer askOcsp(URI responder, X509Certificate cert, X509Certificate issuer) {
        Instant now = clock.instant();
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), cert.getSerialNumber());
            byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(responder).timeout(timeout)
                    .header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body = bounded(r, MAX_OCSP_BYTES);
            if (r.statusCode() != 200) return unknown("the OCSP responder " + responder + " answered HTTP " + r.statusCode(), now);
            if (body == null) return unknown("the OCSP answer of " + responder + " is larger than " + MAX_OCSP_BYTES + " bytes", now);
            OCSPResp resp = new OCSPResp(body);
            if (resp.getStatus() != OCSPResp.SUCCESSFUL) return unknown("the OCSP responder " + responder + " refused: status " + resp.getStatus(), now);
            BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
            if (!signedForIssuer(basic, issuer)) return unknown("the OCSP answer of " + responder + " is not signed for the issuing CA", now);
            for (SingleResp single : basic.getResponses()) {
                if (!single.getCertID().equals(id)) continue;
                Instant thisUpdate = single.getThisUpdate().toInstant();
                Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
                // without a nextUpdate an answer says nothing of how long it holds: one older than the bus would keep it
                // could be a "good" replayed from before the revocation (OCSP over http has no nonce here)
                boolean stale = nextUpdate != null ? !nextUpdate.isAfter(now) : thisUpdate.isBefore(now.minus(DEFAULT_VALIDITY));
                if (thisUpdate.isAfter(now.plus(Duration.ofMinutes(5))) || stale) {
                    return unknown("the OCSP answer of " + responder + " is not current", now);
                }
                Instant until = nextUpdate != null ? nextUpdate : now.plus(DEFAULT_VALIDITY);
                CertificateStatus status = single.getCertStatus();
                if (status == CertificateStatus.GOOD) return new Answer(Status.GOOD, until);
                if (status instanceof RevokedStatus) return new Answer(Status.REVOKED, until);
                return unknown("the OCSP responder " + responder + " does not know the certificate", now);
            }
            return unknown("the OCSP answer of " + responder + " is about another certificate", now);
        } catch (IOException e) {
            return unknown("the OCSP responder " + responder + " cannot be reached: " + e, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unknown("interrupted while asking " + responder, now);
        } catch (Exception e) {
            return unknown("the OCSP answer of " + responder + " cannot be read: " + e, now);
        }
    }

    /** Signed by the issuing CA itself, or by a responder certificate the CA issued for OCSP signing. */
    private static boolean signedForIssuer(BasicOCSPResp basic, X509Certificate issuer) throws Exception {
        if (signedWith(basic, issuer)) return true;
        for (X509CertificateHolder holder : basic.getCerts()) {
            X509Certificate responder = new JcaX509CertificateConverter().getCertificate(holder);
            List<String> usages = responder.getExtendedKeyUsage();
            if (!responder.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                    || usages == null || !usages.contains(OCSP_SIGNING)) continue;
            try {
                responder.verify(issuer.getPublicKey());
                responder.checkValidity();
            } catch (java.security.GeneralSecurityException notCertified) {
                continue;
            }
            if (signedWith(basic, responder)) return true;
        }
        return false;
    }

    /** False also when the key cannot verify this kind of signature (an EC CA, an RSA responder): then another may. */
    private static boolean signedWith(BasicOCSPResp basic, X509Certificate signer) {
        try {
            return basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer.getPublicKey()));
        } catch (Exception e) {
            return false;
        }
    }

    private Answer fetchCrl(URI url, X509Certificate issuer) {
        Instant now = clock.instant();
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] body = bounded(r, MAX_CRL_BYTES);
            if (r.statusCode() != 200) return unknown("the CRL at " + url + " answered HTTP " + r.statusCode(), now);
            if (body == null) return unknown("the CRL at " + url + " is larger than " + MAX_CRL_BYTES + " bytes", now);
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(body));
            if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                return unknown("the CRL at " + url + " is not the issuing CA's", now);
            }
            crl.verify(issuer.getPublicKey());
            Instant nextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
            if (nextUpdate != null && !nextUpdate.isAfter(now)) return unknown("the CRL at " + url + " is out of date", now);
            return new Answer(null, null, nextUpdate != null ? nextUpdate : now.plus(DEFAULT_VALIDITY), crl);
        } catch (IOException e) {
            return unknown("the CRL at " + url + " cannot be fetched: " + e, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unknown("interrupted while fetching " + url, now);
        } catch (Exception e) {
            return unknown("the CRL at " + url + " cannot be read or is not signed by the issuing CA: " + e, now);
        }
    }

    /** The body, or null when it is larger than {@code max}: a responder cannot make the bus read without end. */
    private static byte[] bounded(HttpResponse<InputStream> r, int max) throws IOException {
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(max + 1);
            return body.length > max ? null : body;
        }
    }

    private static String fingerprint(X509Certificate issuer) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(issuer.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer unknown(String why, Instant now) {
        LOG.warn("revocation status unknown: {}", why);
        return new Answer(Status.UNKNOWN, why, now.plus(FAILURE_VALIDITY), null);
    }

    /** A revocation pointer the certificate has but the bus cannot use: malformed, or not http (LDAP, say). */
    private static final class UnusablePointer extends Exception {
        UnusablePointer(String message) {
            super(message, null, false, false);
        }
    }

    static List<URI> ocspResponders(X509Certificate cert) throws UnusablePointer {
        byte[] ext = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (ext == null) return List.of();
        List<URI> out = new ArrayList<>();
        int named = 0;
        try {
            for (AccessDescription d : AuthorityInformationAccess.getInstance(parse(ext)).getAccessDescriptions()) {
                if (AccessDescription.id_ad_ocsp.equals(d.getAccessMethod())) {
                    named++;
                    addHttp(d.getAccessLocation(), out);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UnusablePointer("the certificate's authority information access cannot be read");
        }
        if (named > 0 && out.isEmpty()) throw new UnusablePointer("the certificate names an OCSP responder that is not an http URL");
        return out;
    }

    static List<URI> crlDistributionPoints(X509Certificate cert) throws UnusablePointer {
        byte[] ext = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (ext == null) return List.of();
        List<URI> out = new ArrayList<>();
        try {
            for (DistributionPoint p : CRLDistPoint.getInstance(parse(ext)).getDistributionPoints()) {
                DistributionPointName name = p.getDistributionPoint();
                if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                    for (GeneralName g : GeneralNames.getInstance(name.getName()).getNames()) addHttp(g, out);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UnusablePointer("the certificate's CRL distribution points cannot be read");
        }
        if (out.isEmpty()) throw new UnusablePointer("the certificate names a CRL that is not at an http URL");
        return out;
    }

    private static ASN1Primitive parse(byte[] extensionValue) throws IOException {
        return JcaX509ExtensionUtils.parseExtensionValue(extensionValue);
    }

    /** Only http: LDAP and the like are not fetched by the bus. */
    private static void addHttp(GeneralName name, List<URI> out) {
        if (name.getTagNo() != GeneralName.uniformResourceIdentifier) return;
        String uri = name.getName().toString();
        if (uri.startsWith("http://") || uri.startsWith("https://")) out.add(URI.create(uri));
    }
}
