package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.govbus.core.id.Bin;
import org.govbus.core.id.Iin;
import org.govbus.core.id.ServiceId;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.pki.Pki;
import org.govbus.core.security.Digests;
import org.govbus.fixtures.JsonSigningClient;
import org.govbus.fixtures.SigningClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The auditor's commands, {@code govbus log verify|show|who|export|check-evidence}, against a real running node: what
 * they print and their exit codes, the evidence package checked by the command and by hand with sha256sum/openssl/xxd
 * following its README, that the auditor's database login cannot write, and that tampering with the database is found.
 * One node for the class; the last test stops it to tamper with its database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditorCliTest {
    static final String IIN = "850312400029";
    static final String OTHER_IIN = "771120300034";
    /** a valid IIN nobody asks about */
    static final String NOBODY_IIN = "640209300069";
    static final String PORTAL = "KZ/GOV/EGOV/portal";

    @TempDir
    static Path dir;
    static BusHarness bus;
    /** the requests about {@link #IIN}, SOAP and JSON */
    static final List<UUID> aboutIin = new ArrayList<>();
    static UUID soapMessage;
    static UUID otherMessage;
    private static Path evidence;

    @BeforeAll
    static void startBusAndSendRequests() throws Exception {
        bus = BusHarness.start(dir);
        SigningClient soap = bus.client("portal", DemoPki.PORTAL, Clock.systemUTC());
        JsonSigningClient json = bus.jsonClient("portal", DemoPki.PORTAL, Clock.systemUTC());
        ServiceId service = ServiceId.parse(BusHarness.SERVICE);
        for (int i = 0; i < 2; i++) {
            SigningClient.SignedRequest r = soap.request(service, soapRequest(IIN));
            assertThat(bus.post(r.bytes()).statusCode()).isEqualTo(200);
            aboutIin.add(r.fields().messageId());
        }
        for (int i = 0; i < 2; i++) {
            JsonSigningClient.SignedJson r = json.request(service, ("{\"iin\":\"" + IIN + "\"}").getBytes(StandardCharsets.UTF_8));
            var response = bus.postJson(BusHarness.SERVICE, r);
            assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            aboutIin.add(r.header().messageId());
        }
        SigningClient.SignedRequest other = soap.request(service, soapRequest(OTHER_IIN));
        assertThat(bus.post(other.bytes()).statusCode()).isEqualTo(200);
        soapMessage = aboutIin.get(0);
        otherMessage = other.fields().messageId();
        bus.node.checkpoint();
    }

    @AfterAll
    static void stopBus() throws Exception {
        if (bus != null) bus.close();
    }

    static byte[] soapRequest(String iin) {
        return ("<p:personByIinRequest xmlns:p=\"urn:govbus:service:gbd-fl:person-by-iin:v1\"><p:iin>" + iin
                + "</p:iin></p:personByIinRequest>").getBytes(StandardCharsets.UTF_8);
    }

    static String config() { return dir.resolve("govbus.yaml").toString(); }

    static CliTest.Run govbus(String... args) { return CliTest.govbus(args); }

    /**
     * As {@link GovBusCli#execute} (same error handler), but reading what the command wrote to picocli's writers rather
     * than System.out, which the node running in this JVM and the libraries log to as well.
     */
    static CliTest.Run commandOutput(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new GovBusCli());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("govbus: " + GovBusCli.oneLine(e));
            return 1;
        });
        int exit = cli.execute(args);
        return new CliTest.Run(exit, out.toString(), err.toString());
    }

    // ---------------------------------------------------------------- 1. verify, show, who while the node runs

    @Test
    @Order(1)
    void verifySaysIntactWithTheEntryCount() {
        var store = bus.node.messageLog().store();
        long entries = store.nodes().stream().mapToLong(store::count).sum();
        // two warm-up requests and the five sent here, four hops each
        assertThat(entries).isEqualTo(4 * (2 + 5));

        CliTest.Run run = govbus("log", "verify", "-c", config());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("node " + bus.config.log().node() + ": intact — " + entries + " entries, ")
                .contains("0 entries after the last checkpoint")
                .contains("verified " + entries + " entries in ");
    }

    @Test
    @Order(2)
    void showListsEveryHopTheSignerAndTheOutcome() {
        CliTest.Run run = govbus("log", "show", soapMessage.toString(), "-c", config());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("message " + soapMessage, "client   " + PORTAL, BusHarness.SERVICE,
                "CN=" + PORTAL, "outcome  answered in ");
        List<String> hops = run.out().lines().filter(l -> l.contains(" node ") && l.contains(" entry ")).toList();
        assertThat(hops).hasSize(4);
        String[] expected = {"CLIENT_REQUEST", "AGENCY_REQUEST", "AGENCY_ANSWER", "CLIENT_ANSWER"};
        for (int i = 0; i < 4; i++) assertThat(hops.get(i)).contains(expected[i]).contains("under checkpoint");
    }

    @Test
    @Order(3)
    void showOfAnUnknownMessageIsExitOne() {
        UUID unknown = UUID.randomUUID();
        CliTest.Run run = govbus("log", "show", unknown.toString(), "-c", config());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no message " + unknown);
    }

    @Test
    @Order(4)
    void whoListsExactlyTheRequestsAboutThePersonAsJson() throws Exception {
        // the command's own writer: System.out also carries this JVM's log lines (the node's, Flyway's)
        CliTest.Run run = commandOutput("log", "who", "--subject", IIN, "--json", "-c", config());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(run.out());
        assertThat(rows.isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonNode row : rows) {
            assertThat(row.path("client").asText()).isEqualTo(PORTAL);
            assertThat(row.path("userId").asText()).isEqualTo("operator-0042");
            assertThat(row.path("purpose").asText()).isEqualTo("Public service delivery (test)");
            assertThat(row.path("service").asText()).isEqualTo(BusHarness.SERVICE);
            assertThat(row.path("outcome").asText()).startsWith("answered");
            ids.add(row.path("messageId").asText());
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(aboutIin.stream().map(UUID::toString).toList());
        assertThat(ids).doesNotContain(otherMessage.toString());
    }

    @Test
    @Order(5)
    void whoForAPersonNobodyAskedAboutIsExitOneAndAnInvalidIinExitTwo() {
        CliTest.Run nobody = govbus("log", "who", "--subject", NOBODY_IIN, "-c", config());
        assertThat(nobody.exit()).as(nobody.out() + nobody.err()).isEqualTo(1);
        assertThat(nobody.out()).contains("0 request(s) about " + NOBODY_IIN);

        String invalid = "850312400028";
        assertThat(Iin.isValid(invalid) || Bin.isValid(invalid)).as("precondition: a bad check digit").isFalse();
        CliTest.Run bad = govbus("log", "who", "--subject", invalid, "-c", config());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("not a valid IIN or BIN");
    }

    // ---------------------------------------------------------------- 2. evidence packages

    /** The evidence of {@link #soapMessage}, exported once through the CLI. */
    static synchronized Path evidence() {
        if (evidence == null) {
            Path zip = dir.resolve("evidence-" + soapMessage + ".zip");
            CliTest.Run run = govbus("log", "export", soapMessage.toString(), "--out", zip.toString(), "-c", config());
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("wrote the evidence of " + soapMessage);
            evidence = zip;
        }
        return evidence;
    }

    @Test
    @Order(10)
    void anExportedPackageHoldsAndPassesTheCheck() throws Exception {
        Map<String, byte[]> files = readZip(evidence());
        assertThat(files.keySet()).contains("README.txt", "SHA256SUMS")
                .anyMatch(n -> n.endsWith("-CLIENT_REQUEST.bin")).anyMatch(n -> n.endsWith("-CLIENT_ANSWER.proof"))
                .anyMatch(n -> n.startsWith("checkpoints/") && n.endsWith(".tst")).anyMatch(n -> n.startsWith("ca/"));
        CliTest.Run run = govbus("log", "check-evidence", evidence().toString(), "--ca", testCa().toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("the evidence holds").doesNotContain("BAD ");
        assertThat(run.out().lines().filter(l -> l.startsWith("ok  entries/"))).hasSize(4);
        // unpinned, the package is only consistent with the CAs it carries itself: not proof
        CliTest.Run unpinned = govbus("log", "check-evidence", evidence().toString());
        assertThat(unpinned.exit()).isEqualTo(1);
        assertThat(unpinned.out()).contains("no CA pinned");
    }

    Path testCa() throws Exception {
        return Files.write(dir.resolve("test-ca.pem"), pem(bus.pki.authority().certificate()));
    }

    /** The member of the package a kind names: {@code bin}, {@code txt} (an entry), {@code sig}, {@code tst}, or a file name. */
    static String member(Map<String, byte[]> files, String kind) {
        return switch (kind) {
            case "bin" -> first(files, n -> n.startsWith("entries/") && n.endsWith("-CLIENT_REQUEST.bin"));
            case "txt" -> first(files, n -> n.startsWith("entries/") && n.endsWith("-AGENCY_ANSWER.txt"));
            case "sig", "tst" -> first(files, n -> n.startsWith("checkpoints/") && n.endsWith("." + kind));
            default -> kind;
        };
    }

    static String first(Map<String, byte[]> files, java.util.function.Predicate<String> p) {
        return files.keySet().stream().filter(p).findFirst().orElseThrow(() -> new AssertionError("no such member in " + files.keySet()));
    }

    @ParameterizedTest
    @Order(11)
    @ValueSource(strings = {"bin", "txt", "sig", "tst", "SHA256SUMS", "README.txt"})
    void oneByteChangedInAnyMemberFailsTheCheck(String kind) throws Exception {
        Map<String, byte[]> files = readZip(evidence());
        String name = member(files, kind);
        // a hex digit of the first sum in SHA256SUMS; the middle byte elsewhere
        int at = name.equals("SHA256SUMS") ? 0 : files.get(name).length / 2;
        Path altered = dir.resolve("altered-" + kind + ".zip");
        writeZip(altered, withByteFlipped(files, name, at));

        CliTest.Run run = govbus("log", "check-evidence", altered.toString(), "--ca", testCa().toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("the evidence does NOT hold").contains("BAD ");
    }

    /** The same, with SHA256SUMS recomputed to match: the deeper checks (bytes, proof, signature, time-stamp) must find it. */
    @ParameterizedTest
    @Order(12)
    @ValueSource(strings = {"bin", "txt", "sig", "tst"})
    void aChangedMemberWithMatchingSumsStillFailsTheCheck(String kind) throws Exception {
        Map<String, byte[]> files = readZip(evidence());
        String name = member(files, kind);
        // the last byte of a signature or token lies in its signature value
        int at = kind.equals("sig") || kind.equals("tst") ? files.get(name).length - 1 : files.get(name).length / 2;
        Map<String, byte[]> changed = withByteFlipped(files, name, at);
        changed.put("SHA256SUMS", sums(changed));
        Path altered = dir.resolve("altered-resummed-" + kind + ".zip");
        writeZip(altered, changed);

        CliTest.Run run = govbus("log", "check-evidence", altered.toString(), "--ca", testCa().toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).as(run.err()).contains("the evidence does NOT hold").contains("BAD ");
    }

    @Test
    @Order(13)
    void pinnedToTheTestCaTheCheckPassesAndPinnedToAnUnrelatedCaItFails() throws Exception {
        CliTest.Run pinned = govbus("log", "check-evidence", evidence().toString(), "--ca", testCa().toString());
        assertThat(pinned.exit()).as(pinned.out() + pinned.err()).isZero();
        assertThat(pinned.out()).contains("the evidence holds");

        Instant now = Instant.now();
        Pki.Authority unrelated = Pki.rootAuthority("Unrelated CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        Path other = Files.write(dir.resolve("unrelated-ca.pem"), pem(unrelated.certificate()));
        CliTest.Run wrong = govbus("log", "check-evidence", evidence().toString(), "--ca", other.toString());
        assertThat(wrong.exit()).as(wrong.out() + wrong.err()).isEqualTo(1);
        assertThat(wrong.out()).contains("the evidence does NOT hold", "a certificate a trusted CA issued");
    }

    // ---------------------------------------------------------------- 3. by hand, as the README says

    @Test
    @Order(20)
    void theReadmeStepsByHandHold() throws Exception {
        Assumptions.assumeTrue(onPath("openssl") && onPath("sha256sum"), "openssl and sha256sum are needed");
        Map<String, byte[]> files = readZip(evidence());
        Path unzipped = unzip(files, dir.resolve("by-hand"));
        String readme = new String(files.get("README.txt"), StandardCharsets.UTF_8);
        assertThat(readme).contains("sha256sum -c SHA256SUMS", "openssl dgst -sha256 -verify bus-key.pem",
                "openssl verify -CAfile ca/CA.pem", "openssl ts -verify -token_in -in checkpoints/NODE-N.tst -data checkpoints/NODE-N.sig");

        // 1. nothing changed in transit
        Proc sums = run(unzipped, "sha256sum", "-c", "SHA256SUMS");
        assertThat(sums.exit()).as(sums.out()).isZero();
        assertThat(sums.out()).doesNotContain("FAILED");

        // 2. each hop's bytes are the ones its entry names
        for (String bin : files.keySet().stream().filter(n -> n.endsWith(".bin")).toList()) {
            Proc sum = run(unzipped, "sha256sum", bin);
            assertThat(sum.exit()).isZero();
            String txt = bin.substring(0, bin.length() - 4) + ".txt";
            assertThat(fields(files.get(txt)).get("payloadSha256")).isEqualTo(sum.out().substring(0, 64));
        }

        String checkpoint = first(files, n -> n.startsWith("checkpoints/") && n.endsWith(".txt"));
        String cp = checkpoint.substring(0, checkpoint.length() - 4);
        Map<String, String> cpFields = fields(files.get(checkpoint));
        String signerPem = "certificates/" + cpFields.get("signer") + ".pem";
        String caPem = first(files, n -> n.startsWith("ca/"));

        // 4. the bus signed the checkpoint
        Proc key = run(unzipped, List.of("openssl", "x509", "-in", signerPem, "-pubkey", "-noout"), unzipped.resolve("bus-key.pem"));
        assertThat(key.exit()).as(key.out()).isZero();
        Proc dgst = run(unzipped, "openssl", "dgst", "-sha256", "-verify", "bus-key.pem", "-signature", cp + ".sig", cp + ".txt");
        assertThat(dgst.exit()).as(dgst.out()).isZero();
        assertThat(dgst.out()).contains("Verified OK");

        // ... and an altered checkpoint does not verify
        Path alteredCp = unzipped.resolve("altered-checkpoint.txt");
        Files.write(alteredCp, withByteFlipped(files, checkpoint, files.get(checkpoint).length / 2).get(checkpoint));
        Proc altered = run(unzipped, "openssl", "dgst", "-sha256", "-verify", "bus-key.pem", "-signature", cp + ".sig", alteredCp.toString());
        assertThat(altered.exit()).as(altered.out()).isNotZero();
        assertThat(altered.out()).contains("Verification failure");

        // 5. the bus's certificate was issued by the CA
        Proc verify = run(unzipped, "openssl", "verify", "-CAfile", caPem, signerPem);
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains(": OK");

        // 6. the checkpoint existed at the time-stamp's time
        Proc ts = run(unzipped, "openssl", "ts", "-verify", "-token_in", "-in", cp + ".tst", "-data", cp + ".sig", "-CAfile", caPem);
        assertThat(ts.exit()).as(ts.out()).isZero();
        assertThat(ts.out()).contains("Verification: OK");
        Proc time = run(unzipped, "openssl", "ts", "-reply", "-token_in", "-in", cp + ".tst", "-text");
        assertThat(time.exit()).as(time.out()).isZero();
        assertThat(time.out()).contains("Time stamp:");

        // 3. every entry is under the checkpoint: the README's shell fold, run as written
        Assumptions.assumeTrue(onPath("xxd"), "xxd is needed for step 3");
        String fold = step3(readme);
        List<String> entries = files.keySet().stream().filter(n -> n.startsWith("entries/") && n.endsWith(".txt")).toList();
        assertThat(entries).hasSize(4);
        for (String entry : entries) {
            String base = entry.substring("entries/".length(), entry.length() - 4);
            String proofCp = new String(files.get("entries/" + base + ".proof"), StandardCharsets.US_ASCII).lines().findFirst().orElseThrow();
            assertThat(proofCp).isEqualTo("checkpoint=" + cp.substring("checkpoints/".length()));
            Proc folded = run(unzipped, "bash", "-c", fold.replace("NODE-SEQ-HOP", base));
            assertThat(folded.exit()).as(folded.out()).isZero();
            assertThat(folded.out().strip()).as(base).isEqualTo(cpFields.get("root"));
        }
    }

    /** Step 3 of the README, from {@code E=entries/NODE-SEQ-HOP} to {@code done | tail -n 1}, its indentation removed. */
    static String step3(String readme) {
        List<String> lines = readme.lines().toList();
        int from = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().equals("E=entries/NODE-SEQ-HOP")) from = i;
        assertThat(from).as("README step 3 starts with E=entries/NODE-SEQ-HOP").isNotNegative();
        StringBuilder script = new StringBuilder();
        for (int i = from; i < lines.size(); i++) {
            script.append(lines.get(i).stripLeading()).append('\n');
            if (lines.get(i).strip().startsWith("done | tail -n 1")) return script.toString();
        }
        throw new AssertionError("README step 3 has no `done | tail -n 1`:\n" + script);
    }

    // ---------------------------------------------------------------- 4. read-only for real

    @Test
    @Order(30)
    void theAuditorLoginReadsButCannotWrite() throws Exception {
        Path db = bus.config.embeddedDatabaseDir();
        String url = AuditorAccess.readerUrl(db);
        assertThat(url).as("the running node serves its database").startsWith("jdbc:h2:tcp://127.0.0.1:");
        try (Connection c = DriverManager.getConnection(url, AuditorAccess.USER, AuditorAccess.password(db));
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM log_entry")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).isEqualTo(4 * (2 + 5));
            }
            byte[] before = payloadOf(c, soapMessage);
            assertThatThrownBy(() -> s.executeUpdate("UPDATE log_entry SET payload = X'00' WHERE message_id = '" + soapMessage + "'"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM log_entry WHERE message_id = '" + soapMessage + "'"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM log_checkpoint")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.execute("ALTER USER " + AuditorAccess.USER + " ADMIN TRUE")).isInstanceOf(SQLException.class);
            assertThat(payloadOf(c, soapMessage)).isEqualTo(before);
        }
        assertThat(govbus("log", "verify", "-c", config()).exit()).isZero();
    }

    static byte[] payloadOf(Connection c, UUID messageId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT payload FROM log_entry WHERE message_id = ? AND hop = 'CLIENT_REQUEST'")) {
            p.setString(1, messageId.toString());
            try (ResultSet r = p.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getBytes(1);
            }
        }
    }

    @Test
    @Order(31)
    void verifyAgainstADataDirWithNoDatabaseFailsAndCreatesNone() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.copy(dir.resolve("govbus.yaml"), elsewhere.resolve("govbus.yaml"));
        Files.copy(dir.resolve("routing.yaml"), elsewhere.resolve("routing.yaml"));

        CliTest.Run run = govbus("log", "verify", "-c", elsewhere.resolve("govbus.yaml").toString());
        assertThat(run.exit()).as(run.out() + run.err()).isNotZero();
        assertThat(run.err()).contains("no message log");
        try (Stream<Path> all = Files.walk(elsewhere)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> elsewhere.relativize(p).toString()))
                    .as("nothing was created").containsExactlyInAnyOrder("govbus.yaml", "routing.yaml");
        }
    }

    // ---------------------------------------------------------------- 5. tampering found (stops the node: last)

    @Test
    @Order(100)
    void aPayloadChangedInTheDatabaseIsFoundByVerify() throws Exception {
        bus.node.close();
        long seq;
        try (Connection c = DriverManager.getConnection(bus.config.jdbcUrl(), AuditorAccess.OWNER,
                AuditorAccess.ownerPassword(bus.config.jdbcUrl(), bus.config.embeddedDatabaseDir()))) {
            byte[] payload;
            try (PreparedStatement p = c.prepareStatement("SELECT seq, payload FROM log_entry WHERE message_id = ? AND hop = 'CLIENT_REQUEST'")) {
                p.setString(1, otherMessage.toString());
                try (ResultSet r = p.executeQuery()) {
                    assertThat(r.next()).isTrue();
                    seq = r.getLong(1);
                    payload = r.getBytes(2);
                }
            }
            // the other person's IIN in the request becomes the one's: a single digit
            String text = new String(payload, StandardCharsets.UTF_8);
            assertThat(text).contains(OTHER_IIN);
            byte[] changed = text.replace(OTHER_IIN, OTHER_IIN.substring(0, 11) + (char) (OTHER_IIN.charAt(11) ^ 1)).getBytes(StandardCharsets.UTF_8);
            try (PreparedStatement p = c.prepareStatement("UPDATE log_entry SET payload = ? WHERE message_id = ? AND seq = ?")) {
                p.setBytes(1, changed);
                p.setString(2, otherMessage.toString());
                p.setLong(3, seq);
                assertThat(p.executeUpdate()).isEqualTo(1);
            }
        }

        CliTest.Run run = govbus("log", "verify", "-c", config());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN at entry " + seq, "ALTERED", "messageId " + otherMessage);
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, byte[]> readZip(Path zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) files.put(e.getName(), z.readAllBytes());
        }
        return files;
    }

    static void writeZip(Path zip, Map<String, byte[]> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue());
                z.closeEntry();
            }
        }
    }

    /** A copy of the files with one bit of one byte of {@code name} changed. */
    static Map<String, byte[]> withByteFlipped(Map<String, byte[]> files, String name, int at) {
        Map<String, byte[]> copy = new LinkedHashMap<>(files);
        byte[] bytes = files.get(name).clone();
        bytes[at] ^= 1;
        copy.put(name, bytes);
        return copy;
    }

    static byte[] sums(Map<String, byte[]> files) {
        StringBuilder b = new StringBuilder();
        files.forEach((name, bytes) -> {
            if (!name.equals("SHA256SUMS")) b.append(Digests.hex(Digests.sha256(bytes))).append("  ").append(name).append('\n');
        });
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static Path unzip(Map<String, byte[]> files, Path to) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = to.resolve(f.getKey()).normalize();
            assertThat(p.startsWith(to)).as(p.toString()).isTrue();
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        return to;
    }

    static Map<String, String> fields(byte[] text) {
        Map<String, String> out = new HashMap<>();
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    static byte[] pem(X509Certificate c) throws Exception {
        return ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    record Proc(int exit, String out) {}

    static Proc run(Path in, String... command) throws Exception { return run(in, List.of(command), null); }

    /** Runs a command in a directory; its output (stdout and stderr), or stdout to {@code stdoutTo} when given. */
    static Proc run(Path in, List<String> command, Path stdoutTo) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(in.toFile());
        Path log = Files.createTempFile(dir, "proc", ".out");
        if (stdoutTo != null) {
            pb.redirectOutput(stdoutTo.toFile()).redirectError(log.toFile());
        } else {
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in 60 s");
        }
        return new Proc(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(java.io.File.pathSeparator)) if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }
}
