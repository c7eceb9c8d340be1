package io.zhongtai.bench;

import io.zhongtai.core.Platform;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.load.LoadRequest;
import io.zhongtai.core.load.LoadResult;
import io.zhongtai.core.load.ProgressListener;
import io.zhongtai.core.session.Session;
import io.zhongtai.testkit.tpch.TpchData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.zhongtai.bench.Bench.seconds;

/** The eight TPC-H tables as the benchmarks use them: CSVs generated once into the work directory, loaded into {@code ods}. */
final class TpchTables {
    private TpchTables() {
    }

    /** One table's load, and how long it took. */
    record Loaded(LoadResult result, long nanos) {
    }

    /** The CSV of every table at {@code sf}, generated into {@code <dir>/csv-sf<sf>} unless it is already there. */
    static Map<String, Path> csvs(Path dir, double sf) {
        Path csvDir = dir.resolve("csv-sf" + sf);
        if (Files.exists(csvDir.resolve("lineitem.csv"))) {
            Map<String, Path> csv = new LinkedHashMap<>();
            TpchData.TABLES.forEach(t -> csv.put(t, csvDir.resolve(t + ".csv")));
            return csv;
        }
        long t = System.nanoTime();
        Map<String, Path> csv = TpchData.writeCsv(csvDir, sf, true);
        System.out.printf("generated TPC-H SF %s CSVs in %s%n", sf, seconds(System.nanoTime() - t));
        return csv;
    }

    /** Creates {@code ods.<table>} for every table and loads its CSV, printing one line per table; by table name. */
    static Map<String, Loaded> load(Platform platform, Session session, Map<String, Path> csv) {
        Map<String, Loaded> loaded = new LinkedHashMap<>();
        for (String table : TpchData.TABLES) {
            Bench.execute(platform, session, TpchData.createTableDdl("ods", table));
            long t = System.nanoTime();
            LoadResult result = platform.sessions().load(session, new LoadRequest(new TableName("ods", table),
                    List.of(csv.get(table).toString()), "csv", LoadRequest.Mode.APPEND, false, 0, null, null), ProgressListener.NONE);
            long took = System.nanoTime() - t;
            System.out.printf("load %-9s %,12d rows %9s %,8.0f MiB parquet%n", table, result.rows(), seconds(took), result.bytes() / 1048576.0);
            loaded.put(table, new Loaded(result, took));
        }
        return loaded;
    }
}
