package io.zhongtai.core.integration;

import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.TableScan;
import io.zhongtai.core.lakehouse.TableWriter;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.core.lakehouse.Warehouse;
import io.zhongtai.spi.connector.ChangeBatch;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Upserts and deletes by primary key, copy-on-write: the data files holding any changed key are rewritten without
 * those keys, plus the changed rows' latest versions, in one commit that replaces exactly those files.
 */
final class TableMerge {
    private TableMerge() {
    }

    /** What happens to the table's rows whose keys are not among the staged ones. */
    enum Existing {
        /** They stay: an upsert. */
        KEPT,
        /** They go: the staged rows become the whole table (the first commit of a fresh CDC snapshot). */
        REPLACED
    }

    /** What a merge will commit: files to remove and the written replacement. */
    record Result(List<DataFile> removed, TableWriter.Written written, long upserted, long deleted) {
    }

    /**
     * Merges the staged rows of {@code staging} (made by {@link BatchStaging#createStaging}; with an
     * {@link ChangeBatch#OP_COLUMN} when {@code withOps}) into {@code target}'s table at its base snapshot. When
     * several rows share a key the last one staged wins; a last row with op {@code d} deletes the key.
     */
    static Result merge(Warehouse warehouse, Connection c, TargetTable target, String staging, List<String> keys,
                        boolean withOps, Existing existing, long targetFileSize, Path dir) {
        Table table = target.table();
        String keyList = keys.stream().map(TypeMapping::quote).collect(Collectors.joining(", "));
        String finalRows = staging + "_final";
        DuckDb.exec(c, "CREATE OR REPLACE TABLE " + finalRows + " AS SELECT * EXCLUDE (__zt_rn) FROM (SELECT *, row_number() OVER "
                + "(PARTITION BY " + keyList + " ORDER BY " + StagingTable.SEQUENCE_COLUMN + " DESC) AS __zt_rn FROM " + staging
                + ") WHERE __zt_rn = 1");
        String deleted = withOps ? TypeMapping.quote(ChangeBatch.OP_COLUMN) + " = " + TypeMapping.literal(ChangeBatch.DELETE) : "false";
        long deletes = ((Number) DuckDb.queryValue(c, "SELECT count(*) FROM " + finalRows + " WHERE " + deleted)).longValue();
        long total = ((Number) DuckDb.queryValue(c, "SELECT count(*) FROM " + finalRows)).longValue();

        List<DataFile> files = target.committedTable() == null ? List.of() : TableScan.planFiles(target.committedTable(), target.base());
        List<String> paths = TableScan.readablePaths(warehouse, table, files);
        Map<String, DataFile> byPath = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            byPath.put(paths.get(i), files.get(i));
        }
        List<String> affected = existing == Existing.REPLACED ? paths : affectedFiles(c, paths, finalRows, keys);
        List<DataFile> removed = affected.stream().map(byPath::get).toList();

        Schema schema = table.schema();
        Set<String> stagedColumns = columns(c, finalRows);
        String projection = schema.columns().stream()
                .map(f -> stagedColumns.contains(f.name()) ? "f." + TypeMapping.quote(f.name())
                        : "NULL AS " + TypeMapping.quote(f.name()))
                .collect(Collectors.joining(", "));
        String changedRows = "SELECT " + projection + " FROM " + finalRows + " f WHERE NOT (" + deleted.replace(
                TypeMapping.quote(ChangeBatch.OP_COLUMN), "f." + TypeMapping.quote(ChangeBatch.OP_COLUMN)) + ")";
        String sql;
        if (affected.isEmpty() || existing == Existing.REPLACED) {
            sql = changedRows;
        } else {
            String columnNames = schema.columns().stream().map(f -> "old." + TypeMapping.quote(f.name())).collect(Collectors.joining(", "));
            String join = keys.stream().map(k -> "old." + TypeMapping.quote(k) + " = f." + TypeMapping.quote(k)).collect(Collectors.joining(" AND "));
            String kept = "SELECT " + columnNames + " FROM (" + TableScan.selectSql(schema, TableScan.jsonColumnIds(table), affected)
                    + ") old ANTI JOIN " + finalRows + " f ON " + join;
            sql = kept + " UNION ALL " + changedRows;
        }
        TableWriter.Written written = TableWriter.write(warehouse, c, table, sql, targetFileSize, dir);
        return new Result(removed, written, total - deletes, deletes);
    }

    /** Paths among {@code paths} holding at least one key of {@code finalRows}; only key columns are read. */
    private static List<String> affectedFiles(Connection c, List<String> paths, String finalRows, List<String> keys) {
        if (paths.isEmpty()) {
            return List.of();
        }
        String fileList = paths.stream().map(TypeMapping::literal).collect(Collectors.joining(", ", "[", "]"));
        String keyColumns = keys.stream().map(k -> "t." + TypeMapping.quote(k)).collect(Collectors.joining(", "));
        String join = keys.stream().map(k -> "t." + TypeMapping.quote(k) + " = f." + TypeMapping.quote(k)).collect(Collectors.joining(" AND "));
        String sql = "SELECT DISTINCT t.filename FROM (SELECT " + keyColumns.replace("t.", "") + ", filename FROM read_parquet("
                + fileList + ", filename = true, union_by_name = true)) t SEMI JOIN " + finalRows + " f ON " + join;
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new io.zhongtai.core.ZhongtaiException(io.zhongtai.core.ZhongtaiException.Kind.INTERNAL,
                    "Cannot find the files holding changed keys: " + DuckDb.firstLine(e.getMessage()), null, e);
        }
        return out;
    }

    private static Set<String> columns(Connection c, String table) {
        Set<String> names = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnName(i));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
