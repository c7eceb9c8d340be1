package io.zhongtai.connector.file;

import io.zhongtai.spi.connector.Connector;
import io.zhongtai.spi.connector.ConnectorContext;
import io.zhongtai.spi.connector.ConnectorFactory;
import io.zhongtai.spi.options.ConnectorConfig;
import io.zhongtai.spi.options.OptionSpec;

import java.util.List;

/** Files on local disk or S3 (CSV/TSV, JSON lines, Parquet) as tables; exports write new files. */
public final class FileConnectorFactory implements ConnectorFactory {
    static final String PATH = "path";
    static final String FORMAT = "format";
    static final String DELIMITER = "delimiter";
    static final String QUOTE = "quote";
    static final String ESCAPE = "escape";
    static final String HEADER = "header";
    static final String NULL_STRING = "null-string";
    static final String ENCODING = "encoding";
    static final String FILE_COLUMNS = "file-columns";
    static final String S3_ENDPOINT = "s3-endpoint";
    static final String S3_REGION = "s3-region";
    static final String S3_ACCESS_KEY_ID = "s3-access-key-id";
    static final String S3_SECRET_ACCESS_KEY = "s3-secret-access-key";
    static final String S3_PATH_STYLE_ACCESS = "s3-path-style-access";

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String description() {
        return "CSV/TSV, JSON lines and Parquet files in a local directory or an S3 bucket";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string(PATH, "Local directory, file or glob, or s3://bucket/prefix (globs: * ** ? {a,b}); "
                        + "in a directory each file is a table named by its stem and each sub-directory one table of all its files").asRequired(),
                OptionSpec.oneOf(FORMAT, "auto", "File format; auto decides by extension (.csv .tsv .json .jsonl .ndjson .parquet, "
                        + "optionally .gz for text)", "auto", "csv", "tsv", "json", "parquet"),
                OptionSpec.string(DELIMITER, "CSV field delimiter (default ',' for csv, tab for tsv; '\\t' means tab)"),
                OptionSpec.string(QUOTE, "CSV quote character").withDefault("\""),
                OptionSpec.string(ESCAPE, "CSV escape character inside quoted fields").withDefault("\""),
                OptionSpec.bool(HEADER, true, "CSV files start with a header line naming the columns; "
                        + "without it columns are named column0, column1, ..."),
                OptionSpec.string(NULL_STRING, "CSV text that means NULL (default: an empty unquoted field)"),
                OptionSpec.oneOf(ENCODING, "utf-8", "Character encoding of CSV files", "utf-8", "utf-16", "latin-1"),
                OptionSpec.bool(FILE_COLUMNS, false, "Add columns _file (the file's path) and _modified (its modification time) "
                        + "to every table; they allow incremental syncs with --cursor _modified or --cursor _file (every file is then "
                        + "rewritten as Parquet before the platform reads it)"),
                OptionSpec.string(S3_ENDPOINT, "S3 endpoint URL for S3-compatible stores (MinIO, Ceph...); default: AWS"),
                OptionSpec.string(S3_REGION, "S3 region").withDefault("us-east-1"),
                OptionSpec.string(S3_ACCESS_KEY_ID, "S3 access key id; default: the AWS default credentials chain"),
                OptionSpec.string(S3_SECRET_ACCESS_KEY, "S3 secret access key").asSecret(),
                OptionSpec.bool(S3_PATH_STYLE_ACCESS, false, "Address buckets as endpoint/bucket instead of bucket.endpoint "
                        + "(needed by most S3-compatible stores)"));
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new FileConnector(config, context);
    }
}
