package io.zhongtai.spi.data;

/** File formats the lakehouse engine reads and writes without help. */
public enum FileFormat {
    CSV, JSON_LINES, PARQUET
}
