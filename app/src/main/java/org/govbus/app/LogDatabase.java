package org.govbus.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.govbus.core.config.BusConfig;
import org.govbus.core.config.ConfigException;
import org.govbus.core.log.CheckpointSigner;
import org.govbus.core.log.Checkpointer;
import org.govbus.core.log.JdbcLogStore;
import org.govbus.core.log.LogStore;
import org.govbus.core.log.LogTrust;
import org.govbus.core.pki.BuiltInTimeStampAuthority;
import org.govbus.core.pki.DemoPki;
import org.govbus.core.pki.HttpTimeStampAuthority;
import org.govbus.core.pki.TimeStampAuthority;
import org.govbus.core.security.KeyMaterial;
import org.govbus.core.security.TrustAnchors;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The message log's database as the configuration names it: the embedded H2 file (in mixed mode, so the auditor's
 * commands can read it while the node runs) or a server database through a HikariCP pool; opened by the node for
 * writing, or by {@code govbus log} for reading only.
 */
final class LogDatabase {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LogDatabase.class);

    private LogDatabase() {}

    /** The node's store: the schema migrated, a pool sized for the group commit and the checkpoints. */
    static JdbcLogStore openForWriting(BusConfig config) {
        if (config.embeddedDatabase()) {
            // the node compacts its file itself, in small steps (H2Compaction, started by the node), instead of H2's housekeeping
            String url = config.jdbcUrl() + H2Compaction.URL_OPTIONS;
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, AuditorAccess.OWNER,
                    AuditorAccess.rotateOwnerPassword(url, config.embeddedDatabaseDir()));
            return open(() -> {
                // the grant is on the schema, so it covers the tables the migration is about to create
                AuditorAccess auditors = AuditorAccess.open(pool, config.embeddedDatabaseDir());
                Runnable closing = () -> {
                    try {
                        auditors.close();
                    } catch (java.io.IOException e) {
                        LOG.warn("the auditors' access to the log did not close cleanly: {}", e.getMessage());
                    } finally {
                        pool.dispose();
                    }
                };
                try {
                    return JdbcLogStore.open(pool, closing);
                } catch (RuntimeException e) {
                    closing.run();
                    throw e;
                }
            }, pool::dispose);
        }
        HikariDataSource pool = pool(config, false);
        return open(() -> JdbcLogStore.open(pool, pool::close), pool::close);
    }

    /**
     * A store that cannot change the log: no migration, read-only connections, and for H2 no new file if there is
     * none yet (IFEXISTS), so pointing the command at the wrong directory says so rather than creating a database.
     */
    static LogStore openForReading(BusConfig config) {
        if (config.embeddedDatabase()) {
            Path file = config.dataDir().resolve("db/govbus.mv.db");
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(config.file(), 0, "there is no message log at " + file + " (has the bus run with this configuration?)");
            }
            Path dir = config.embeddedDatabaseDir();
            JdbcConnectionPool pool = JdbcConnectionPool.create(AuditorAccess.readerUrl(dir), AuditorAccess.USER, AuditorAccess.password(dir));
            return open(() -> JdbcLogStore.openReadOnly(pool, pool::dispose), pool::dispose);
        }
        HikariDataSource pool = pool(config, true);
        return open(() -> JdbcLogStore.openReadOnly(pool, pool::close), pool::close);
    }

    /** What {@code opening} opened, or its failure after {@code onFailure} released what it held. */
    static <S extends LogStore> S open(java.util.function.Supplier<S> opening, Runnable onFailure) {
        try {
            return opening.get();
        } catch (RuntimeException e) {
            onFailure.run();
            throw e;
        }
    }

    static HikariDataSource pool(BusConfig config, boolean readOnly) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(readOnly ? "govbus-log-reader" : "govbus-log");
        c.setJdbcUrl(config.database().url());
        c.setUsername(config.database().user());
        if (config.database().password() != null) c.setPassword(new String(config.database().password()));
        c.setMaximumPoolSize(readOnly ? 2 : 8);
        c.setReadOnly(readOnly);
        if (config.database().url().startsWith("jdbc:postgresql:")) {
            // its driver quotes a failed statement's values in its messages by default: IINs must not reach text logs
            c.addDataSourceProperty("logServerErrorDetail", "false");
            // and without this a read-only connection is read-only only inside explicit transactions
            if (readOnly) c.addDataSourceProperty("readOnlyMode", "always");
        }
        c.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        return new HikariDataSource(c);
    }

    /** The node's checkpoints: signed with the bus key, time-stamped by the configured authority. */
    static Checkpointer checkpointer(BusConfig config, LogStore store, KeyMaterial busKey) {
        BusConfig.EvidenceLog log = config.log();
        return new Checkpointer(store, log.node(), new CheckpointSigner(busKey.privateKey(), busKey.certificate()),
                timeStampAuthority(config), new Checkpointer.Policy(log.checkpointEntries(), log.checkpointInterval()));
    }

    static TimeStampAuthority timeStampAuthority(BusConfig config) {
        if (!config.log().builtInTimeStamping()) {
            return new HttpTimeStampAuthority(java.net.URI.create(config.log().timeStamping()), Duration.ofSeconds(10));
        }
        // the bus's own authority: its key beside the bus's, its clock the bus's — fine for the demo, no proof to an outsider
        LOG.warn("checkpoints are time-stamped by the built-in demo authority; in production set log.timeStamping to an RFC 3161"
                + " time-stamp authority's URL");
        Path key = config.security().keystore().resolveSibling(DemoPki.TIME_STAMPING);
        if (!Files.isRegularFile(key)) {
            throw new ConfigException(config.file(), 0, "log.timeStamping is builtin but " + key + " does not exist: `govbus pki init --out "
                    + key.getParent() + "` makes one, or name an RFC 3161 authority's URL");
        }
        return new BuiltInTimeStampAuthority(KeyMaterial.load(key, config.security().password()));
    }

    /** Who may vouch for this node's log: the bus's own system, with a certificate from a CA of its trust store. */
    static LogTrust trust(BusConfig config) { return new LogTrust(anchors(config), config.system()); }

    /** The CAs a checkpoint's signer and time-stamp authority must chain to: those of the bus's trust store. */
    static List<X509Certificate> anchors(BusConfig config) {
        KeyStore store = TrustAnchors.load(config.security().truststore(), config.security().password()).keyStore();
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate c) out.add(c);
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
