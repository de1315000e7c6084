package org.govbus.core.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.govbus.core.pki.TimeStamps;
import org.govbus.core.security.Digests;
import org.govbus.core.security.HashTree;

/**
 * The evidence of one message, as a zip an auditor can check with no database and no GovBus: every hop's bytes
 * and the text its entry hash is taken over, the path from each entry to the root of a signed, time-stamped
 * checkpoint, the checkpoints themselves, the certificates of the signers and of the CAs they chain to, a
 * {@code SHA256SUMS} of every file and a README with the steps by hand ({@code sha256sum}, {@code openssl}).
 * {@link EvidenceCheck} checks it the same way in code.
 */
public final class EvidencePackage {
    static final String README = "README.txt";
    static final String SUMS = "SHA256SUMS";

    private EvidencePackage() {}

    /** Thrown when a message cannot be exported: unknown, or a hop not yet under a checkpoint. */
    public static final class NotExportable extends RuntimeException {
        public NotExportable(String message) { super(message); }
    }

    /** Writes the evidence of {@code messageId} to {@code zip}; {@code anchors} are the CAs to include. */
    public static void export(LogStore store, UUID messageId, List<X509Certificate> anchors, Path zip) {
        List<LogEntry> hops = store.entriesOf(messageId);
        if (hops.isEmpty()) throw new NotExportable("the log holds no message " + messageId);
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, X509Certificate> certificates = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder();
        for (LogEntry e : hops) {
            Checkpoint cp = store.checkpoints(e.node()).stream().filter(c -> c.covers(e.seq())).findFirst().orElseThrow(() ->
                    new NotExportable("entry " + e.seq() + " of node " + e.node() + " (" + e.hop() + ") is not under a checkpoint yet;"
                            + " the bus writes one within its checkpoint interval: try again then"));
            List<byte[]> leaves = store.entryHashes(e.node(), cp.firstSeq(), cp.lastSeq()).stream().map(HashTree::leaf).toList();
            List<HashTree.Step> path = HashTree.of(leaves).paths().get((int) (e.seq() - cp.firstSeq()));
            String name = "entries/" + e.node() + "-" + e.seq() + "-" + e.hop();
            files.put(name + ".txt", e.text());
            files.put(name + ".bin", e.payload());
            files.put(name + ".proof", proofText(cp, path));
            String cpName = "checkpoints/" + e.node() + "-" + cp.number();
            files.put(cpName + ".txt", cp.text());
            files.put(cpName + ".sig", cp.signature());
            files.put(cpName + ".tst", cp.timeStamp());
            addCertificate(certificates, store, cp.signerCertificate());
            if (e.signerCertificate() != null) addCertificate(certificates, store, e.signerCertificate());
            certificates.put(ref(TimeStamps.signerOf(cp.timeStamp())), TimeStamps.signerOf(cp.timeStamp()));
            index.append(String.format("  %s  %-14s %s  %s -> %s%n", e.loggedAt(), e.hop(), name, e.signer(), cpName));
        }
        for (Map.Entry<String, X509Certificate> c : certificates.entrySet()) files.put("certificates/" + c.getKey() + ".pem", pem(c.getValue()));
        for (X509Certificate ca : anchors) files.put("ca/" + ref(ca) + ".pem", pem(ca));
        files.put(README, readme(messageId, index.toString()).getBytes(StandardCharsets.UTF_8));
        write(zip, files);
    }

    private static void addCertificate(Map<String, X509Certificate> out, LogStore store, String ref) {
        out.computeIfAbsent(ref, r -> store.certificate(r).orElseThrow(() -> new NotExportable("certificate " + r + " is missing from the log")));
    }

    /** One line a step from the leaf up: the side the sibling is on and its hex; headed by the checkpoint it leads to. */
    static byte[] proofText(Checkpoint cp, List<HashTree.Step> path) {
        StringBuilder b = new StringBuilder("checkpoint=" + cp.node() + "-" + cp.number() + "\n");
        for (HashTree.Step s : path) b.append(s.siblingOnLeft() ? "left " : "right ").append(Digests.hex(s.sibling())).append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String ref(X509Certificate c) {
        try {
            return Digests.hex(Digests.sha256(c.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pem(X509Certificate c) { return org.govbus.core.pki.Pem.encode(c); }

    static X509Certificate certificate(byte[] pem) { return org.govbus.core.pki.Pem.certificate(pem); }

    private static void write(Path zip, Map<String, byte[]> files) {
        StringBuilder sums = new StringBuilder();
        for (Map.Entry<String, byte[]> f : files.entrySet()) sums.append(Digests.hex(Digests.sha256(f.getValue()))).append("  ").append(f.getKey()).append('\n');
        try (OutputStream out = ownerOnly(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) put(z, f.getKey(), f.getValue());
            put(z, SUMS, sums.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + zip + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new file only its owner can read: evidence and archives hold the payloads, personal data, which must not be
     * readable by every account of the machine whatever the umask.
     */
    static OutputStream ownerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        return Files.newOutputStream(file);
    }

    private static void put(ZipOutputStream z, String name, byte[] bytes) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(bytes);
        z.closeEntry();
    }

    private static String readme(UUID messageId, String index) {
        String template;
        try (var in = EvidencePackage.class.getResourceAsStream("evidence-readme.txt")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            template = b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return template.replace("{messageId}", messageId.toString()).replace("{index}", index);
    }
}
