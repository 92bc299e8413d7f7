package dev.vigil.engine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.engine.config.VigilConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store: H2 in file mode under the data folder by default, PostgreSQL when
 * {@code store.url} says {@code jdbc:postgresql:}. The schema is versioned migrations in plain SQL
 * both accept (see {@link #migrate}). H2 runs
 * with {@code WRITE_DELAY=0}: a committed alarm change reaches the file before it is reported,
 * so a killed process loses none (H2's default would hold commits back for half a second).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;
    private final JdbcConnectionPool h2Pool;
    private final HikariDataSource pgPool;
    private final String description;
    private final String h2Url;
    private final VigilConfig.Store config;
    /** Why the latest probe failed, or null while the store answers. */
    private volatile String failing;

    public Database(VigilConfig.Store config, Path dataDir) {
        this.config = config;
        String url = config.url == null || config.url.isBlank()
                ? "jdbc:h2:file:" + dataDir.resolve("vigil").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                : config.url;
        if (url.startsWith("jdbc:postgresql:")) {
            // A pool: a PostgreSQL connection costs a round trip and an authentication to open.
            HikariConfig pool = new HikariConfig();
            pool.setPoolName("vigil-store");
            pool.setJdbcUrl(url);
            pool.setUsername(config.user);
            pool.setPassword(config.password);
            pool.setMaximumPoolSize(config.maxConnections);
            pool.setMinimumIdle(1);
            pool.setConnectionTimeout(10_000);
            pool.setInitializationFailTimeout(10_000);
            try {
                this.pgPool = new HikariDataSource(pool);
            } catch (RuntimeException e) {
                throw new StoreException(
                        "cannot reach the store at " + url.replaceAll("password=[^&;]*", "password=***") + ": "
                                + e.getMessage(),
                        e);
            }
            this.dataSource = pgPool;
            this.h2Pool = null;
            this.h2Url = null;
        } else if (url.startsWith("jdbc:h2:")) {
            this.pgPool = null;
            this.h2Url = url;
            this.h2Pool = openH2();
            this.dataSource = h2Pool;
        } else {
            throw new IllegalArgumentException("store.url must start with jdbc:h2: or jdbc:postgresql:, was " + url);
        }
        this.description = url.replaceAll("password=[^&;]*", "password=***");
        migrate();
        LOG.info("Store ready at {}", description);
    }

    /**
     * Brings the schema to the newest version with the migrations in {@code db/migration}. A store
     * made before migrations were versioned has tables but no history: it is baselined at version 0
     * and goes through every migration, which is why each one can run over what is already there.
     */
    private void migrate() {
        try {
            MigrateResult r = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            if (r.migrationsExecuted > 0) {
                LOG.info(
                        "Store schema migrated to version {} ({} migration(s))",
                        r.targetSchemaVersion,
                        r.migrationsExecuted);
            }
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the schema in " + description + ": " + e.getMessage(), e);
        }
    }

    private JdbcConnectionPool openH2() {
        JdbcConnectionPool pool = JdbcConnectionPool.create(h2Url, config.user, config.password);
        pool.setMaxConnections(config.maxConnections);
        return pool;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * Checks that the store answers a write; called every few seconds, the result feeds
     * {@link #problem()} (and so health). H2 closes its database on a full disk or an I/O error; the
     * pool's next connection opens it again once it can, so nothing else is needed to recover.
     */
    public void probe() {
        try (Connection c = connection();
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE sink_cursor SET last_change_id = last_change_id WHERE sink = ''");
            if (failing != null) {
                LOG.info("Store at {} answers again", description);
            }
            failing = null;
        } catch (SQLException e) {
            if (failing == null) {
                LOG.error(
                        "Store at {} refuses writes: {}; alarm changes and dead letters wait until it answers",
                        description,
                        e.getMessage());
            }
            failing = e.getMessage();
        }
    }

    /** Why the store does not answer, or null. */
    public String problem() {
        return failing;
    }

    @Override
    public void close() {
        if (h2Pool != null) {
            // Closing the last connection closes the database; an explicit SHUTDOWN before would leave the
            // pool's idle connections to fail on close, each writing a trace to vigil.trace.db.
            h2Pool.dispose();
        }
        if (pgPool != null) {
            pgPool.close();
        }
    }
}
