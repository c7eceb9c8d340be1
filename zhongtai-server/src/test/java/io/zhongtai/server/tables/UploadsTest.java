package io.zhongtai.server.tables;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UploadsTest {
    @Test
    void sanitize() {
        assertThat(Uploads.sanitize("../../etc/passwd")).isEqualTo("passwd");
        assertThat(Uploads.sanitize("C:\\\\Users\\\\me\\\\orders 2024.csv")).isEqualTo("orders_2024.csv");
        assertThat(Uploads.sanitize("..hidden.csv")).isEqualTo("hidden.csv");
        assertThat(Uploads.sanitize("data[1]*?.csv")).isEqualTo("data_1___.csv");
        assertThat(Uploads.sanitize("中台.csv")).isEqualTo("中台.csv");
        assertThat(Uploads.sanitize(null)).isEqualTo("upload");
        assertThat(Uploads.sanitize("..")).isEqualTo("upload");
        assertThat(Uploads.sanitize("x".repeat(300) + ".parquet")).hasSize(120).endsWith(".parquet");
    }
}
