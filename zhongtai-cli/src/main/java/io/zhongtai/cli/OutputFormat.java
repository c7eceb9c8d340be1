package io.zhongtai.cli;

/** How results and listings are written to standard output. */
public enum OutputFormat {
    /** Aligned columns with a row-count footer; status lines as text. */
    table,
    /** A header line and RFC 4180 quoted rows. */
    csv,
    /** One JSON value per result on one line. */
    json
}
