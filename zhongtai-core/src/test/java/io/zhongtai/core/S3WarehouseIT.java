package io.zhongtai.core;

import io.zhongtai.testkit.TestingS3;
import io.zhongtai.core.config.PlatformHome;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.Warehouse;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.LoadResult;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.core.session.MaintenanceResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform on an S3 warehouse (S3Proxy): table files live in the bucket, DuckDB works on local copies. */
class S3WarehouseIT {
    private static TestingS3 s3;

    @TempDir
    Path temp;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new TestingS3();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    /** A home on the S3 warehouse under {@code prefix}, with its metadata in {@code metadataDb}. */
    private PlatformFixture open(Path home, String prefix, Path metadataDb) throws Exception {
        Files.createDirectories(home);
        Files.writeString(home.resolve("zhongtai.yaml"), """
                metadata:
                  url: jdbc:sqlite:%s
                warehouse:
                  type: s3
                  s3:
                    bucket: %s
                    prefix: %s
                    endpoint: %s
                    path-style: true
                    access-key-env: ZT_S3_ACCESS
                    secret-key-env: ZT_S3_SECRET
                """.formatted(metadataDb, TestingS3.BUCKET, prefix, s3.endpoint()));
        Map<String, String> env = Map.of("ZT_S3_ACCESS", s3.accessKey(), "ZT_S3_SECRET", s3.secretKey());
        return new PlatformFixture(Platform.open(PlatformHome.resolve(home.toString(), Map.of()), env));
    }

    @Test
    void tablesLiveInTheBucket() throws Exception {
        Path home = temp.resolve("home");
        try (PlatformFixture zt = open(home, "zt", temp.resolve("metadata.db"))) {
            assertThat(zt.platform.lakehouse().warehouse().location()).isEqualTo("s3://warehouse/zt");
            zt.run("CREATE TABLE dwd.orders (id BIGINT, region VARCHAR, amount DECIMAL(12,2)) PARTITIONED BY (region)");
            zt.run("INSERT INTO dwd.orders SELECT range, CASE WHEN range % 2 = 0 THEN 'east' ELSE 'west' END, range * 1.5 FROM range(1000)");
            TableName orders = new TableName("dwd", "orders");
            long first = zt.platform.lakehouse().table(orders).currentSnapshot().snapshotId();
            assertThat(zt.rows("SELECT region, count(*), sum(amount) FROM dwd.orders GROUP BY region ORDER BY region").toString())
                    .isEqualTo("[[east, 500, 374250.00], [west, 500, 375000.00]]");

            assertThat(zt.run("UPDATE dwd.orders SET amount = 0 WHERE id < 10")).contains("10 rows");
            assertThat(zt.rows("SELECT sum(amount) FROM dwd.orders").get(0).get(0).toString()).isEqualTo("749182.50");
            assertThat(zt.rows("SELECT sum(amount) FROM dwd.orders AT (VERSION => " + first + ")").get(0).get(0).toString())
                    .isEqualTo("749250.00");

            zt.run("INSERT INTO dwd.orders VALUES (1000, 'east', 1), (1001, 'west', 2)");
            MaintenanceResult compacted = zt.sessions().compact(zt.session, orders);
            assertThat(compacted.filesRemoved()).isEqualTo(4);
            assertThat(zt.rows("SELECT count(*), sum(amount) FROM dwd.orders").toString()).isEqualTo("[[1002, 749185.50]]");

            Path csv = temp.resolve("customers.csv");
            Files.writeString(csv, "id,name\n1,Li Wei\n2,Zhang San\n3,Wang Wu\n");
            LoadResult loaded = zt.sessions().load(zt.session, new LoadRequest(TableName.parse("ods.customers", "ods"),
                    List.of(csv.toString()), null, LoadRequest.Mode.APPEND, true, 0, null, null), ProgressListener.NONE);
            assertThat(loaded.rows()).isEqualTo(3);
            assertThat(zt.rows("SELECT name FROM ods.customers ORDER BY id").toString()).isEqualTo("[[Li Wei], [Zhang San], [Wang Wu]]");

            // What a writer killed before its commit leaves behind; only it goes.
            s3.put("zt/dwd/orders/data/w-0-orphan/part-orphan.parquet", new byte[] {1, 2, 3});
            Thread.sleep(1100); // object times have one-second resolution
            MaintenanceResult cleaned = zt.sessions().clean(zt.session, orders, Duration.ZERO, false);
            assertThat(cleaned.filesRemoved()).isEqualTo(1);
            assertThat(s3.keys("zt/dwd/orders/")).noneMatch(k -> k.contains("orphan"));
            assertThat(zt.count("dwd.orders")).isEqualTo(1002);
        }

        List<String> keys = s3.keys("zt/");
        assertThat(keys).anyMatch(k -> k.startsWith("zt/dwd/orders/metadata/") && k.endsWith(".metadata.json"));
        assertThat(keys).anyMatch(k -> k.startsWith("zt/dwd/orders/data/") && k.endsWith(".parquet") && k.contains("/__pid="));
        assertThat(keys).anyMatch(k -> k.startsWith("zt/ods/customers/data/") && k.endsWith(".parquet"));
        assertThat(keys).anyMatch(k -> k.startsWith("zt/ods/customers/metadata/") && k.endsWith(".avro"));
        assertThat(files(home.resolve("warehouse"))).isEmpty();
        // Written files became the read cache; staging is left empty.
        assertThat(files(home.resolve("cache/warehouse/warehouse/zt/dwd/orders/data"))).isNotEmpty();
        assertThat(files(home.resolve("cache/staging"))).isEmpty();
    }

    @Test
    void anotherHomeReadsThroughAnEmptyCache() throws Exception {
        Path metadataDb = temp.resolve("metadata.db");
        try (PlatformFixture zt = open(temp.resolve("writer"), "shared", metadataDb)) {
            zt.run("CREATE TABLE ods.events (id BIGINT, kind VARCHAR) PARTITIONED BY (kind)");
            zt.run("INSERT INTO ods.events SELECT range, 'k' || (range % 3) FROM range(300)");
        }
        Path reader = temp.resolve("reader");
        try (PlatformFixture zt = open(reader, "shared", metadataDb)) {
            assertThat(files(reader.resolve("cache"))).isEmpty();
            assertThat(zt.rows("SELECT kind, count(*) FROM ods.events GROUP BY kind ORDER BY kind").toString())
                    .isEqualTo("[[k0, 100], [k1, 100], [k2, 100]]");
            Warehouse.S3 warehouse = (Warehouse.S3) zt.platform.lakehouse().warehouse();
            assertThat(files(warehouse.cacheDir())).hasSize(3).allMatch(p -> p.toString().endsWith(".parquet"));
            // Served from the cache the second time.
            assertThat(zt.count("ods.events")).isEqualTo(300);
        }
    }

    private static List<Path> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }
}
