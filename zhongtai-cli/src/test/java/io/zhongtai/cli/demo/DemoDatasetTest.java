package io.zhongtai.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zhongtai.cli.demo.DemoDataset.Anomaly;
import io.zhongtai.cli.demo.DemoDataset.Scale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatasetTest {

    private static final Pattern EMAIL = Pattern.compile("[a-z0-9._%+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}");

    @TempDir
    static Path tmp;

    static DemoDataset dataset;
    static Map<String, List<List<String>>> csv = new HashMap<>();

    @BeforeAll
    static void generate() throws IOException {
        // Timings are printed, not asserted. The first call pays for JIT warm-up, as `zhongtai demo` will.
        long cold = System.nanoTime();
        DemoDataset.generate(tmp.resolve("cold"), 1, Scale.DEFAULT);
        System.out.printf("DemoDataset.generate(DEFAULT) first call: %d ms%n", (System.nanoTime() - cold) / 1_000_000);
        for (int run = 1; run <= 3; run++) {
            long start = System.nanoTime();
            dataset = DemoDataset.generate(tmp.resolve("default"), DemoDataset.DEFAULT_SEED, Scale.DEFAULT);
            System.out.printf("DemoDataset.generate(DEFAULT) run %d: %d ms%n", run, (System.nanoTime() - start) / 1_000_000);
        }
        System.out.println("rows: " + dataset.rowCounts());
        System.out.println("anomalies: " + dataset.anomalies());
        for (String table : DemoDataset.TABLES) {
            csv.put(table, Csv.read(dataset.path(table)));
            System.out.printf("%s: %,d bytes%n", table, Files.size(dataset.path(table)));
        }
    }

    @Test
    void sameSeedGivesIdenticalBytes() throws IOException {
        DemoDataset again = DemoDataset.generate(tmp.resolve("again"), DemoDataset.DEFAULT_SEED, Scale.DEFAULT);
        for (String table : DemoDataset.TABLES) {
            assertThat(Files.mismatch(dataset.path(table), again.path(table))).as(table).isEqualTo(-1L);
        }
        assertThat(again.rowCounts()).isEqualTo(dataset.rowCounts());
        assertThat(again.anomalies()).isEqualTo(dataset.anomalies());
    }

    @Test
    void otherSeedGivesOtherData() throws IOException {
        DemoDataset other = DemoDataset.generate(tmp.resolve("other"), DemoDataset.DEFAULT_SEED + 1, Scale.DEFAULT);
        for (String table : DemoDataset.TABLES) {
            assertThat(Files.mismatch(dataset.path(table), other.path(table))).as(table).isNotEqualTo(-1L);
        }
    }

    @Test
    void filesAndRowCounts() {
        assertThat(dataset.tables()).extracting(DemoDataset.TableFile::table).containsExactlyElementsOf(DemoDataset.TABLES);
        assertThat(dataset.path("orders")).isEqualTo(tmp.resolve("default").resolve("orders.csv"));
        assertThat(dataset.rows("customers")).isBetween(5_000L + 40, 5_000L + 60);
        assertThat(dataset.rows("products")).isEqualTo(800);
        assertThat(dataset.rows("orders")).isBetween(30_000L + 250, 30_000L + 350);
        assertThat(dataset.rows("order_items")).isBetween(80_000L, 100_000L);
        assertThat(dataset.rows("customers")).isEqualTo(5_000 + dataset.anomalies(Anomaly.DUPLICATE_CUSTOMER_ROWS));
        assertThat(dataset.rows("orders")).isEqualTo(30_000 + dataset.anomalies(Anomaly.DUPLICATE_ORDER_ROWS));
        for (String table : DemoDataset.TABLES) {
            assertThat(csv.get(table)).as(table).hasSize((int) dataset.rows(table) + 1);
        }
        assertThatThrownBy(() -> dataset.table("nope"))
                .hasMessage("Cannot find demo table, no such name: nope (known: [customers, products, orders, order_items])");
    }

    @Test
    void everyRowHasTheHeaderWidth() {
        assertThat(csv.get("customers").get(0))
                .containsExactly("customer_id", "name", "email", "phone", "city", "province", "signup_date", "segment");
        assertThat(csv.get("products").get(0))
                .containsExactly("product_id", "sku", "name", "category", "brand", "price", "cost", "launched_on");
        assertThat(csv.get("orders").get(0)).containsExactly("order_id", "customer_id", "order_ts", "status",
                "channel", "payment_method", "shipping_fee", "coupon_code");
        assertThat(csv.get("order_items").get(0))
                .containsExactly("order_id", "line_no", "product_id", "quantity", "unit_price", "discount");
        for (String table : DemoDataset.TABLES) {
            int width = csv.get(table).get(0).size();
            assertThat(csv.get(table)).as(table).allSatisfy(row -> assertThat(row).hasSize(width));
        }
    }

    @Test
    void productNamesNeedQuotingAndSomeAreChinese() throws IOException {
        List<String> names = column("products", "name");
        assertThat(names).anyMatch(n -> n.contains(","));
        assertThat(names).anyMatch(n -> n.contains("\""));
        assertThat(names).anyMatch(n -> n.contains(",") && n.contains("\""));
        assertThat(names).anyMatch(n -> n.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN));
        assertThat(column("customers", "name"))
                .anyMatch(n -> n.codePoints().allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN))
                .anyMatch(n -> n.matches("[A-Z][a-z]+ [A-Z][a-z]+"));
        String raw = Files.readString(dataset.path("products"));
        assertThat(raw).contains("\"\"").contains("\r\n");
    }

    @Test
    void duplicateRowsAreExactCopies() {
        assertThat(duplicates("customers")).isEqualTo(dataset.anomalies(Anomaly.DUPLICATE_CUSTOMER_ROWS)).isPositive();
        assertThat(duplicates("orders")).isEqualTo(dataset.anomalies(Anomaly.DUPLICATE_ORDER_ROWS)).isPositive();
        assertThat(duplicates("products")).isZero();
        assertThat(duplicates("order_items")).isZero();
        assertThat(distinct(column("customers", "customer_id"))).hasSize(5_000);
        assertThat(distinct(column("orders", "order_id"))).hasSize(30_000);
    }

    @Test
    void emailsAreSometimesBrokenAndSometimesJustMessy() {
        List<String> emails = distinctRows("customers").stream().map(r -> r.get(2)).toList();
        long invalid = emails.stream().filter(e -> !EMAIL.matcher(e.trim().toLowerCase()).matches()).count();
        assertThat(invalid).isEqualTo(dataset.anomalies(Anomaly.INVALID_EMAIL)).isEqualTo(100);
        assertThat(emails).anyMatch(e -> !e.contains("@"))
                .anyMatch(e -> e.contains("@@"))
                .anyMatch(e -> e.strip().contains(" "))
                .anyMatch(e -> !e.equals(e.strip()) && EMAIL.matcher(e.strip()).matches())
                .anyMatch(e -> !e.equals(e.toLowerCase()) && EMAIL.matcher(e.trim().toLowerCase()).matches());
        assertThat(dataset.anomalies(Anomaly.MESSY_EMAIL)).isBetween(100L, 200L);
    }

    @Test
    void datesComeInMixedFormats() {
        List<String> signup = column("customers", "signup_date");
        assertThat(signup).anyMatch(matches("\\d{4}-\\d{2}-\\d{2}"))
                .anyMatch(matches("\\d{4}/\\d{2}/\\d{2}"))
                .anyMatch(matches("\\d{2}/\\d{2}/\\d{4}"))
                .anyMatch(matches("\\d{8}"))
                .anyMatch(matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"))
                .anyMatch(matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"))
                .allMatch(s -> !s.isEmpty());
        List<String> ts = column("orders", "order_ts");
        assertThat(ts).anyMatch(matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"))
                .anyMatch(matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"))
                .anyMatch(matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}"))
                .anyMatch(matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}"))
                .anyMatch(matches("\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}"))
                .anyMatch(matches("\\d{14}"))
                .anyMatch(matches("\\d{4}-\\d{2}-\\d{2}"))
                .anyMatch(matches("\\d{4}/\\d{2}/\\d{2}"))
                .anyMatch(String::isEmpty)
                .contains("0000-00-00 00:00:00");
        long unparseable = distinctRows("orders").stream().map(r -> r.get(2))
                .filter(s -> !s.matches("\\d{4}.*|\\d{2}/\\d{2}/\\d{4}.*") || s.startsWith("0000")).count();
        assertThat(unparseable).isEqualTo(dataset.anomalies(Anomaly.UNPARSEABLE_ORDER_TS)).isEqualTo(30);
    }

    @Test
    void categoricalValuesHaveCaseAndWhitespaceNoise() {
        Predicate<String> noisy = s -> !s.equals(s.strip()) || s.equals(s.toUpperCase()) && !s.equals(s.toLowerCase());
        assertThat(column("customers", "city")).anyMatch(noisy).anyMatch(s -> s.equals("Shanghai"));
        assertThat(column("orders", "status")).anyMatch(noisy)
                .allMatch(s -> Set.of("paid", "shipped", "delivered", "cancelled", "refunded").contains(s.strip().toLowerCase()));
        assertThat(column("orders", "channel")).anyMatch(noisy)
                .allMatch(s -> Set.of("app", "web", "mini-program", "store").contains(s.strip().toLowerCase()));
        assertThat(column("customers", "phone"))
                .anyMatch(matches("1\\d{10}"))
                .anyMatch(matches("1\\d{2}-\\d{4}-\\d{4}"))
                .anyMatch(matches("\\+86 1\\d{2} \\d{4} \\d{4}"))
                .anyMatch(matches("\\+861\\d{10}"))
                .allMatch(s -> s.replaceAll("[^0-9]", "").replaceFirst("^86(?=\\d{11}$)", "").matches("1[3-9]\\d{9}"));
    }

    @Test
    void pricesAndQuantitiesHaveGaps() {
        List<String> prices = column("products", "price");
        long missing = prices.stream().filter(p -> !p.matches("\\d+\\.\\d{2}")).count();
        assertThat(missing).isEqualTo(dataset.anomalies(Anomaly.MISSING_PRICE)).isEqualTo(8);
        assertThat(prices).contains("").anyMatch(p -> p.equals("NULL") || p.equals("N/A"));
        long negative = column("order_items", "quantity").stream().filter(q -> q.startsWith("-")).count();
        assertThat(negative).isEqualTo(dataset.anomalies(Anomaly.NEGATIVE_QUANTITY)).isEqualTo(180);
        Set<String> products = distinct(column("products", "product_id"));
        long unknown = column("order_items", "product_id").stream().filter(p -> !products.contains(p)).count();
        assertThat(unknown).isEqualTo(dataset.anomalies(Anomaly.UNKNOWN_PRODUCT)).isPositive();
    }

    @Test
    void ordersCoverTwoYearsWithPeaks() {
        Map<LocalDate, Integer> perDay = new HashMap<>();
        for (String ts : column("orders", "order_ts")) {
            if (ts.matches("\\d{4}-\\d{2}-\\d{2} .*") && !ts.startsWith("0000")) {
                perDay.merge(LocalDate.parse(ts.substring(0, 10)), 1, Integer::sum);
            }
        }
        assertThat(perDay.keySet()).allMatch(d -> !d.isBefore(DemoDataset.HISTORY_START) && !d.isAfter(DemoDataset.BASE_DATE));
        double average = perDay.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertThat(perDay.get(LocalDate.of(2025, 11, 11))).isGreaterThan((int) (3 * average));
        assertThat(perDay.get(LocalDate.of(2024, 6, 18))).isGreaterThan((int) (1.8 * average));
        assertThat(perDay.get(LocalDate.of(2025, 1, 29))).isLessThan((int) average);
    }

    @Test
    void smallScalesStillContainEveryKindOfDirt() throws IOException {
        DemoDataset small = DemoDataset.generate(tmp.resolve("small"), 7, Scale.SMALL);
        assertThat(small.rowCounts()).containsEntry("products", 80L);
        assertThat(small.anomalies()).allSatisfy((kind, count) -> assertThat(count).as(kind.name()).isPositive());
        assertThat(Scale.of(0.1)).isEqualTo(new Scale(500, 80, 3_000));
        assertThatThrownBy(() -> new Scale(10, 800, 30_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot use demo scale customers=10");
    }

    // ------------------------------------------------------------------------------------------------

    private static Predicate<String> matches(String regex) {
        Pattern p = Pattern.compile(regex);
        return s -> p.matcher(s).matches();
    }

    private static List<String> column(String table, String name) {
        List<List<String>> rows = csv.get(table);
        int index = rows.get(0).indexOf(name);
        assertThat(index).as(table + "." + name).isNotNegative();
        return rows.subList(1, rows.size()).stream().map(r -> r.get(index)).toList();
    }

    private static List<List<String>> distinctRows(String table) {
        List<List<String>> rows = csv.get(table);
        return List.copyOf(new java.util.LinkedHashSet<>(rows.subList(1, rows.size())));
    }

    private static long duplicates(String table) {
        List<List<String>> rows = csv.get(table);
        return rows.size() - 1 - distinctRows(table).size();
    }

    private static Set<String> distinct(List<String> values) {
        return new HashSet<>(values);
    }
}
