package io.zhongtai.core.lakehouse;

import io.zhongtai.core.ZhongtaiException;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The Iceberg side of the lakehouse: namespaces and tables in a JdbcCatalog that lives in the
 * platform's metadata database, with data under the warehouse directory.
 */
public final class Lakehouse implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lakehouse.class);

    /** The warehouse layers every data middle platform uses; they exist from the first start. */
    public static final List<String> DEFAULT_NAMESPACES = List.of("ods", "dwd", "dws", "ads");

    /** Table property listing the field ids of columns that hold JSON text (Iceberg has no JSON type). */
    public static final String JSON_COLUMNS_PROPERTY = "zhongtai.json-columns";

    private final JdbcCatalog catalog;
    private final Warehouse warehouse;
    /** The catalog's kind of FileIO, for metadata files written before a table exists (see {@link #registerTable}). */
    private final FileIO io;

    private Lakehouse(JdbcCatalog catalog, Warehouse warehouse, FileIO io) {
        this.catalog = catalog;
        this.warehouse = warehouse;
        this.io = io;
    }

    /**
     * Opens the catalog in the metadata database given by {@code jdbcUrl} (its tables are created
     * on first use) with data files under {@code warehouseDir}.
     */
    public static Lakehouse open(String jdbcUrl, Properties jdbcProperties, Path warehouseDir) {
        return open(jdbcUrl, jdbcProperties, Warehouse.local(warehouseDir));
    }

    /**
     * Opens the catalog in the metadata database given by {@code jdbcUrl} (its tables are created
     * on first use) with table files in {@code warehouse}.
     */
    public static Lakehouse open(String jdbcUrl, Properties jdbcProperties, Warehouse warehouse) {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(warehouse, "warehouse is null");
        warehouse.initialize();
        Map<String, String> props = new HashMap<>(warehouse.catalogProperties());
        props.put(CatalogProperties.URI, jdbcUrl);
        props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse.location());
        props.put("jdbc.schema-version", "V1");
        // Manifests are immutable: keep them in memory so planning a query's tables costs no re-reads.
        props.put(CatalogProperties.IO_MANIFEST_CACHE_ENABLED, "true");
        jdbcProperties.forEach((k, v) -> props.put("jdbc." + k, String.valueOf(v)));
        JdbcCatalog catalog = new JdbcCatalog();
        Configuration conf = new Configuration(false);
        // The raw local file system writes no .crc side files next to Iceberg's metadata.
        conf.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        catalog.setConf(conf);
        catalog.initialize("zhongtai", props);
        FileIO io = CatalogUtil.loadFileIO(props.getOrDefault(CatalogProperties.FILE_IO_IMPL, HadoopFileIO.class.getName()), props, conf);
        Lakehouse lakehouse = new Lakehouse(catalog, warehouse, io);
        for (String ns : DEFAULT_NAMESPACES) {
            lakehouse.createNamespace(ns, true);
        }
        return lakehouse;
    }

    /** Where table files live, and how DuckDB reaches them. */
    public Warehouse warehouse() {
        return warehouse;
    }

    /** The local directory DuckDB reads data files from: the warehouse itself, or an S3 warehouse's read cache. */
    public Path warehouseDir() {
        return warehouse instanceof Warehouse.Local local ? local.dir() : ((Warehouse.S3) warehouse).cacheDir();
    }

    public List<String> namespaces() {
        return catalog.listNamespaces().stream().map(n -> n.level(0)).sorted().toList();
    }

    public boolean namespaceExists(String namespace) {
        return catalog.namespaceExists(Namespace.of(namespace));
    }

    public void createNamespace(String namespace, boolean ifNotExists) {
        String ns = TableName.checkIdentifier(namespace, "namespace");
        if (catalog.namespaceExists(Namespace.of(ns))) {
            if (ifNotExists) {
                return;
            }
            throw ZhongtaiException.conflict("Cannot create namespace, it already exists: %s", ns);
        }
        try {
            catalog.createNamespace(Namespace.of(ns));
            LOG.info("Created namespace {}", ns);
        } catch (AlreadyExistsException e) {
            if (!ifNotExists) {
                throw ZhongtaiException.conflict("Cannot create namespace, it already exists: %s", ns);
            }
        }
    }

    /** Drops a namespace; with {@code cascade} its tables (and their files) go too. */
    public void dropNamespace(String namespace, boolean ifExists, boolean cascade) {
        String ns = TableName.checkIdentifier(namespace, "namespace");
        if (!catalog.namespaceExists(Namespace.of(ns))) {
            if (ifExists) {
                return;
            }
            throw ZhongtaiException.notFound("Cannot drop namespace, it does not exist: %s", ns);
        }
        List<TableIdentifier> tables = catalog.listTables(Namespace.of(ns));
        if (!tables.isEmpty() && !cascade) {
            throw ZhongtaiException.conflict(
                    "Cannot drop namespace %s, it has %d table(s); use DROP SCHEMA %s CASCADE", ns, tables.size(), ns);
        }
        for (TableIdentifier id : tables) {
            catalog.dropTable(id, true);
        }
        try {
            catalog.dropNamespace(Namespace.of(ns));
        } catch (NamespaceNotEmptyException e) {
            throw ZhongtaiException.conflict("Cannot drop namespace %s, a table was created in it meanwhile", ns);
        }
        LOG.info("Dropped namespace {} ({} tables)", ns, tables.size());
    }

    public List<TableName> tables(String namespace) {
        try {
            return catalog.listTables(Namespace.of(namespace)).stream().map(TableName::of)
                    .sorted(java.util.Comparator.comparing(TableName::table)).toList();
        } catch (NoSuchNamespaceException e) {
            throw ZhongtaiException.notFound("Namespace does not exist: %s", namespace);
        }
    }

    public boolean tableExists(TableName name) {
        return catalog.tableExists(name.toIdentifier());
    }

    public Table table(TableName name) {
        try {
            return catalog.loadTable(name.toIdentifier());
        } catch (NoSuchTableException e) {
            throw ZhongtaiException.notFound("Table does not exist: %s", name);
        }
    }

    /**
     * Creates branch {@code branch} of the table at main's current snapshot (write-audit-publish: writes go there,
     * checks read it, and {@link #publishBranch} makes it main).
     */
    public void createBranch(TableName name, String branch) {
        Table t = table(name);
        if (t.refs().containsKey(branch)) {
            throw ZhongtaiException.conflict("Cannot create branch %s of %s: it exists already", branch, name);
        }
        t.manageSnapshots().createBranch(branch).commit();
    }

    /**
     * Makes the head of {@code branch} the table's main snapshot and drops the branch. Main must not have moved
     * since the branch was made (else CONFLICT, and main and the branch stay as they are). Returns main's new snapshot.
     */
    public long publishBranch(TableName name, String branch) {
        Table t = table(name);
        try {
            t.manageSnapshots().fastForwardBranch(SnapshotRef.MAIN_BRANCH, branch).removeBranch(branch).commit();
        } catch (IllegalArgumentException | org.apache.iceberg.exceptions.ValidationException e) {
            throw ZhongtaiException.conflict("Cannot publish branch %s of %s: %s", branch, name, e.getMessage());
        }
        return t.currentSnapshot().snapshotId();
    }

    /** Drops a branch (its snapshots become unreferenced; main is untouched). */
    public void dropBranch(TableName name, String branch) {
        Table t = table(name);
        if (t.refs().containsKey(branch)) {
            t.manageSnapshots().removeBranch(branch).commit();
        }
    }

    public Table createTable(TableName name, Schema schema, PartitionSpec spec, Map<String, String> extraProperties) {
        if (!namespaceExists(name.namespace())) {
            throw ZhongtaiException.notFound("Cannot create table %s, namespace does not exist: %s", name, name.namespace());
        }
        Map<String, String> props = new HashMap<>(defaultTableProperties());
        props.putAll(extraProperties);
        try {
            Table table = catalog.createTable(name.toIdentifier(), schema, spec, props);
            LOG.info("Created table {}", name);
            return table;
        } catch (AlreadyExistsException e) {
            throw ZhongtaiException.conflict("Cannot create table, it already exists: %s", name);
        }
    }

    /**
     * A transaction creating (or, with {@code replace}, replacing while keeping its history) a table;
     * nothing is visible until it commits, so a table and its first rows appear together.
     */
    public org.apache.iceberg.Transaction newTableTransaction(TableName name, Schema schema, PartitionSpec spec,
                                                             Map<String, String> extraProperties, boolean replace) {
        if (!namespaceExists(name.namespace())) {
            throw ZhongtaiException.notFound("Cannot create table %s, namespace does not exist: %s", name, name.namespace());
        }
        Map<String, String> props = new HashMap<>(defaultTableProperties());
        props.putAll(extraProperties);
        org.apache.iceberg.catalog.Catalog.TableBuilder builder = catalog.buildTable(name.toIdentifier(), schema)
                .withPartitionSpec(spec).withProperties(props);
        try {
            return replace ? builder.createOrReplaceTransaction() : builder.createTransaction();
        } catch (AlreadyExistsException e) {
            throw ZhongtaiException.conflict("Cannot create table, it already exists: %s", name);
        }
    }

    /** The catalog's kind of FileIO: reads any table's metadata and data files without loading the table. */
    public FileIO io() {
        return io;
    }

    /** Where {@code name}'s files go when it is created: {@code <warehouse>/<namespace>/<table>}, as the catalog places them. */
    public String defaultLocation(TableName name) {
        return warehouse.location() + "/" + name.namespace() + "/" + name.table();
    }

    /**
     * Adds a table whose metadata the caller built, e.g. a restore that must keep the field ids its data files were
     * written with (creating a table assigns fresh ids). Writes the metadata file under the table's location.
     */
    public Table registerTable(TableName name, TableMetadata metadata) {
        if (!namespaceExists(name.namespace())) {
            throw ZhongtaiException.notFound("Cannot register table %s, namespace does not exist: %s", name, name.namespace());
        }
        String file = metadata.location() + "/metadata/00000-" + UUID.randomUUID() + ".metadata.json";
        TableMetadataParser.write(metadata, io.newOutputFile(file));
        try {
            Table table = catalog.registerTable(name.toIdentifier(), file);
            LOG.info("Registered table {}", name);
            return table;
        } catch (AlreadyExistsException e) {
            io.deleteFile(file);
            throw ZhongtaiException.conflict("Cannot create table, it already exists: %s", name);
        }
    }

    public void dropTable(TableName name, boolean ifExists) {
        if (!catalog.dropTable(name.toIdentifier(), true) && !ifExists) {
            throw ZhongtaiException.notFound("Cannot drop table, it does not exist: %s", name);
        }
    }

    public void renameTable(TableName from, TableName to) {
        try {
            catalog.renameTable(from.toIdentifier(), to.toIdentifier());
        } catch (NoSuchTableException e) {
            throw ZhongtaiException.notFound("Cannot rename table, it does not exist: %s", from);
        } catch (AlreadyExistsException e) {
            throw ZhongtaiException.conflict("Cannot rename table %s, target already exists: %s", from, to);
        }
    }

    /**
     * Properties every table gets: zstd Parquet (Iceberg's own writer only uses zstd when told) and
     * generous commit retries so several writers appending at once all land.
     */
    static Map<String, String> defaultTableProperties() {
        return Map.of(
                TableProperties.FORMAT_VERSION, "2",
                TableProperties.PARQUET_COMPRESSION, "zstd",
                TableProperties.COMMIT_NUM_RETRIES, "50",
                TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "20",
                TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "2000",
                TableProperties.COMMIT_TOTAL_RETRY_TIME_MS, "120000");
    }

    @Override
    public void close() throws IOException {
        io.close();
        catalog.close();
    }
}
