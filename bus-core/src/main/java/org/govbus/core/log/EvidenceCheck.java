package org.govbus.core.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.govbus.core.pki.TimeStamps;
import org.govbus.core.security.Digests;
import org.govbus.core.security.HashTree;

/**
 * Checks an {@link EvidencePackage} offline: every file against SHA256SUMS, every hop's bytes against its entry,
 * every entry through its proof to its checkpoint's root, every checkpoint's signature and time-stamp, and that
 * the bus's and the time-stamp authority's certificates chain to the CAs — those the auditor pins, or else the
 * ones in the package (then the result says so: trust must come from outside the zip).
 */
public final class EvidenceCheck {
    /** What was found: the problems (empty when all is well) and what was checked. */
    public record Result(List<String> problems, List<String> checked) {
        public boolean intact() { return problems.isEmpty(); }
    }

    private final Map<String, byte[]> files;
    private final List<String> problems = new ArrayList<>();
    private final List<String> checked = new ArrayList<>();

    private EvidenceCheck(Map<String, byte[]> files) { this.files = files; }

    /**
     * {@code trust}: the CAs to trust and the bus's system. Without CAs the package is checked against the CAs it
     * carries, which proves it consistent but not genuine: the result then is not intact, and says so.
     */
    public static Result check(Path zip, LogTrust trust) {
        EvidenceCheck c = new EvidenceCheck(read(zip));
        c.run(trust);
        return new Result(List.copyOf(c.problems), List.copyOf(c.checked));
    }

    private void run(LogTrust pinned) {
        if (!sums()) return;
        LogTrust trust = pinned;
        if (pinned.anchors().isEmpty()) {
            List<X509Certificate> carried = new ArrayList<>();
            for (Map.Entry<String, byte[]> f : files.entrySet()) if (f.getKey().startsWith("ca/")) carried.add(certificate(f.getValue()));
            trust = new LogTrust(carried, pinned.bus());
            problem("no CA pinned (--ca): checked against the " + carried.size() + " CA(s) the package itself carries ("
                    + String.join(", ", carried.stream().map(EvidencePackage::ref).toList()) + "), which proves it consistent, not genuine");
        }
        if (!oneMessage()) return;
        Map<String, Instant> checkpoints = new TreeMap<>();
        for (String name : files.keySet()) {
            if (name.startsWith("checkpoints/") && name.endsWith(".txt")) {
                String base = name.substring(0, name.length() - 4);
                Instant at = checkpoint(base, trust);
                if (at != null) checkpoints.put(base, at);
            }
        }
        for (String name : files.keySet()) {
            if (name.startsWith("entries/") && name.endsWith(".txt")) entry(name.substring(0, name.length() - 4));
        }
        checkpoints.forEach((cp, at) -> checked.add(cp + ": signed by the bus, time-stamped at " + at));
    }

    /** At least one entry, all of one message, its client request among them: a package of nothing proves nothing. */
    private boolean oneMessage() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        List<String> hops = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().startsWith("entries/") || !f.getKey().endsWith(".txt")) continue;
            Map<String, String> fields = lines(f.getValue());
            ids.add(String.valueOf(fields.get("messageId")));
            hops.add(fields.get("hop"));
        }
        if (ids.size() != 1) return problem(ids.isEmpty() ? "the package holds no entry" : "the package mixes messages " + ids);
        if (!hops.contains(Hop.CLIENT_REQUEST.name())) return problem("the package lacks the message's client request");
        checked.add("message " + ids.iterator().next() + ": " + hops.size() + " hop(s) " + hops);
        return true;
    }

    private boolean sums() {
        byte[] sums = files.get(EvidencePackage.SUMS);
        if (sums == null) return problem("SHA256SUMS is missing");
        Map<String, String> listed = new HashMap<>();
        for (String line : new String(sums, StandardCharsets.US_ASCII).split("\n")) {
            if (line.length() < 67) return problem("SHA256SUMS has a malformed line: " + line);
            listed.put(line.substring(66), line.substring(0, 64));
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().equals(EvidencePackage.SUMS)) continue;
            String sum = listed.remove(f.getKey());
            if (sum == null) problem(f.getKey() + " is not listed in SHA256SUMS");
            else if (!sum.equals(Digests.hex(Digests.sha256(f.getValue())))) problem(f.getKey() + " was altered: its SHA-256 is not the one SHA256SUMS lists");
        }
        listed.keySet().forEach(missing -> problem(missing + " is listed in SHA256SUMS but missing"));
        return problems.isEmpty();
    }

    /** The checkpoint's signature, certificate and time-stamp; its time, or null after noting a problem. */
    private Instant checkpoint(String base, LogTrust trust) {
        Map<String, String> text = lines(files.get(base + ".txt"));
        byte[] signature = files.get(base + ".sig");
        byte[] token = files.get(base + ".tst");
        byte[] signerPem = files.get("certificates/" + text.get("signer") + ".pem");
        if (signature == null || token == null || signerPem == null) {
            problem(base + " lacks its signature, its time-stamp or its signer's certificate");
            return null;
        }
        X509Certificate signer = certificate(signerPem);
        if (!EvidencePackage.ref(signer).equals(text.get("signer"))) return fail(base + "'s signer certificate is not the one it names");
        Instant created = Instant.parse(text.get("created"));
        if (!trust.busSigned(signer, created)) {
            return fail(base + " is signed by " + signer.getSubjectX500Principal() + ", not by the bus " + trust.bus() + " with a certificate a trusted CA issued");
        }
        if (!CheckpointSigner.verify(signer, files.get(base + ".txt"), signature)) return fail(base + " does not match the bus's signature");
        try {
            return trust.stamped(new Checkpoint(text.get("node"), Long.parseLong(text.get("number")), Long.parseLong(text.get("first")),
                    Long.parseLong(text.get("last")), Digests.unhex(text.get("root")), Digests.unhex(text.get("previous")), created,
                    text.get("signer"), signature, token));
        } catch (TimeStamps.Invalid e) {
            return fail(base + ": " + e.getMessage());
        }
    }

    private void entry(String base) {
        byte[] text = files.get(base + ".txt");
        byte[] payload = files.get(base + ".bin");
        byte[] proof = files.get(base + ".proof");
        if (payload == null || proof == null) {
            problem(base + " lacks its bytes or its proof");
            return;
        }
        Map<String, String> fields = lines(text);
        if (!Digests.hex(Digests.sha256(payload)).equals(fields.get("payloadSha256"))) {
            problem(base + ".bin is not the payload its entry names");
            return;
        }
        String certificate = fields.get("signerCertificate");
        if (certificate != null && !files.containsKey("certificates/" + certificate + ".pem")) problem(base + "'s signer certificate is missing");
        String[] steps = new String(proof, StandardCharsets.US_ASCII).split("\n");
        String cp = steps[0].startsWith("checkpoint=") ? "checkpoints/" + steps[0].substring("checkpoint=".length()) : null;
        if (cp == null || !files.containsKey(cp + ".txt")) {
            problem(base + ".proof names no checkpoint in the package");
            return;
        }
        byte[] h = HashTree.leaf(Digests.sha256(text));
        for (int i = 1; i < steps.length; i++) {
            String[] step = steps[i].split(" ");
            h = HashTree.fold(h, List.of(new HashTree.Step("left".equals(step[0]), Digests.unhex(step[1]))));
        }
        if (!MessageDigest.isEqual(h, Digests.unhex(lines(files.get(cp + ".txt")).get("root")))) {
            problem(base + " is not under " + cp + ": its proof does not lead to the checkpoint's root");
            return;
        }
        checked.add(base + ": bytes, entry and proof to " + cp);
    }

    private static Map<String, String> lines(byte[] text) {
        Map<String, String> out = new HashMap<>();
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    private boolean problem(String p) {
        problems.add(p);
        return false;
    }

    private Instant fail(String p) {
        problems.add(p);
        return null;
    }

    private static X509Certificate certificate(byte[] pem) { return EvidencePackage.certificate(pem); }

    /** The names an export writes; anything else (a path, a second README) is not evidence and is refused. */
    private static final java.util.regex.Pattern NAMES = java.util.regex.Pattern.compile(
            "README\\.txt|SHA256SUMS|entries/[A-Za-z0-9._-]+-\\d+-[A-Z_]+\\.(txt|bin|proof)|checkpoints/[A-Za-z0-9._-]+-\\d+\\.(txt|sig|tst)"
                    + "|(certificates|ca)/[0-9a-f]{64}\\.pem");

    /** Read by the zip's central directory, as {@code unzip} reads it, so the checker and a person see the same files. */
    private static Map<String, byte[]> read(Path zip) {
        Map<String, byte[]> out = new TreeMap<>();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (!NAMES.matcher(e.getName()).matches()) throw new IllegalArgumentException(zip + " holds " + e.getName() + ", which no export writes");
                try (InputStream in = z.getInputStream(e)) {
                    if (out.put(e.getName(), in.readNBytes(64 * 1024 * 1024)) != null) {
                        throw new IllegalArgumentException(zip + " holds " + e.getName() + " twice");
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(zip + " is not a readable zip: " + e.getMessage(), e);
        }
        return out;
    }
}
