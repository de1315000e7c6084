package org.govbus.core.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.govbus.core.log.LogVerifier.Finding;
import org.govbus.core.log.LogVerifier.NodeResult;
import org.govbus.core.log.LogVerifier.Problem;
import org.govbus.core.pki.TimeStamps;
import org.govbus.core.security.Digests;
import org.govbus.core.security.HashTree;

/**
 * {@link LogArchive#verify}: a directory of archives checked offline, each node's series in order of first entry.
 * In one archive, what is found first is reported: SHA256SUMS against the bus's signature, then every file against
 * SHA256SUMS, then the checkpoints (signature, time-stamp, links), then the entries (seqs, payloads, links, the
 * checkpoints' roots), then the certificates entries name; then the archive's link to the one before it. Files are
 * read one at a time in SHA256SUMS order (checkpoints, then entries in seq order), never all held in memory.
 */
final class ArchiveCheck {
    private static final Pattern ENTRY = Pattern.compile("entries/(\\d+)\\.(txt|bin)");

    /** An archive's archive.txt, or why it cannot be read. */
    private record Header(Path file, String node, long first, long last, byte[] previous, byte[] previousCheckpoint, Instant created,
                          String unreadable) {
        String name() { return file.getFileName().toString(); }
    }

    private final LogTrust trust;
    private final LogVerifier.Progress progress;
    private long checked;

    ArchiveCheck(LogTrust trust, LogVerifier.Progress progress) {
        this.trust = trust;
        this.progress = progress;
    }

    LogVerifier.Report run(Path dir) {
        Map<String, List<Header>> byNode = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.zip")) {
            for (Path f : files) {
                Header h = header(f);
                byNode.computeIfAbsent(h.node(), n -> new ArrayList<>()).add(h);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        List<NodeResult> out = new ArrayList<>();
        byNode.forEach((node, series) -> out.add(node(node, series.stream().sorted(Comparator.comparingLong(Header::first)).toList())));
        progress.checked(checked);
        return new LogVerifier.Report(out);
    }

    private static Header header(Path f) {
        Matcher m = LogArchive.NAME.matcher(f.getFileName().toString());
        String node = m.matches() ? m.group(1) : f.getFileName().toString();
        long first = m.matches() && m.group(2).length() < 18 ? Long.parseLong(m.group(2)) : 0;
        try (ZipFile zip = new ZipFile(f.toFile())) {
            ZipEntry e = zip.getEntry(LogArchive.HEADER);
            if (e == null) return new Header(f, node, first, first, null, null, null, "holds no " + LogArchive.HEADER);
            byte[] text = read(zip, e);
            Map<String, String> h = lines(text);
            if (!new String(text, StandardCharsets.UTF_8).startsWith(LogArchive.FORMAT + "\n")) {
                return new Header(f, node, first, first, null, null, null, "is not a " + LogArchive.FORMAT + " archive");
            }
            return new Header(f, h.get("node"), Long.parseLong(h.get("first")), Long.parseLong(h.get("last")), Digests.unhex(h.get("previous")),
                    Digests.unhex(h.get("previousCheckpoint")), Instant.parse(h.get("created")), null);
        } catch (IOException | RuntimeException x) {
            return new Header(f, node, first, first, null, null, null, "cannot be read: " + x.getMessage());
        }
    }

    private NodeResult node(String node, List<Header> series) {
        long nextSeq = 1;
        long nextCheckpoint = 1;
        byte[] hash = LogStore.Head.EMPTY.hash();
        byte[] imprint = Checkpoint.NONE;
        long entries = 0;
        long checkpoints = 0;
        for (Header h : series) {
            if (h.unreadable() != null) return new NodeResult(node, entries, checkpoints, 0, new Finding(Problem.ALTERED, Math.max(nextSeq, h.first()),
                    h.name() + " " + h.unreadable()));
            OneArchive a = new OneArchive(h);
            Finding f = a.check();
            entries += a.entries;
            checkpoints += a.checkpoints == null ? 0 : a.checkpoints.size();
            if (f == null && h.first() > nextSeq) {
                f = new Finding(Problem.MISSING, nextSeq, "entries " + nextSeq + "–" + (h.first() - 1) + " are in no archive here: the one before "
                        + h.name() + " is missing");
            } else if (f == null && (h.first() < nextSeq || !Arrays.equals(h.previous(), hash) || !Arrays.equals(h.previousCheckpoint(), imprint)
                    || a.checkpoints.get(0).number() != nextCheckpoint)) {
                f = new Finding(Problem.BROKEN_LINK, h.first(), h.name() + " does not follow " + (nextSeq == 1 ? "the chain's start"
                        : "the archive before it, which ends at entry " + (nextSeq - 1) + " and checkpoint " + (nextCheckpoint - 1)));
            }
            if (f != null) return new NodeResult(node, entries, checkpoints, 0, f);
            Checkpoint last = a.checkpoints.get(a.checkpoints.size() - 1);
            nextSeq = h.last() + 1;
            hash = a.lastHash;
            imprint = last.imprint();
            nextCheckpoint = last.number() + 1;
        }
        return new NodeResult(node, entries, checkpoints, 0, null);
    }

    /** One archive file: its signature, its files, its checkpoints and entries. */
    private final class OneArchive {
        final Header h;
        final Map<Long, Map<String, byte[]>> checkpointFiles = new TreeMap<>();
        final Map<String, byte[]> certificates = new HashMap<>();
        final Map<String, Long> named = new LinkedHashMap<>();
        final List<byte[]> leaves = new ArrayList<>();
        List<Checkpoint> checkpoints;
        int nextCheckpoint;
        long nextSeq;
        byte[] lastHash;
        long pendingSeq = -1;
        String pendingPayload;
        long entries;
        Finding walk;

        OneArchive(Header h) {
            this.h = h;
            this.nextSeq = h.first();
            this.lastHash = h.previous();
        }

        Finding check() {
            try (ZipFile zip = new ZipFile(h.file().toFile())) {
                Finding f = signature(zip);
                if (f == null) f = contents(zip);
                if (f == null) f = checkpoints();
                if (f == null) f = walk;
                return f != null ? f : certificates();
            } catch (IOException e) {
                return finding(Problem.ALTERED, h.first(), "cannot be read: " + e.getMessage());
            }
        }

        private Finding signature(ZipFile zip) throws IOException {
            ZipEntry bus = zip.getEntry(LogArchive.BUS);
            ZipEntry sums = zip.getEntry(LogArchive.SUMS);
            ZipEntry sig = zip.getEntry(LogArchive.SIGNATURE);
            if (bus == null || sums == null || sig == null) return finding(Problem.BAD_SIGNATURE, h.first(), "lacks bus.pem, SHA256SUMS or its signature");
            try {
                X509Certificate signer = certificate(read(zip, bus));
                if (!trust.busSigned(signer, h.created())) {
                    return finding(Problem.BAD_SIGNATURE, h.first(), "is signed by " + signer.getSubjectX500Principal() + ", not by the bus "
                            + trust.bus() + " with a certificate a trusted CA issued");
                }
                Signature s = Signature.getInstance(CheckpointSigner.algorithm(signer.getPublicKey()));
                s.initVerify(signer.getPublicKey());
                try (InputStream in = zip.getInputStream(sums)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) > 0; ) s.update(buffer, 0, n);
                }
                if (s.verify(read(zip, sig))) return null;
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a malformed certificate or signature is no signature
            }
            return finding(Problem.BAD_SIGNATURE, h.first(), "SHA256SUMS does not match the bus's signature: the archive was altered after it was written");
        }

        /** Every file against SHA256SUMS, in its order; checkpoints and entries are taken in on the way. */
        private Finding contents(ZipFile zip) throws IOException {
            int listed = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(zip.getInputStream(zip.getEntry(LogArchive.SUMS)), StandardCharsets.US_ASCII))) {
                for (String line; (line = r.readLine()) != null; listed++) {
                    if (line.length() < 67) return finding(Problem.ALTERED, h.first(), "SHA256SUMS has a malformed line: " + line);
                    String name = line.substring(66);
                    ZipEntry e = zip.getEntry(name);
                    if (e == null) return finding(Problem.MISSING, seqOf(name), name + " is listed in SHA256SUMS but missing");
                    byte[] bytes;
                    try {
                        bytes = read(zip, e);
                    } catch (IOException damaged) {
                        return finding(Problem.ALTERED, seqOf(name), name + " is damaged: " + damaged.getMessage());
                    }
                    if (!line.substring(0, 64).equals(Digests.hex(Digests.sha256(bytes)))) {
                        return finding(Problem.ALTERED, seqOf(name), name + " was altered: its SHA-256 is not the one SHA256SUMS lists");
                    }
                    take(name, bytes);
                }
            }
            if (zip.size() != listed + 2) return finding(Problem.ALTERED, h.first(), "holds files SHA256SUMS does not list");
            if (walk == null && pendingSeq >= 0) walk = finding(Problem.ALTERED, pendingSeq, "entry " + pendingSeq + "'s payload is missing");
            if (walk == null && nextSeq != h.last() + 1) walk = finding(Problem.MISSING, nextSeq, "entries " + nextSeq + "–" + h.last() + " are missing");
            return null;
        }

        private void take(String name, byte[] bytes) {
            try {
                if (name.startsWith("checkpoints/")) {
                    int dot = name.lastIndexOf('.');
                    checkpointFiles.computeIfAbsent(Long.parseLong(name.substring(12, dot)), n -> new HashMap<>()).put(name.substring(dot + 1), bytes);
                } else if (name.startsWith("certificates/")) {
                    certificates.put(name.substring(13, name.length() - 4), bytes);
                } else if (name.startsWith("entries/") && walk == null) {
                    if (checkpoints == null) checkpoints = parseCheckpoints();
                    if (name.endsWith(".txt")) entry(seqOf(name), bytes);
                    else payload(seqOf(name), bytes);
                }
            } catch (RuntimeException malformed) {
                walk = finding(Problem.ALTERED, seqOf(name), name + " is malformed: " + malformed.getMessage());
            }
        }

        private void entry(long seq, byte[] text) {
            if (pendingSeq >= 0) walk = finding(Problem.ALTERED, pendingSeq, "entry " + pendingSeq + "'s payload is missing");
            else if (seq != nextSeq) walk = finding(Problem.MISSING, nextSeq, "entry " + nextSeq + " is missing (the next present is " + seq + ")");
            Map<String, String> fields = lines(text);
            if (walk == null && (!String.valueOf(seq).equals(fields.get("seq")) || !h.node().equals(fields.get("node")))) {
                walk = finding(Problem.ALTERED, seq, "entries/" + seq + ".txt is not entry " + seq + " of node " + h.node());
            }
            if (walk == null && !Digests.hex(lastHash).equals(fields.get("previous"))) {
                walk = finding(Problem.BROKEN_LINK, seq, "entry " + seq + " does not follow entry " + (seq - 1));
            }
            if (walk != null) return;
            byte[] hash = Digests.sha256(text);
            pendingSeq = seq;
            pendingPayload = fields.get("payloadSha256");
            if (fields.get("signerCertificate") != null) named.putIfAbsent(fields.get("signerCertificate"), seq);
            if (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).covers(seq)) {
                Checkpoint cp = checkpoints.get(nextCheckpoint);
                leaves.add(HashTree.leaf(hash));
                if (seq == cp.lastSeq()) {
                    if (!Arrays.equals(HashTree.of(leaves).root(), cp.root())) {
                        walk = finding(Problem.CHECKPOINT_MISMATCH, cp.firstSeq(), "entries " + cp.firstSeq() + "–" + cp.lastSeq()
                                + " do not match checkpoint " + cp.number() + " that signed them");
                    }
                    leaves.clear();
                    nextCheckpoint++;
                }
            }
            lastHash = hash;
            nextSeq++;
            entries++;
            if (++checked % 10_000 == 0) progress.checked(checked);
        }

        private void payload(long seq, byte[] bytes) {
            if (seq != pendingSeq) walk = finding(Problem.ALTERED, seq, "entries/" + seq + ".bin follows no entries/" + seq + ".txt");
            else if (!Digests.hex(Digests.sha256(bytes)).equals(pendingPayload)) {
                walk = finding(Problem.ALTERED, seq, "entry " + seq + "'s payload is not the one its entry names");
            }
            pendingSeq = -1;
        }

        private List<Checkpoint> parseCheckpoints() {
            List<Checkpoint> out = new ArrayList<>();
            checkpointFiles.forEach((number, files) -> {
                Map<String, String> f = lines(files.get("txt"));
                Checkpoint cp = new Checkpoint(f.get("node"), Long.parseLong(f.get("number")), Long.parseLong(f.get("first")),
                        Long.parseLong(f.get("last")), Digests.unhex(f.get("root")), Digests.unhex(f.get("previous")), Instant.parse(f.get("created")),
                        f.get("signer"), files.get("sig"), files.get("tst"));
                if (cp.number() != number || cp.signature() == null || cp.timeStamp() == null || !Arrays.equals(cp.text(), files.get("txt"))) {
                    throw new IllegalArgumentException("checkpoint " + number + " is incomplete or not in the checkpoint format");
                }
                out.add(cp);
            });
            return out;
        }

        /** The checkpoints' signatures, time-stamps and links, as {@link LogVerifier} checks them. */
        private Finding checkpoints() {
            try {
                if (checkpoints == null) checkpoints = parseCheckpoints();
            } catch (RuntimeException e) {
                return finding(Problem.ALTERED, h.first(), "a checkpoint is malformed: " + e.getMessage());
            }
            if (checkpoints.isEmpty()) return finding(Problem.CHECKPOINT_MISMATCH, h.first(), "holds no checkpoint");
            Checkpoint before = null;
            for (Checkpoint cp : checkpoints) {
                String name = "checkpoint " + cp.number();
                byte[] pem = certificates.get(cp.signerCertificate());
                X509Certificate signer = certificateOrNull(pem);
                if (signer == null || !EvidencePackage.ref(signer).equals(cp.signerCertificate()) || !trust.busSigned(signer, cp.createdAt())) {
                    return finding(Problem.BAD_SIGNATURE, cp.firstSeq(), name + " is signed by a certificate the archive does not hold, or not by the bus");
                }
                if (!CheckpointSigner.verify(signer, cp.text(), cp.signature())) {
                    return finding(Problem.BAD_SIGNATURE, cp.firstSeq(), name + " does not match its signature");
                }
                try {
                    trust.stamped(cp);
                } catch (TimeStamps.Invalid e) {
                    return finding(Problem.BAD_TIME_STAMP, cp.firstSeq(), name + ": " + e.getMessage());
                }
                boolean follows = before == null ? cp.firstSeq() == h.first() && Arrays.equals(cp.previous(), h.previousCheckpoint())
                        : cp.firstSeq() == before.lastSeq() + 1 && cp.number() == before.number() + 1 && Arrays.equals(cp.previous(), before.imprint());
                if (!follows || !h.node().equals(cp.node())) {
                    return finding(Problem.BROKEN_LINK, cp.firstSeq(), name + " does not follow " + (before == null ? "the archive's start" : "checkpoint " + before.number()));
                }
                before = cp;
            }
            if (before.lastSeq() != h.last()) {
                return finding(Problem.CHECKPOINT_MISMATCH, before.lastSeq() + 1, "its checkpoints end at entry " + before.lastSeq() + ", it at " + h.last());
            }
            return null;
        }

        private Finding certificates() {
            for (Map.Entry<String, Long> n : named.entrySet()) {
                X509Certificate c = certificateOrNull(certificates.get(n.getKey()));
                if (c == null || !EvidencePackage.ref(c).equals(n.getKey())) {
                    return finding(Problem.ALTERED, n.getValue(), "entry " + n.getValue() + " names signer certificate " + n.getKey()
                            + ", which the archive does not hold as it was");
                }
            }
            return null;
        }

        private long seqOf(String name) {
            Matcher m = ENTRY.matcher(name);
            return m.matches() && m.group(1).length() < 18 ? Long.parseLong(m.group(1)) : h.first();
        }

        private Finding finding(Problem p, long seq, String detail) { return new Finding(p, seq, h.name() + ": " + detail); }
    }

    private static byte[] read(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> lines(byte[] text) {
        Map<String, String> out = new HashMap<>();
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    private static X509Certificate certificateOrNull(byte[] pem) {
        try {
            return pem == null ? null : certificate(pem);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static X509Certificate certificate(byte[] pem) { return EvidencePackage.certificate(pem); }
}
