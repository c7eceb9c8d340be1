package io.zhongtai.core.lakehouse;

import io.zhongtai.core.ZhongtaiException;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.regex.Pattern;

/** A lakehouse table's name: namespace (a warehouse layer such as ods) and table, both lower-case identifiers. */
public record TableName(String namespace, String table) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,127}");

    public TableName {
        namespace = checkIdentifier(namespace, "namespace");
        table = checkIdentifier(table, "table");
    }

    /** Parses {@code ns.table}; a bare {@code table} takes {@code defaultNamespace}. */
    public static TableName parse(String text, String defaultNamespace) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length == 1 && defaultNamespace != null) {
            return new TableName(defaultNamespace, parts[0]);
        }
        if (parts.length != 2) {
            throw ZhongtaiException.invalid("Invalid table name '%s': expected <namespace>.<table>", text);
        }
        return new TableName(parts[0], parts[1]);
    }

    public static String checkIdentifier(String name, String what) {
        String lower = name == null ? "" : unquote(name.trim()).toLowerCase(java.util.Locale.ROOT);
        if (!IDENTIFIER.matcher(lower).matches()) {
            throw ZhongtaiException.invalid(
                    "Invalid %s name '%s': use letters, digits and underscores, starting with a letter or underscore", what, name);
        }
        return lower;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    public TableIdentifier toIdentifier() {
        return TableIdentifier.of(Namespace.of(namespace), table);
    }

    public static TableName of(TableIdentifier id) {
        return new TableName(id.namespace().level(0), id.name());
    }

    @Override
    public String toString() {
        return namespace + "." + table;
    }
}
