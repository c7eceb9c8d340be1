package io.zhongtai.core.sql;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.ZhongtaiException.SqlPosition;
import io.zhongtai.core.lakehouse.DuckDb;
import io.zhongtai.core.lakehouse.Lakehouse;
import io.zhongtai.core.lakehouse.PartitionTransforms;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.lakehouse.TableScan;
import io.zhongtai.core.lakehouse.TableWriter;
import io.zhongtai.core.lakehouse.TypeMapping;
import io.zhongtai.core.session.Session;
import io.zhongtai.core.sql.SelectAnalyzer.TableRef;
import io.zhongtai.core.sql.SqlLexer.Token;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs lakehouse SQL. Queries run in a fresh, sandboxed DuckDB instance where each referenced
 * table is a view over its Parquet files; DDL and INSERT are handled by the platform; UPDATE,
 * DELETE and MERGE run copy-on-write in an instance holding copies of the tables they touch.
 * Every write is exactly one Iceberg commit.
 */
public final class SqlEngine {
    private static final int MAX_CONFLICT_RETRIES = 5;
    private static final Set<String> QUERY_STARTS = Set.of("select", "with", "from", "values", "table", "pivot", "unpivot", "(");

    private final Lakehouse lakehouse;
    private final DuckDb duckDb;
    private final long targetFileSize;
    private final com.github.benmanes.caffeine.cache.Cache<String, String> scans =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).build();

    public SqlEngine(Lakehouse lakehouse, DuckDb duckDb, long targetFileSize) {
        this.lakehouse = lakehouse;
        this.duckDb = duckDb;
        this.targetFileSize = targetFileSize;
    }

    /** Runs each statement of a script in order, handing each result to {@code each} and closing it afterwards. */
    public void executeScript(Session session, String script, Consumer<SqlResult> each) {
        for (SqlLexer.Piece piece : SqlLexer.split(script)) {
            try (SqlResult result = execute(session, script, piece)) {
                each.accept(result);
            }
        }
    }

    /** Runs one statement; the caller closes the result. */
    public SqlResult execute(Session session, String statement) {
        List<SqlLexer.Piece> pieces = SqlLexer.split(statement);
        if (pieces.size() != 1) {
            throw ZhongtaiException.invalid("Expected one SQL statement, found %d", pieces.size());
        }
        return execute(session, statement, pieces.get(0));
    }

    private SqlResult execute(Session session, String script, SqlLexer.Piece piece) {
        Stmt s = new Stmt(session, script, piece.text(), piece.offset(), SqlLexer.tokenize(piece.text()));
        String head = s.tokens.get(0).kind() == SqlLexer.Kind.SYMBOL ? s.tokens.get(0).text() : s.tokens.get(0).identifier();
        if (QUERY_STARTS.contains(head)) {
            return query(s, 0, "");
        }
        return switch (head) {
            case "explain" -> {
                boolean analyze = s.is(1, "analyze");
                yield query(s, s.afterWords(analyze ? 2 : 1), analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ");
            }
            case "create" -> create(s);
            case "drop" -> drop(s);
            case "insert" -> insert(s);
            case "update", "delete", "merge" -> copyOnWrite(s, head);
            case "alter" -> alter(s);
            case "show" -> show(s);
            case "describe", "desc" -> describe(s);
            case "use" -> {
                String ns = s.tokens.get(1).identifier();
                if (!lakehouse.namespaceExists(ns)) {
                    throw s.error(1, "Namespace does not exist: " + ns, ZhongtaiException.Kind.NOT_FOUND);
                }
                session.useNamespace(ns);
                yield new StatusResult(0, "USE " + ns);
            }
            case "copy", "attach", "detach", "install", "load", "set", "reset", "pragma", "export", "import", "call",
                 "checkpoint", "vacuum", "begin", "commit", "rollback", "prepare", "execute", "deallocate" ->
                    throw s.error(0, "Statement not allowed: " + head.toUpperCase(Locale.ROOT)
                            + " (only the platform reads and writes files and engine settings; use `zhongtai load` to bring files in)",
                            ZhongtaiException.Kind.FORBIDDEN);
            default -> throw s.error(0, "Unsupported statement: " + s.tokens.get(0).text(), ZhongtaiException.Kind.INVALID_INPUT);
        };
    }

    // ---------------------------------------------------------------- queries

    /** A query's connection (with views for the tables it reads) and the query text to run in it. */
    private record Prepared(DuckDb.QueryConnection query, String sql) {
        Connection connection() {
            return query.connection();
        }
    }

    private SqlResult query(Stmt s, int fromChar, String prefix) {
        Prepared p = prepareQuery(s, fromChar);
        try {
            Statement st = p.connection().createStatement();
            s.session.running(st);
            ResultSet rs = st.executeQuery(prefix + p.sql);
            return new RowsResult(p.query, st, rs);
        } catch (SQLException e) {
            p.query.close();
            throw s.engineError(e);
        } catch (RuntimeException e) {
            p.query.close();
            throw e;
        }
    }

    /** Opens a query connection and defines a view for every table the query at {@code s.text[fromChar..]} reads. */
    private Prepared prepareQuery(Stmt s, int fromChar) {
        DuckDb.QueryConnection q = duckDb.openQuery();
        try {
            Connection c = q.connection();
            DuckDb.exec(c, "CREATE SCHEMA " + q.catalog() + "." + TypeMapping.quote(s.session.namespace()));
            DuckDb.exec(c, "USE " + q.catalog() + "." + TypeMapping.quote(s.session.namespace()));
            String sql = s.text.substring(fromChar);
            SelectAnalyzer.Analysis analysis = SelectAnalyzer.analyze(c, sql, s.script, s.offset + fromChar);
            String rewritten = defineViews(c, s, sql, fromChar, analysis.tables());
            return new Prepared(q, rewritten);
        } catch (RuntimeException e) {
            q.close();
            throw e;
        }
    }

    /** Creates the views and returns the query with each time-travel reference pointed at its snapshot's view. */
    private String defineViews(Connection c, Stmt s, String sql, int fromChar, List<TableRef> refs) {
        Map<TableName, Table> tables = new HashMap<>();
        Set<String> schemas = new LinkedHashSet<>(List.of(s.session.namespace()));
        Set<String> views = new LinkedHashSet<>();
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (TableRef ref : refs.stream().sorted(java.util.Comparator.comparingInt(TableRef::start)).toList()) {
            TableName name;
            try {
                name = new TableName(ref.schema().isEmpty() ? s.session.namespace() : ref.schema(), ref.table());
            } catch (ZhongtaiException e) {
                throw s.errorAt(fromChar + ref.start(), "Table does not exist: " + (ref.schema().isEmpty() ? "" : ref.schema() + ".")
                        + ref.table(), ZhongtaiException.Kind.NOT_FOUND);
            }
            Table table = tables.computeIfAbsent(name, n -> {
                try {
                    return lakehouse.table(n);
                } catch (ZhongtaiException e) {
                    throw s.errorAt(fromChar + ref.start(), "Table does not exist: " + n, ZhongtaiException.Kind.NOT_FOUND);
                }
            });
            if (schemas.add(name.namespace())) {
                DuckDb.exec(c, "CREATE SCHEMA " + TypeMapping.quote(name.namespace()));
            }
            if (!ref.timeTravel()) {
                if (views.add(name.toString())) {
                    createView(c, name.namespace(), name.table(), table, table.currentSnapshot());
                }
                continue;
            }
            Snapshot snapshot = resolveSnapshot(c, s, fromChar + ref.start(), table, name, ref);
            String viewName = name.table() + "@" + snapshot.snapshotId();
            if (views.add(name.namespace() + "." + viewName)) {
                createView(c, name.namespace(), viewName, table, snapshot);
            }
            out.append(sql, copied, ref.start());
            out.append(TypeMapping.quote(name.namespace())).append('.').append(TypeMapping.quote(viewName))
                    .append(" AS ").append(TypeMapping.quote(ref.alias().isEmpty() ? ref.table() : ref.alias()));
            copied = ref.end();
        }
        out.append(sql.substring(copied));
        return out.toString();
    }

    private void createView(Connection c, String namespace, String view, Table table, Snapshot snapshot) {
        DuckDb.exec(c, "CREATE VIEW " + TypeMapping.quote(namespace) + "." + TypeMapping.quote(view) + " AS " + scanSql(table, snapshot));
    }

    /**
     * The scan of a snapshot, planned once: a snapshot's files never change, so the planned SQL is
     * kept per table, snapshot and schema (a rename or a JSON column changes the schema id).
     */
    private String scanSql(Table table, Snapshot snapshot) {
        if (snapshot == null) {
            return TableScan.selectSql(lakehouse.warehouse(), table, null);
        }
        String key = table.uuid() + "@" + snapshot.snapshotId() + "#" + table.schema().schemaId() + "/" + table.schemas().size()
                + "/" + table.properties().getOrDefault(Lakehouse.JSON_COLUMNS_PROPERTY, "");
        return scans.get(key, k -> TableScan.selectSql(lakehouse.warehouse(), table, snapshot));
    }

    private Snapshot resolveSnapshot(Connection c, Stmt s, int at, Table table, TableName name, TableRef ref) {
        String expr = ref.atExpression().trim();
        if (ref.atUnit().equals("VERSION")) {
            if (expr.matches("-?\\d+")) {
                Snapshot snap = table.snapshot(Long.parseLong(expr));
                if (snap == null) {
                    throw s.errorAt(at, "Table " + name + " has no snapshot " + expr, ZhongtaiException.Kind.NOT_FOUND);
                }
                return snap;
            }
            String refName = expr.startsWith("'") && expr.endsWith("'") ? expr.substring(1, expr.length() - 1) : expr;
            SnapshotRef snapshotRef = table.refs().get(refName);
            if (snapshotRef == null) {
                throw s.errorAt(at, "Table " + name + " has no tag or branch named " + refName
                        + " (known: " + String.join(", ", table.refs().keySet()) + ")", ZhongtaiException.Kind.NOT_FOUND);
            }
            return table.snapshot(snapshotRef.snapshotId());
        }
        Object millis;
        try {
            millis = DuckDb.queryValue(c, "SELECT epoch_ms(CAST((" + expr + ") AS TIMESTAMPTZ))");
        } catch (ZhongtaiException e) {
            throw s.errorAt(at, "Cannot read AT (TIMESTAMP => " + expr + "): " + e.getMessage(), ZhongtaiException.Kind.INVALID_INPUT);
        }
        try {
            return table.snapshot(SnapshotUtil.snapshotIdAsOfTime(table, ((Number) millis).longValue()));
        } catch (IllegalArgumentException e) {
            throw s.errorAt(at, "Table " + name + " has no snapshot at or before " + expr, ZhongtaiException.Kind.NOT_FOUND);
        }
    }

    /** Result columns of a query, without running it. */
    private List<TypeMapping.Column> describeQuery(Connection c, Stmt s, String sql) {
        List<TypeMapping.Column> columns = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE " + sql)) {
            while (rs.next()) {
                columns.add(new TypeMapping.Column(rs.getString("column_name"), rs.getString("column_type"), true));
            }
        } catch (SQLException e) {
            throw s.engineError(e);
        }
        return columns;
    }

    // ---------------------------------------------------------------- DDL

    private SqlResult create(Stmt s) {
        int i = 1;
        boolean orReplace = false;
        if (s.is(i, "or") && s.is(i + 1, "replace")) {
            orReplace = true;
            i += 2;
        }
        if (s.is(i, "schema") || s.is(i, "namespace")) {
            boolean ifNotExists = s.is(i + 1, "if") && s.is(i + 2, "not") && s.is(i + 3, "exists");
            int nameAt = i + (ifNotExists ? 4 : 1);
            String ns = s.identifierAt(nameAt, "namespace");
            s.expectEnd(nameAt + 1);
            lakehouse.createNamespace(ns, ifNotExists);
            return new StatusResult(0, "CREATE SCHEMA " + ns);
        }
        if (!s.is(i, "table")) {
            throw s.error(i, "Unsupported statement: only CREATE SCHEMA and CREATE TABLE are supported", ZhongtaiException.Kind.INVALID_INPUT);
        }
        i++;
        boolean ifNotExists = false;
        if (s.is(i, "if") && s.is(i + 1, "not") && s.is(i + 2, "exists")) {
            ifNotExists = true;
            i += 3;
        }
        TableName name = s.tableNameAt(i);
        i += s.tableNameLength(i);
        if (orReplace && s.session.writeBranch(name) != null) {
            throw ZhongtaiException.conflict("Cannot replace %s while its writes go to branch %s: use INSERT OVERWRITE, which writes to the branch",
                    name, s.session.writeBranch(name));
        }
        if (lakehouse.tableExists(name) && !orReplace) {
            if (ifNotExists) {
                return new StatusResult(0, "CREATE TABLE " + name + " (already exists)");
            }
            throw s.error(i - 1, "Cannot create table, it already exists: " + name, ZhongtaiException.Kind.CONFLICT);
        }
        if (s.isSymbol(i, "(")) {
            int close = s.matching(i);
            List<TypeMapping.Column> columns = new ArrayList<>();
            Set<String> keys = new LinkedHashSet<>();
            defineColumns(s, s.text.substring(s.tokens.get(i).start(), s.tokens.get(close).end()), columns, keys);
            PartitionClause partitionBy = s.partitionClause(close + 1);
            int next = partitionBy.next();
            if (s.is(next, "as")) {
                throw s.error(next, "CREATE TABLE with both a column list and AS is not supported; use one of them",
                        ZhongtaiException.Kind.INVALID_INPUT);
            }
            s.expectEnd(next);
            Schema schema = withIdentifierFields(TypeMapping.toSchema(columns), keys);
            PartitionSpec spec = PartitionTransforms.parse(partitionBy.tokens(), schema);
            commitTableTransaction(name, lakehouse.newTableTransaction(name, schema, spec, jsonProperty(columns, schema), orReplace));
            return new StatusResult(0, "CREATE TABLE " + name);
        }
        PartitionClause partitionBy = s.partitionClause(i);
        i = partitionBy.next();
        if (!s.is(i, "as")) {
            throw s.error(Math.min(i, s.tokens.size() - 1), "Expected a column list ( ... ) or AS <query> after the table name",
                    ZhongtaiException.Kind.INVALID_INPUT);
        }
        return createTableAs(s, name, orReplace, partitionBy.tokens(), s.afterWords(i + 1));
    }

    private SqlResult createTableAs(Stmt s, TableName name, boolean orReplace, List<Token> partitionBy, int queryChar) {
        Prepared p = prepareQuery(s, queryChar);
        try (DuckDb.QueryConnection q = p.query) {
            Connection c = q.connection();
            List<TypeMapping.Column> columns = describeQuery(c, s, p.sql);
            Schema schema = TypeMapping.toSchema(columns);
            PartitionSpec spec = PartitionTransforms.parse(partitionBy, schema);
            // One transaction: the table (or its replacement, keeping history) appears with its rows or not at all.
            Transaction tx = lakehouse.newTableTransaction(name, schema, spec, jsonProperty(columns, schema), orReplace);
            Table table = tx.table();
            Path dir = TableWriter.newWriteDir(lakehouse.warehouse(), table);
            TableWriter.Written w;
            try {
                w = TableWriter.write(lakehouse.warehouse(), c, table, p.sql, targetFileSize, dir, s.session::running);
                org.apache.iceberg.AppendFiles append = tx.newAppend();
                w.files().forEach(append::appendFile);
                summary(s, "create-table-as").forEach(append::set);
                append.commit();
                commitTableTransaction(name, tx);
            } catch (RuntimeException e) {
                TableWriter.deleteQuietly(dir);
                throw e;
            }
            long snapshot = lakehouse.table(name).currentSnapshot().snapshotId();
            return new StatusResult(w.rows(), "CREATE TABLE " + name + " AS: " + StatusResult.rows(w.rows()) + " (snapshot " + snapshot + ")");
        }
    }

    private static void commitTableTransaction(TableName name, Transaction tx) {
        try {
            tx.commitTransaction();
        } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
            throw ZhongtaiException.conflict("Cannot create table, it was created meanwhile: %s", name);
        }
    }

    /** Lets DuckDB parse the column definitions (types, NOT NULL, PRIMARY KEY) in a throw-away instance. */
    private void defineColumns(Stmt s, String columnList, List<TypeMapping.Column> columns, Set<String> keys) {
        try (Connection c = duckDb.openSandboxed(List.of())) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE __zt_columns " + columnList);
            } catch (SQLException e) {
                throw s.engineError(e);
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE __zt_columns")) {
                while (rs.next()) {
                    String col = rs.getString("column_name");
                    columns.add(new TypeMapping.Column(col, rs.getString("column_type"), "YES".equals(rs.getString("null"))));
                    if ("PRI".equals(rs.getString("key"))) {
                        keys.add(col);
                    }
                }
            }
        } catch (SQLException e) {
            throw s.engineError(e);
        }
    }

    private static Schema withIdentifierFields(Schema schema, Set<String> keys) {
        if (keys.isEmpty()) {
            return schema;
        }
        Set<Integer> ids = keys.stream().map(k -> schema.findField(k).fieldId()).collect(Collectors.toSet());
        return new Schema(schema.columns(), ids);
    }

    /** Always set, so a replaced table does not keep the JSON columns of its predecessor. */
    private static Map<String, String> jsonProperty(List<TypeMapping.Column> columns, Schema schema) {
        return Map.of(Lakehouse.JSON_COLUMNS_PROPERTY, TypeMapping.jsonColumnIds(columns, schema));
    }

    private SqlResult drop(Stmt s) {
        if (s.is(1, "schema") || s.is(1, "namespace")) {
            boolean ifExists = s.is(2, "if") && s.is(3, "exists");
            int at = ifExists ? 4 : 2;
            String ns = s.identifierAt(at, "namespace");
            boolean cascade = s.is(at + 1, "cascade");
            s.expectEnd(at + (cascade || s.is(at + 1, "restrict") ? 2 : 1));
            lakehouse.dropNamespace(ns, ifExists, cascade);
            return new StatusResult(0, "DROP SCHEMA " + ns);
        }
        if (s.is(1, "table")) {
            boolean ifExists = s.is(2, "if") && s.is(3, "exists");
            int at = ifExists ? 4 : 2;
            TableName name = s.tableNameAt(at);
            s.expectEnd(at + s.tableNameLength(at));
            if (!lakehouse.tableExists(name)) {
                if (ifExists) {
                    return new StatusResult(0, "DROP TABLE " + name + " (did not exist)");
                }
                throw s.error(at, "Cannot drop table, it does not exist: " + name, ZhongtaiException.Kind.NOT_FOUND);
            }
            lakehouse.dropTable(name, ifExists);
            return new StatusResult(0, "DROP TABLE " + name);
        }
        throw s.error(1, "Unsupported statement: only DROP SCHEMA and DROP TABLE are supported", ZhongtaiException.Kind.INVALID_INPUT);
    }

    private SqlResult alter(Stmt s) {
        if (!s.is(1, "table")) {
            throw s.error(1, "Unsupported statement: only ALTER TABLE is supported", ZhongtaiException.Kind.INVALID_INPUT);
        }
        TableName name = s.tableNameAt(2);
        int i = 2 + s.tableNameLength(2);
        Table table = lakehouse.table(name);
        Transaction tx = table.newTransaction();
        UpdateSchema update = tx.updateSchema();
        String done;
        if (s.is(i, "add")) {
            i += s.is(i + 1, "column") ? 2 : 1;
            boolean ifNotExists = s.is(i, "if") && s.is(i + 1, "not") && s.is(i + 2, "exists");
            i += ifNotExists ? 3 : 0;
            String column = s.identifierAt(i, "column");
            if (table.schema().findField(column) != null) {
                if (ifNotExists) {
                    return new StatusResult(0, "ALTER TABLE " + name + ": column " + column + " already exists");
                }
                throw s.error(i, "Cannot add column, name already exists: " + column, ZhongtaiException.Kind.CONFLICT);
            }
            String typeText = s.text.substring(s.tokens.get(i + 1).start()).trim();
            Type type = TypeMapping.toIceberg(typeText, new AtomicInteger(1000), column);
            update.addColumn(column, type);
            if (typeText.equalsIgnoreCase("json")) {
                String ids = table.properties().getOrDefault(Lakehouse.JSON_COLUMNS_PROPERTY, "");
                update.commit();
                int id = tx.table().schema().findField(column).fieldId();
                tx.updateProperties().set(Lakehouse.JSON_COLUMNS_PROPERTY, ids.isEmpty() ? "" + id : ids + "," + id).commit();
                tx.commitTransaction();
                return new StatusResult(0, "ALTER TABLE " + name + " ADD COLUMN " + column);
            }
            done = "ADD COLUMN " + column;
        } else if (s.is(i, "drop")) {
            i += s.is(i + 1, "column") ? 2 : 1;
            boolean ifExists = s.is(i, "if") && s.is(i + 1, "exists");
            i += ifExists ? 2 : 0;
            String column = s.identifierAt(i, "column");
            s.expectEnd(i + 1);
            if (table.schema().findField(column) == null) {
                if (ifExists) {
                    return new StatusResult(0, "ALTER TABLE " + name + ": column " + column + " does not exist");
                }
                throw s.error(i, "Cannot drop column, it does not exist: " + column, ZhongtaiException.Kind.NOT_FOUND);
            }
            update.deleteColumn(column);
            done = "DROP COLUMN " + column;
        } else if (s.is(i, "rename") && s.is(i + 1, "to")) {
            TableName to = s.tableNameAt(i + 2);
            s.expectEnd(i + 2 + s.tableNameLength(i + 2));
            lakehouse.renameTable(name, to);
            return new StatusResult(0, "ALTER TABLE " + name + " RENAME TO " + to);
        } else if (s.is(i, "rename")) {
            i += s.is(i + 1, "column") ? 2 : 1;
            String from = s.identifierAt(i, "column");
            if (!s.is(i + 1, "to")) {
                throw s.error(i + 1, "Expected RENAME [COLUMN] <old> TO <new>", ZhongtaiException.Kind.INVALID_INPUT);
            }
            String to = s.identifierAt(i + 2, "column");
            s.expectEnd(i + 3);
            requireColumn(s, table, from, i);
            update.renameColumn(from, to);
            done = "RENAME COLUMN " + from + " TO " + to;
        } else if (s.is(i, "alter")) {
            i += s.is(i + 1, "column") ? 2 : 1;
            String column = s.identifierAt(i, "column");
            int t = i + 1;
            t += s.is(t, "set") && s.is(t + 1, "data") ? 2 : 0;
            if (!s.is(t, "type")) {
                throw s.error(Math.min(t, s.tokens.size() - 1), "Expected ALTER COLUMN <name> [SET DATA] TYPE <type>",
                        ZhongtaiException.Kind.INVALID_INPUT);
            }
            Types.NestedField field = requireColumn(s, table, column, i);
            Type newType = TypeMapping.toIceberg(s.text.substring(s.tokens.get(t + 1).start()).trim(), new AtomicInteger(1000), column);
            if (!newType.isPrimitiveType() || !TypeMapping.isWidening(field.type(), newType)) {
                throw s.error(t + 1, "Cannot change column " + column + " from " + field.type() + " to " + newType
                        + ": only widening is allowed (int to bigint, float to double, decimal(p,s) to decimal(p2>=p,s))",
                        ZhongtaiException.Kind.INVALID_INPUT);
            }
            update.updateColumn(column, newType.asPrimitiveType());
            done = "ALTER COLUMN " + column + " TYPE " + newType;
        } else {
            throw s.error(Math.min(i, s.tokens.size() - 1),
                    "Unsupported ALTER TABLE: use ADD COLUMN, DROP COLUMN, RENAME COLUMN, ALTER COLUMN .. TYPE or RENAME TO",
                    ZhongtaiException.Kind.INVALID_INPUT);
        }
        update.commit();
        tx.commitTransaction();
        return new StatusResult(0, "ALTER TABLE " + name + " " + done);
    }

    private static Types.NestedField requireColumn(Stmt s, Table table, String column, int token) {
        Types.NestedField f = table.schema().findField(column);
        if (f == null) {
            throw s.error(token, "Column does not exist: " + column + " (columns: "
                    + table.schema().columns().stream().map(Types.NestedField::name).collect(Collectors.joining(", ")) + ")",
                    ZhongtaiException.Kind.NOT_FOUND);
        }
        return f;
    }

    // ---------------------------------------------------------------- SHOW / DESCRIBE

    private SqlResult show(Stmt s) {
        if (s.is(1, "schemas") || s.is(1, "namespaces") || s.is(1, "databases")) {
            List<List<Object>> rows = lakehouse.namespaces().stream().map(n -> List.<Object>of(n)).toList();
            return new ListResult(List.of(new SqlResult.Column("namespace", "VARCHAR")), rows, rows.size() + " namespaces");
        }
        List<String> namespaces;
        if (s.is(1, "tables") && (s.is(2, "from") || s.is(2, "in"))) {
            namespaces = List.of(s.identifierAt(3, "namespace"));
        } else if (s.is(1, "tables")) {
            namespaces = List.of(s.session.namespace());
        } else if (s.is(1, "all") && s.is(2, "tables")) {
            namespaces = lakehouse.namespaces();
        } else {
            throw s.error(1, "Unsupported SHOW: use SHOW TABLES [FROM ns], SHOW ALL TABLES or SHOW SCHEMAS", ZhongtaiException.Kind.INVALID_INPUT);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (String ns : namespaces) {
            lakehouse.tables(ns).forEach(t -> rows.add(List.of(t.namespace(), t.table())));
        }
        return new ListResult(List.of(new SqlResult.Column("namespace", "VARCHAR"), new SqlResult.Column("table", "VARCHAR")),
                rows, rows.size() + " tables");
    }

    private SqlResult describe(Stmt s) {
        boolean singleName = s.tokens.size() - 1 == s.tableNameLength(1) && s.tokens.get(1).isIdentifier();
        if (!singleName) {
            return query(s, s.afterWords(1), "DESCRIBE ");
        }
        TableName name = s.tableNameAt(1);
        Table table = lakehouse.table(name);
        Set<Integer> json = TableScan.jsonColumnIds(table);
        Set<Integer> keys = table.schema().identifierFieldIds();
        List<List<Object>> rows = new ArrayList<>();
        for (Types.NestedField f : table.schema().columns()) {
            List<Object> row = new ArrayList<>();
            row.add(f.name());
            row.add(TypeMapping.toDuck(f.type(), json.contains(f.fieldId())));
            row.add(f.isOptional() ? "YES" : "NO");
            row.add(keys.contains(f.fieldId()) ? "PRI" : null);
            row.add(f.fieldId());
            row.add(f.doc());
            rows.add(row);
        }
        return new ListResult(List.of(new SqlResult.Column("column_name", "VARCHAR"), new SqlResult.Column("column_type", "VARCHAR"),
                new SqlResult.Column("null", "VARCHAR"), new SqlResult.Column("key", "VARCHAR"),
                new SqlResult.Column("field_id", "INTEGER"), new SqlResult.Column("comment", "VARCHAR")),
                rows, rows.size() + " columns");
    }

    // ---------------------------------------------------------------- writes

    private SqlResult insert(Stmt s) {
        boolean overwrite = s.is(1, "overwrite");
        if (!overwrite && !s.is(1, "into")) {
            throw s.error(1, "Expected INSERT INTO <table> or INSERT OVERWRITE <table>", ZhongtaiException.Kind.INVALID_INPUT);
        }
        int i = 2;
        if (overwrite && s.is(i, "table")) {
            i++;
        }
        TableName name = s.tableNameAt(i);
        i += s.tableNameLength(i);
        List<String> columnList = null;
        if (s.isSymbol(i, "(") && !s.is(i + 1, "select") && !s.is(i + 1, "with")) {
            int close = s.matching(i);
            columnList = new ArrayList<>();
            for (int k = i + 1; k < close; k++) {
                if (!s.tokens.get(k).isSymbol(",")) {
                    columnList.add(s.tokens.get(k).identifier());
                }
            }
            i = close + 1;
        }
        if (i >= s.tokens.size()) {
            throw s.error(s.tokens.size() - 1, "Expected VALUES or a query after the table name", ZhongtaiException.Kind.INVALID_INPUT);
        }
        Table table = lakehouse.table(name);
        List<String> targetColumns = table.schema().columns().stream().map(Types.NestedField::name).toList();
        List<String> inserted = columnList == null ? targetColumns : columnList;
        for (int k = 0; k < inserted.size(); k++) {
            if (!targetColumns.contains(inserted.get(k))) {
                throw ZhongtaiException.invalid("INSERT INTO %s: column does not exist: %s (columns: %s)", name, inserted.get(k),
                        String.join(", ", targetColumns));
            }
        }
        Prepared p = prepareQuery(s, s.tokens.get(i).start());
        try (DuckDb.QueryConnection q = p.query) {
            Connection c = q.connection();
            int produced = describeQuery(c, s, p.sql).size();
            if (produced != inserted.size()) {
                throw ZhongtaiException.invalid("INSERT INTO %s: the query produces %d column(s) but %d are expected (%s)",
                        name, produced, inserted.size(), String.join(", ", inserted));
            }
            String aliases = inserted.stream().map(TypeMapping::quote).collect(Collectors.joining(", "));
            String projection = targetColumns.stream()
                    .map(col -> inserted.contains(col) ? "q." + TypeMapping.quote(col) : "NULL AS " + TypeMapping.quote(col))
                    .collect(Collectors.joining(", "));
            String source = "SELECT " + projection + " FROM (" + p.sql + ") q(" + aliases + ")";
            Path dir = TableWriter.newWriteDir(lakehouse.warehouse(), table);
            TableWriter.Written w = TableWriter.write(lakehouse.warehouse(), c, table, source, targetFileSize, dir, s.session::running);
            if (w.files().isEmpty() && !overwrite) {
                return new StatusResult(0, "INSERT 0 rows into " + name + " (no commit)");
            }
            String branch = s.session.writeBranch(name);
            long snapshot = overwrite
                    ? TableWriter.commitOverwriteAll(table, w, summary(s, "insert-overwrite"), branch)
                    : TableWriter.commitAppend(table, w, summary(s, "insert"), branch);
            return new StatusResult(w.rows(), (overwrite ? "INSERT OVERWRITE " : "INSERT ") + StatusResult.rows(w.rows()) + " into " + name
                    + (branch == null ? "" : " branch " + branch) + " (snapshot " + snapshot + ")");
        }
    }

    /**
     * UPDATE, DELETE and MERGE INTO: DuckDB runs the statement unchanged over in-memory copies of the
     * tables it names, in an instance that can reach no files but the new write directory; the target
     * is then rewritten (copy-on-write) and swapped in with one commit that fails if anyone else
     * changed the table meanwhile, in which case the statement is re-run on the new state.
     */
    private SqlResult copyOnWrite(Stmt s, String verb) {
        int nameAt = switch (verb) {
            case "update" -> 1;
            case "delete" -> s.is(1, "from") ? 2 : -1;
            default -> s.is(1, "into") ? 2 : -1;
        };
        if (nameAt < 0) {
            throw s.error(1, verb.equals("delete") ? "Expected DELETE FROM <table>" : "Expected MERGE INTO <table>",
                    ZhongtaiException.Kind.INVALID_INPUT);
        }
        TableName target = s.tableNameAt(nameAt);
        for (int attempt = 1; ; attempt++) {
            try {
                return copyOnWriteOnce(s, verb, target);
            } catch (ValidationException | CommitFailedException e) {
                if (attempt >= MAX_CONFLICT_RETRIES) {
                    throw ZhongtaiException.conflict("Cannot commit %s on %s: the table kept changing under it (%d attempts): %s",
                            verb.toUpperCase(Locale.ROOT), target, attempt, e.getMessage());
                }
            }
        }
    }

    private SqlResult copyOnWriteOnce(Stmt s, String verb, TableName target) {
        Table table = lakehouse.table(target);
        String branch = s.session.writeBranch(target);
        Snapshot base = branch == null ? table.currentSnapshot() : table.snapshot(branch);
        List<DataFile> baseFiles = TableScan.planFiles(table, base);
        Path dir = TableWriter.newWriteDir(lakehouse.warehouse(), table);
        Map<TableName, Table> involved = new LinkedHashMap<>();
        involved.put(target, table);
        referencedTables(s).forEach(n -> involved.computeIfAbsent(n, lakehouse::table));
        try (Connection c = openDmlSandbox(dir)) {
            PartitionTransforms.registerFunctions(c);
            Set<String> schemas = new LinkedHashSet<>();
            schemas.add(s.session.namespace());
            involved.keySet().forEach(n -> schemas.add(n.namespace()));
            for (String ns : schemas) {
                DuckDb.exec(c, "CREATE SCHEMA " + TypeMapping.quote(ns));
            }
            for (Map.Entry<TableName, Table> e : involved.entrySet()) {
                Table t = e.getValue();
                Snapshot snap = e.getKey().equals(target) ? base : t.currentSnapshot();
                DuckDb.exec(c, "CREATE TABLE " + TypeMapping.quote(e.getKey().namespace()) + "." + TypeMapping.quote(e.getKey().table())
                        + " AS " + TableScan.selectSql(lakehouse.warehouse(), t, snap));
            }
            DuckDb.exec(c, "SET schema = " + TypeMapping.literal(s.session.namespace()));
            DuckDb.lock(c);
            long changed;
            try (Statement st = c.createStatement()) {
                s.session.running(st);
                st.execute(s.text);
                changed = st.getUpdateCount();
            } catch (SQLException e) {
                throw s.engineError(e);
            }
            if (changed == 0) {
                TableWriter.deleteQuietly(dir);
                return new StatusResult(0, verb.toUpperCase(Locale.ROOT) + " 0 rows in " + target + " (no commit)");
            }
            String qualified = TypeMapping.quote(target.namespace()) + "." + TypeMapping.quote(target.table());
            // DuckDB may write below an allowed directory, not create the directory itself.
            TableWriter.Written w = TableWriter.write(lakehouse.warehouse(), c, table, "SELECT * FROM " + qualified, targetFileSize,
                    dir.resolve("cow"), s.session::running);
            long snapshot = TableWriter.commitReplace(table, base, baseFiles, w, summary(s, verb), branch);
            return new StatusResult(changed, verb.toUpperCase(Locale.ROOT) + " " + StatusResult.rows(changed) + " in " + target
                    + (branch == null ? "" : " branch " + branch) + " (snapshot " + snapshot + ")");
        } catch (SQLException e) {
            TableWriter.deleteQuietly(dir);
            throw s.engineError(e);
        } catch (RuntimeException e) {
            TableWriter.deleteQuietly(dir);
            throw e;
        }
    }

    /** DuckDB only accepts an allowed directory that exists. */
    private Connection openDmlSandbox(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create " + dir, e);
        }
        return duckDb.openUnlocked(List.of(dir));
    }

    /** Tables a DML statement names: {@code ns.t} pairs and bare names of tables in the current namespace. */
    private Set<TableName> referencedTables(Stmt s) {
        Set<TableName> found = new LinkedHashSet<>();
        Map<String, Set<String>> tablesByNamespace = new HashMap<>();
        List<Token> t = s.tokens;
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).isIdentifier()) {
                continue;
            }
            boolean qualified = i + 2 < t.size() && t.get(i + 1).isSymbol(".") && t.get(i + 2).isIdentifier();
            boolean afterDot = i > 0 && t.get(i - 1).isSymbol(".");
            boolean functionCall = i + 1 < t.size() && t.get(i + 1).isSymbol("(");
            if (afterDot || functionCall) {
                continue;
            }
            String ns = qualified ? t.get(i).identifier() : s.session.namespace();
            String table = qualified ? t.get(i + 2).identifier() : t.get(i).identifier();
            Set<String> names = tablesByNamespace.computeIfAbsent(ns, n -> lakehouse.namespaceExists(n)
                    ? lakehouse.tables(n).stream().map(TableName::table).collect(Collectors.toSet())
                    : Set.of());
            if (names.contains(table)) {
                found.add(new TableName(ns, table));
            }
        }
        return found;
    }

    private static Map<String, String> summary(Stmt s, String operation) {
        return Map.of("zhongtai.operation", operation, "zhongtai.user", s.session.identity().name());
    }

    // ---------------------------------------------------------------- statement text helpers

    /** The items of an optional {@code PARTITIONED BY (...)} and the token after it. */
    private record PartitionClause(List<Token> tokens, int next) {
    }

    /** One statement being executed: its tokens, its place in the user's script, and error helpers. */
    private final class Stmt {
        final Session session;
        final String script;
        final String text;
        final int offset;
        final List<Token> tokens;

        Stmt(Session session, String script, String text, int offset, List<Token> tokens) {
            this.session = session;
            this.script = script;
            this.text = text;
            this.offset = offset;
            this.tokens = tokens;
        }

        boolean is(int i, String keyword) {
            return i < tokens.size() && tokens.get(i).is(keyword);
        }

        boolean isSymbol(int i, String symbol) {
            return i < tokens.size() && tokens.get(i).isSymbol(symbol);
        }

        /** The character offset in {@link #text} of token {@code i}. */
        int afterWords(int i) {
            if (i >= tokens.size()) {
                throw error(tokens.size() - 1, "Statement ends too early", ZhongtaiException.Kind.INVALID_INPUT);
            }
            return tokens.get(i).start();
        }

        int matching(int open) {
            if (!isSymbol(open, "(")) {
                throw error(Math.min(open, tokens.size() - 1), "Expected '('", ZhongtaiException.Kind.INVALID_INPUT);
            }
            int depth = 0;
            for (int k = open; k < tokens.size(); k++) {
                if (tokens.get(k).isSymbol("(")) {
                    depth++;
                } else if (tokens.get(k).isSymbol(")") && --depth == 0) {
                    return k;
                }
            }
            throw error(open, "Unbalanced parenthesis", ZhongtaiException.Kind.INVALID_INPUT);
        }

        String identifierAt(int i, String what) {
            if (i >= tokens.size() || !tokens.get(i).isIdentifier()) {
                throw error(Math.min(i, tokens.size() - 1), "Expected a " + what + " name", ZhongtaiException.Kind.INVALID_INPUT);
            }
            try {
                return TableName.checkIdentifier(tokens.get(i).identifier(), what);
            } catch (ZhongtaiException e) {
                throw error(i, e.getMessage(), ZhongtaiException.Kind.INVALID_INPUT);
            }
        }

        /** Reads {@code PARTITIONED BY (...)} at token {@code i}, if it is there. */
        PartitionClause partitionClause(int i) {
            if (!is(i, "partitioned") || !is(i + 1, "by")) {
                return new PartitionClause(List.of(), i);
            }
            int close = matching(i + 2);
            return new PartitionClause(tokens.subList(i + 3, close), close + 1);
        }

        int tableNameLength(int i) {
            return isSymbol(i + 1, ".") ? 3 : 1;
        }

        TableName tableNameAt(int i) {
            if (isSymbol(i + 1, ".")) {
                return new TableName(identifierAt(i, "namespace"), identifierAt(i + 2, "table"));
            }
            return new TableName(session.namespace(), identifierAt(i, "table"));
        }

        void expectEnd(int i) {
            if (i < tokens.size()) {
                throw error(i, "Unexpected '" + tokens.get(i).text() + "'", ZhongtaiException.Kind.INVALID_INPUT);
            }
        }

        ZhongtaiException error(int token, String message, ZhongtaiException.Kind kind) {
            return errorAt(tokens.get(Math.max(0, token)).start(), message, kind);
        }

        ZhongtaiException errorAt(int charInText, String message, ZhongtaiException.Kind kind) {
            SqlPosition p = SqlPosition.of(script, offset + charInText);
            return new ZhongtaiException(kind, message + " (at " + p + ")", p, null);
        }

        /** A DuckDB error on the user's SQL: DuckDB's message, with the line it names mapped into the script. */
        ZhongtaiException engineError(SQLException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().trim();
            SqlPosition p = null;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("LINE (\\d+): (.*)\\n( *)\\^").matcher(message);
            if (m.find()) {
                int line = Integer.parseInt(m.group(1));
                int caret = m.group(3).length() - ("LINE " + m.group(1) + ": ").length();
                int lineStart = 0;
                for (int l = 1; l < line; l++) {
                    lineStart = text.indexOf('\n', lineStart) + 1;
                }
                if (!m.group(2).startsWith("...") && caret >= 0) {
                    p = SqlPosition.of(script, offset + lineStart + caret);
                }
            }
            String first = DuckDb.firstLine(message);
            return new ZhongtaiException(ZhongtaiException.Kind.INVALID_INPUT,
                    (p == null ? first : first + " (at " + p + ")"), p, e);
        }
    }
}
