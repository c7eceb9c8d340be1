package io.zhongtai.testkit.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TpchDataTest {

    @TempDir
    Path dir;

    @Test
    void writesAllTablesInSpecOrderWithHeaders() throws IOException {
        Map<String, Path> files = TpchData.writeCsv(dir.resolve("sub"), 0.01, true);

        assertThat(files.keySet()).containsExactly("region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem");
        for (Map.Entry<String, Path> file : files.entrySet()) {
            assertThat(file.getValue()).hasFileName(file.getKey() + ".csv").exists();
            String header = firstLine(file.getValue());
            assertThat(header).isEqualTo(String.join(",", TpchData.columnNames(file.getKey())));
        }
        assertThat(firstLine(files.get("lineitem"))).startsWith("l_orderkey,l_partkey,l_suppkey,l_linenumber,l_quantity,");
        try (var list = Files.list(dir.resolve("sub"))) {
            assertThat(list).as("no temporary files left").hasSize(8);
        }
    }

    @Test
    void everyValueMatchesTheGenerator() throws IOException {
        // Parse each CSV back and compare with dbgen's '|' line from TpchEntity.toLine().
        Map<String, Path> files = TpchData.writeCsv(dir, 0.01, true);
        for (Map.Entry<String, Path> file : files.entrySet()) {
            TpchTable<?> table = TpchTable.getTable(file.getKey());
            Iterator<? extends TpchEntity> generated = table.createGenerator(0.01, 1, 1).iterator();
            long rows = 0;
            try (BufferedReader reader = Files.newBufferedReader(file.getValue(), StandardCharsets.US_ASCII)) {
                reader.readLine(); // header
                String line;
                while ((line = reader.readLine()) != null) {
                    List<String> csv = parseCsvLine(line);
                    String dbgen = generated.next().toLine();
                    List<String> expected = Arrays.asList(dbgen.substring(0, dbgen.length() - 1).split("\\|", -1));
                    assertThat(csv).as("%s row %d", file.getKey(), rows + 1).hasSameSizeAs(expected);
                    for (int i = 0; i < csv.size(); i++) {
                        String e = expected.get(i);
                        String a = csv.get(i);
                        if (!e.equals(a)) {
                            // dbgen writes l_quantity as an integer; we write two decimals.
                            assertThat(new BigDecimal(a)).as("%s row %d column %d", file.getKey(), rows + 1, i + 1)
                                    .isEqualByComparingTo(new BigDecimal(e));
                            assertThat(a).matches("-?\\d+\\.\\d\\d");
                        }
                    }
                    rows++;
                }
            }
            assertThat(generated.hasNext()).as("%s has all rows", file.getKey()).isFalse();
        }
    }

    @Test
    void outputDoesNotDependOnThreads() throws IOException {
        Map<String, Path> oneThread = new java.util.LinkedHashMap<>();
        Map<String, Path> fourThreads = new java.util.LinkedHashMap<>();
        Files.createDirectories(dir.resolve("oneThread"));
        Files.createDirectories(dir.resolve("fourThreads"));
        for (String table : TpchData.TABLES) {
            oneThread.put(table, dir.resolve("oneThread").resolve(table + ".csv"));
            fourThreads.put(table, dir.resolve("fourThreads").resolve(table + ".csv"));
        }
        Map<String, Long> oneThreadRows = TpchData.write(oneThread, 0.01, true, 1);
        Map<String, Long> fourThreadsRows = TpchData.write(fourThreads, 0.01, true, 4);
        assertThat(fourThreadsRows).isEqualTo(oneThreadRows).containsEntry("lineitem", 60_175L).containsEntry("region", 5L);
        for (String table : TpchData.TABLES) {
            assertThat(Files.mismatch(oneThread.get(table), fourThreads.get(table))).as(table).isEqualTo(-1L);
        }
        try (var list = Files.list(dir.resolve("fourThreads"))) {
            assertThat(list).as("no temporary files left").hasSize(8);
        }
    }

    @Test
    void formatsDecimalsDatesAndQuotes() throws IOException {
        Path lineitem = dir.resolve("lineitem.csv");
        long rows = TpchData.writeCsv("lineitem", lineitem, 0.01, false);
        assertThat(rows).isEqualTo(60_175);
        assertThat(firstLine(lineitem))
                .isEqualTo("1,1552,93,1,17.00,24710.35,0.04,0.02,N,O,1996-03-13,1996-02-12,1996-03-22,DELIVER IN PERSON,TRUCK,egular courts above the");

        Path partsupp = dir.resolve("partsupp.csv");
        TpchData.writeCsv("partsupp", partsupp, 0.01, false);
        assertThat(firstLine(partsupp)).isEqualTo("1,2,3325,771.64,\", even theodolites. regular, final theodolites eat after the carefully"
                + " pending foxes. furiously regular deposits sleep slyly. carefully bold realms above the ironic dependencies haggle careful\"");

        Path supplier = dir.resolve("supplier.csv");
        TpchData.writeCsv("supplier", supplier, 0.01, false);
        assertThat(firstLine(supplier)).isEqualTo("1,Supplier#000000001,\" N kD4on9OM Ipw3,gf0JBoQDd7tgrzrddZ\",17,27-918-335-1736,5755.94,each slyly above the careful");

        Path customer = dir.resolve("customer.csv");
        TpchData.writeCsv("customer", customer, 0.01, false);
        assertThat(Files.readAllLines(customer)).anySatisfy(line -> assertThat(line).contains(",-"));
    }

    @Test
    void createTableDdlUsesSpecTypes() {
        assertThat(TpchData.createTableDdl("tpch", "lineitem"))
                .startsWith("CREATE TABLE tpch.lineitem (\n    l_orderkey BIGINT NOT NULL,\n")
                .contains("l_linenumber INTEGER NOT NULL", "l_quantity DECIMAL(15,2) NOT NULL", "l_extendedprice DECIMAL(15,2) NOT NULL",
                        "l_shipdate DATE NOT NULL", "l_returnflag VARCHAR NOT NULL", "l_comment VARCHAR NOT NULL\n)");
        assertThat(TpchData.createTableDdl(null, "region"))
                .isEqualTo("CREATE TABLE region (\n    r_regionkey BIGINT NOT NULL,\n    r_name VARCHAR NOT NULL,\n    r_comment VARCHAR NOT NULL\n)");
        assertThat(TpchData.insertFromCsvSql("s", "region", Path.of("/tmp/it's/region.csv")))
                .isEqualTo("INSERT INTO s.region SELECT * FROM read_csv('/tmp/it''s/region.csv', header = true, delim = ',', quote = '\"',"
                        + " escape = '\"', auto_detect = false, columns = {'r_regionkey': 'BIGINT', 'r_name': 'VARCHAR', 'r_comment': 'VARCHAR'})");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> TpchData.createTableDdl("s", "lineitems"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown TPC-H table: lineitems (known: region, nation, supplier, customer, part, partsupp, orders, lineitem)");
        assertThatThrownBy(() -> TpchData.writeCsv(dir, 0, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot generate TPC-H data, scale factor must be positive: 0.0");
        assertThatThrownBy(() -> TpchData.writeCsv(dir, Double.NaN, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TpchData.writeCsv("region", dir.resolve("missing").resolve("region.csv"), 0.01, true))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageStartingWith("Cannot write TPC-H data: ");
    }

    private static String firstLine(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            return reader.readLine();
        }
    }

    /** RFC 4180 parser for one line (TPC-H fields never contain line breaks). */
    private static List<String> parseCsvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
