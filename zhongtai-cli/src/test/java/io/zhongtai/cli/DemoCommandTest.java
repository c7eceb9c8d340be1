package io.zhongtai.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void buildsLayeredTablesAndIsRepeatable() throws Exception {
        Path home = dir.resolve("demo");
        for (int run = 0; run < 2; run++) {
            Cli.Run r = new Cli(home).run("demo", "--no-server");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("Demo home ready").contains("Token:   zt_").contains("sql \"SELECT rank, name");
            assertThat(r.err()).contains("Loading ods.orders").contains("Applying pipeline shop_daily").contains("Built ads_channel_kpis")
                    .contains("quarantined");
        }
        Cli.Run tables = new Cli(home).run("--format", "csv", "sql", "SELECT count(*) FROM ads.top_products_30d");
        assertThat(tables.out()).isEqualTo("count_star()\n20\n");
        // The warn rule on the raw customers catches the dataset's invalid emails (2% of 5,000); the run went on.
        Cli.Run quality = new Cli(home).run("quality", "results", "ods.customers");
        assertThat(quality.out()).contains("ods_customers_email").contains("false");
        // The clean node keeps the valid contacts, one per customer, and quarantines the invalid emails and duplicates.
        Cli.Run contacts = new Cli(home).run("--format", "csv", "sql", "SELECT (SELECT count(*) FROM dwd.customer_contacts), "
                + "(SELECT count(*) FROM dwd.customer_contacts__rejects), (SELECT count(*) FROM ods.customers)");
        String[] counts = contacts.out().lines().skip(1).findFirst().orElseThrow().split(",");
        assertThat(Long.parseLong(counts[0])).isBetween(4_800L, 4_950L);
        assertThat(Long.parseLong(counts[0]) + Long.parseLong(counts[1])).isEqualTo(Long.parseLong(counts[2]));
        assertThat(new Cli(home).run("pipeline", "list").out()).contains("shop_daily").contains("0 2 * * * Asia/Shanghai");
    }

    @Test
    void refusesADirectoryItDidNotMake() throws Exception {
        Path other = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(other.resolve("keep.txt"), "precious");
        Cli.Run r = new Cli(other).run("demo", "--no-server");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err()).contains("was not made by `zhongtai demo`");
        assertThat(other.resolve("keep.txt")).exists();
    }
}
