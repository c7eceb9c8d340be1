package io.zhongtai.core.load;

import io.zhongtai.core.PlatformFixture;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileLoaderTest {
    @TempDir
    Path home;
    @TempDir
    Path data;
    PlatformFixture zt;

    @BeforeEach
    void setUp() {
        zt = new PlatformFixture(home);
    }

    @AfterEach
    void tearDown() {
        zt.close();
    }

    LoadResult load(String table, String path, boolean create, long maxErrors, LoadRequest.Mode mode) {
        return zt.sessions().load(zt.session, new LoadRequest(TableName.parse(table, "ods"), List.of(path), null, mode, create,
                maxErrors, null, null), ProgressListener.NONE);
    }

    @Test
    void infersCsvSchemaAndCreatesTable() throws Exception {
        Files.writeString(data.resolve("a.csv"), "id;name;joined;score\n1;\"Li, Wei\";2024-01-02;1.5\n2;Zhang;2024-02-03;\n");
        Files.writeString(data.resolve("b.csv"), "id;name;joined;score\n3;Wang;2024-03-04;2.5\n");
        LoadResult r = load("ods.people", data + "/*.csv", true, 0, LoadRequest.Mode.APPEND);
        assertThat(r.rows()).isEqualTo(3);
        assertThat(r.files()).isEqualTo(2);
        assertThat(r.tableCreated()).isTrue();
        assertThat(zt.rows("SELECT name, joined, score FROM ods.people ORDER BY id")).hasSize(3);
        assertThat(zt.rows("DESCRIBE ods.people").stream().map(row -> row.get(0) + " " + row.get(1)).toList())
                .containsExactly("id BIGINT", "name VARCHAR", "joined DATE", "score DOUBLE");
    }

    @Test
    void badRowFailsTheWholeLoadByDefaultAndNamesFileAndLine() throws Exception {
        zt.run("CREATE TABLE ods.nums (id INTEGER, amount DECIMAL(10,2))");
        zt.run("INSERT INTO ods.nums VALUES (0, 0)");
        Path csv = data.resolve("nums.csv");
        Files.writeString(csv, "id,amount\n1,1.50\n2,not-a-number\n3,3.25\n");
        assertThatThrownBy(() -> load("ods.nums", csv.toString(), false, 0, LoadRequest.Mode.APPEND))
                .isInstanceOf(ZhongtaiException.class)
                .hasMessageContaining("nothing was committed")
                .hasMessageContaining(csv + ":3")
                .hasMessageContaining("amount");
        assertThat(zt.count("ods.nums")).isEqualTo(1);
        LoadResult r = load("ods.nums", csv.toString(), false, 1, LoadRequest.Mode.APPEND);
        assertThat(r.rows()).isEqualTo(2);
        assertThat(r.rejectedRows()).isEqualTo(1);
        assertThat(r.rejected().get(0).line()).isEqualTo(3);
        assertThat(zt.count("ods.nums")).isEqualTo(3);
    }

    @Test
    void jsonLinesWithMalformedLineAndOverwrite() throws Exception {
        Path json = data.resolve("events.jsonl");
        Files.writeString(json, "{\"id\": 1, \"kind\": \"click\"}\n{\"id\": 2, \"kind\": \n{\"id\": 3, \"kind\": \"view\"}\n");
        assertThatThrownBy(() -> load("ods.events", json.toString(), true, 0, LoadRequest.Mode.APPEND))
                .hasMessageContaining(json + ":2").hasMessageContaining("malformed JSON");
        assertThat(zt.platform.lakehouse().tableExists(new TableName("ods", "events"))).isFalse();
        assertThat(load("ods.events", json.toString(), true, 5, LoadRequest.Mode.APPEND).rows()).isEqualTo(2);
        assertThat(load("ods.events", json.toString(), false, 5, LoadRequest.Mode.OVERWRITE).rows()).isEqualTo(2);
        assertThat(zt.count("ods.events")).isEqualTo(2);
    }

    @Test
    void reportsProgressWhileLoading() throws Exception {
        Path csv = data.resolve("big.csv");
        try (java.io.BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("id,name\n");
            for (int i = 0; i < 2_000_000; i++) {
                w.write(i + ",name-" + i + "\n");
            }
        }
        List<Long> percents = new java.util.concurrent.CopyOnWriteArrayList<>();
        LoadResult r = zt.sessions().load(zt.session, new LoadRequest(TableName.parse("ods.big", "ods"), List.of(csv.toString()), null,
                LoadRequest.Mode.APPEND, true, 0, null, null), (stage, done, total) -> {
            if (stage.equals("loading")) {
                percents.add(done);
            }
        });
        assertThat(r.rows()).isEqualTo(2_000_000);
        assertThat(percents).isNotEmpty().allMatch(p -> p >= 0 && p <= 100);
    }

    @Test
    void parquetRoundTripAndMissingFiles() {
        zt.run("CREATE TABLE ods.src AS SELECT range AS id, 'n' || range AS name FROM range(10)");
        String file = zt.platform.sessions().files(zt.session, new TableName("ods", "src")).get(0).path();
        assertThat(load("ods.copy", file, true, 0, LoadRequest.Mode.APPEND).rows()).isEqualTo(10);
        assertThatThrownBy(() -> load("ods.copy", data + "/nothing*.parquet", false, 0, LoadRequest.Mode.APPEND))
                .hasMessageContaining("No files match");
        assertThatThrownBy(() -> load("ods.absent", file, false, 0, LoadRequest.Mode.APPEND))
                .hasMessageContaining("Table does not exist: ods.absent (use --create");
    }
}
