package io.zhongtai.cli.demo;

import static java.util.Objects.requireNonNull;

import io.zhongtai.cli.demo.DemoReferenceData.Brand;
import io.zhongtai.cli.demo.DemoReferenceData.Category;
import io.zhongtai.cli.demo.DemoReferenceData.City;
import io.zhongtai.cli.demo.DemoReferenceData.Item;
import io.zhongtai.cli.demo.DemoReferenceData.Syllable;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic, deliberately dirty e-commerce dataset: four CSV files that the {@code zhongtai demo}
 * command loads into the {@code ods} layer and cleans with {@link DemoSql}.
 *
 * <h2>Files</h2>
 * All files are UTF-8 (no BOM), comma separated, with a header row, CRLF line ends and RFC 4180 quoting
 * (a field is quoted when it contains a comma, a double quote, a line break or leading/trailing
 * whitespace; quotes inside are doubled). Every column loads as VARCHAR: dirty values never break the
 * CSV structure. An empty field means "no value".
 * <table>
 * <caption>Files and row counts at {@link Scale#DEFAULT}</caption>
 * <tr><th>file</th><th>columns</th><th>rows</th></tr>
 * <tr><td>customers.csv</td><td>customer_id, name, email, phone, city, province, signup_date, segment</td>
 *     <td>5,000 customers + ~1% duplicate rows</td></tr>
 * <tr><td>products.csv</td><td>product_id, sku, name, category, brand, price, cost, launched_on</td><td>800</td></tr>
 * <tr><td>orders.csv</td><td>order_id, customer_id, order_ts, status, channel, payment_method, shipping_fee,
 *     coupon_code</td><td>30,000 orders + ~1% duplicate rows</td></tr>
 * <tr><td>order_items.csv</td><td>order_id, line_no, product_id, quantity, unit_price, discount</td>
 *     <td>~90,000 (1 to 6 lines per order, mean 3)</td></tr>
 * </table>
 *
 * <h2>Content</h2>
 * Customers have Chinese names (about 75% in characters, e.g. {@code 张子涵}, the rest in pinyin),
 * pinyin-based or QQ-number emails, mainland mobile numbers and one of 36 cities (pinyin, with province).
 * Products come from ten categories (phones, computers, appliances, beauty, apparel, food, home, books,
 * sports, mother &amp; baby) with brand, price in yuan and cost; some names contain commas, double quotes,
 * apostrophes or Chinese characters. Orders cover {@link #HISTORY_START} to {@link #BASE_DATE} (two years,
 * fixed so that output never depends on the clock) with a growth trend, weekend uplift, a Spring Festival
 * lull, and 520, 618, Double 11 and Double 12 peaks; Double 11 has a midnight rush. Channels are
 * {@code app, web, mini-program, store}; statuses {@code paid, shipped, delivered, cancelled, refunded}
 * (recent orders are still paid/shipped); payment methods {@code alipay, wechat_pay, union_pay,
 * credit_card, cash_on_delivery, cash}. Customer popularity is log-normal and product popularity Zipf-like,
 * so customer value and top-product rankings are skewed as in real shops. Products are only sold after
 * their launch date and customers sign up before their first order.
 *
 * <h2>Dirty data (deliberate)</h2>
 * Rates are per distinct customer/product/order/line; kinds marked "exact" are an exact count
 * ({@code max(1, round(rate * n))}) so that even small scales contain them. {@link #anomalies()} returns the
 * count actually written for every {@link Anomaly}.
 * <ul>
 * <li>{@link Anomaly#DUPLICATE_CUSTOMER_ROWS}, {@link Anomaly#DUPLICATE_ORDER_ROWS}: exact duplicate rows,
 *     1% (exact), written somewhere in the next 200 rows.</li>
 * <li>{@link Anomaly#INVALID_EMAIL}: 2% (exact): missing {@code @}, {@code @@}, a space inside, or no
 *     top-level domain. Another ~3% ({@link Anomaly#MESSY_EMAIL}) are valid once trimmed and lower-cased.</li>
 * <li>{@link Anomaly#NON_CANONICAL_PHONE}: ~40% of phones as {@code 138-1234-5678}, {@code 138 1234 5678},
 *     {@code +86 138 1234 5678}, {@code +8613812345678} or {@code (+86) 138-1234-5678}; the rest are 11 digits.</li>
 * <li>{@link Anomaly#MESSY_LOCATION}: ~8% of customers have city or province in upper/lower case or with
 *     leading/trailing whitespace; {@link Anomaly#MESSY_STATUS}, {@link Anomaly#MESSY_CHANNEL}: ~5% of orders
 *     each, same kinds of noise.</li>
 * <li>{@link Anomaly#NON_ISO_SIGNUP_DATE}: ~35% of {@code signup_date} values are {@code 2025/03/04},
 *     {@code 04/03/2025} (always day first), {@code 20250304}, {@code 2025-03-04 10:11:12} or
 *     {@code 2025-03-04T10:11:12} instead of {@code 2025-03-04}. All signup dates parse.</li>
 * <li>{@link Anomaly#NON_STANDARD_ORDER_TS}: ~18% of {@code order_ts} values are not
 *     {@code yyyy-MM-dd HH:mm:ss} but {@code 2025-03-04T10:11:12}, {@code 2025-03-04T10:11:12.345},
 *     {@code 2025/03/04 10:11:12}, {@code 04/03/2025 10:11}, {@code 20250304101112}, {@code 2025-03-04} or
 *     {@code 2025/03/04}. {@link Anomaly#UNPARSEABLE_ORDER_TS}: 0.1% (exact) are empty, {@code N/A},
 *     {@code 0000-00-00 00:00:00} or {@code unknown}.</li>
 * <li>{@link Anomaly#MISSING_PRICE}: 1% (exact) of products have price empty, {@code NULL} or {@code N/A}
 *     (order lines still carry the sold unit price).</li>
 * <li>{@link Anomaly#NEGATIVE_QUANTITY}: one line in 0.6% (exact) of orders, about 0.2% of lines.
 *     {@link Anomaly#UNKNOWN_PRODUCT}: one line in 0.3% (exact) of the other orders refers to a product id
 *     that is not in products.csv.</li>
 * </ul>
 * Not dirty: ids, {@code line_no}, {@code unit_price}, {@code discount}, {@code shipping_fee},
 * {@code launched_on}, {@code cost}.
 *
 * <h2>Determinism</h2>
 * The same seed and scale give byte-identical files on every JVM: the generator uses only
 * {@link java.util.Random} (whose algorithm is specified), fixed dates and locale-independent formatting.
 */
public final class DemoDataset {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDataset.class);

    /** The last day with orders; all dates are relative to it. */
    public static final LocalDate BASE_DATE = LocalDate.of(2025, 12, 31);
    /** The first day with orders. */
    public static final LocalDate HISTORY_START = LocalDate.of(2024, 1, 1);
    /** The seed {@code zhongtai demo} uses unless told otherwise. */
    public static final long DEFAULT_SEED = 20251231L;
    /** Table names (and file base names) in load order. */
    public static final List<String> TABLES = List.of("customers", "products", "orders", "order_items");

    static final double DUPLICATE_RATE = 0.01;
    static final double INVALID_EMAIL_RATE = 0.02;
    static final double MESSY_EMAIL_RATE = 0.03;
    static final double MISSING_PRICE_RATE = 0.01;
    static final double UNPARSEABLE_TS_RATE = 0.001;
    static final double NEGATIVE_LINE_ORDER_RATE = 0.006;
    static final double UNKNOWN_PRODUCT_ORDER_RATE = 0.003;
    static final double MESSY_LOCATION_RATE = 0.08;
    static final double MESSY_VALUE_RATE = 0.05;

    private static final int HISTORY_DAYS = (int) (BASE_DATE.toEpochDay() - HISTORY_START.toEpochDay() + 1);
    private static final long OLDEST_SIGNUP_DAY = LocalDate.of(2019, 1, 1).toEpochDay();

    /**
     * How much data to generate. Order lines are not set directly: each order has 1 to 6 lines (mean 3).
     *
     * @param customers distinct customers, at least 50
     * @param products distinct products, 40 to 99,000
     * @param orders distinct orders, at least 100
     */
    public record Scale(int customers, int products, int orders) {
        /** About 5,000 customers, 800 products, 30,000 orders and 90,000 order lines. */
        public static final Scale DEFAULT = new Scale(5_000, 800, 30_000);
        /** A tenth of {@link #DEFAULT}, for quick tests. */
        public static final Scale SMALL = new Scale(500, 80, 3_000);

        public Scale {
            if (customers < 50 || products < 40 || products > 99_000 || orders < 100) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "Cannot use demo scale customers=%d products=%d orders=%d: need customers >= 50, "
                                + "40 <= products <= 99000 and orders >= 100", customers, products, orders));
            }
        }

        /** {@link #DEFAULT} multiplied by {@code factor} (rounded, and raised to the minimums). */
        public static Scale of(double factor) {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("Cannot scale demo dataset, factor must be positive: " + factor);
            }
            return new Scale(
                    (int) Math.max(50, Math.round(DEFAULT.customers * factor)),
                    (int) Math.min(99_000, Math.max(40, Math.round(DEFAULT.products * factor))),
                    (int) Math.max(100, Math.round(DEFAULT.orders * factor)));
        }
    }

    /**
     * One generated file.
     *
     * @param table the table name, also the file's base name
     * @param path the CSV file
     * @param rows data rows written, without the header, including duplicate rows
     */
    public record TableFile(String table, Path path, long rows) {
    }

    /** The kinds of dirty data the generator writes; see the class documentation for rates. */
    public enum Anomaly {
        DUPLICATE_CUSTOMER_ROWS("customers", "exact copy of another customer row"),
        INVALID_EMAIL("customers", "email invalid even after trim and lower-case: no @, @@, inner space or no TLD"),
        MESSY_EMAIL("customers", "valid email written with upper case or surrounding spaces"),
        NON_CANONICAL_PHONE("customers", "phone with dashes, spaces or a +86 prefix instead of 11 digits"),
        MESSY_LOCATION("customers", "city or province with odd case or surrounding whitespace"),
        NON_ISO_SIGNUP_DATE("customers", "signup_date in a parseable format other than yyyy-MM-dd"),
        MISSING_PRICE("products", "price empty, NULL or N/A"),
        DUPLICATE_ORDER_ROWS("orders", "exact copy of another order row"),
        UNPARSEABLE_ORDER_TS("orders", "order_ts empty, N/A, unknown or 0000-00-00 00:00:00"),
        NON_STANDARD_ORDER_TS("orders", "order_ts in a parseable format other than yyyy-MM-dd HH:mm:ss"),
        MESSY_STATUS("orders", "status with odd case or surrounding whitespace"),
        MESSY_CHANNEL("orders", "channel with odd case or surrounding whitespace"),
        NEGATIVE_QUANTITY("order_items", "negative quantity"),
        UNKNOWN_PRODUCT("order_items", "product_id not present in products.csv");

        private final String table;
        private final String description;

        Anomaly(String table, String description) {
            this.table = table;
            this.description = description;
        }

        /** The table the anomaly is written to. */
        public String table() {
            return table;
        }

        public String description() {
            return description;
        }
    }

    private final Path dir;
    private final long seed;
    private final Scale scale;
    private final List<TableFile> tables;
    private final Map<Anomaly, Long> anomalies;

    private DemoDataset(Path dir, long seed, Scale scale, List<TableFile> tables, Map<Anomaly, Long> anomalies) {
        this.dir = dir;
        this.seed = seed;
        this.scale = scale;
        this.tables = List.copyOf(tables);
        this.anomalies = Collections.unmodifiableMap(new EnumMap<>(anomalies));
    }

    /** Generates the dataset with {@link #DEFAULT_SEED} at {@link Scale#DEFAULT}. */
    public static DemoDataset generate(Path dir) throws IOException {
        return generate(dir, DEFAULT_SEED, Scale.DEFAULT);
    }

    /**
     * Writes {@code customers.csv}, {@code products.csv}, {@code orders.csv} and {@code order_items.csv}
     * into {@code dir} (created if missing; existing files are replaced).
     *
     * @param dir the directory to write to
     * @param seed the random seed: the same seed and scale give byte-identical files
     * @param scale how many customers, products and orders
     * @return the files written, with their row counts and the dirty data they contain
     * @throws IOException if the directory or a file cannot be written
     */
    public static DemoDataset generate(Path dir, long seed, Scale scale) throws IOException {
        requireNonNull(dir, "dir is null");
        requireNonNull(scale, "scale is null");
        long start = System.nanoTime();
        Files.createDirectories(dir);
        DemoDataset dataset = new Generator(dir, seed, scale).run();
        LOG.debug("Generated demo dataset in {} with seed {} and {}: {} in {} ms", dir, seed, scale,
                dataset.rowCounts(), (System.nanoTime() - start) / 1_000_000);
        return dataset;
    }

    public Path dir() {
        return dir;
    }

    public long seed() {
        return seed;
    }

    public Scale scale() {
        return scale;
    }

    /** The files in load order ({@link #TABLES}). */
    public List<TableFile> tables() {
        return tables;
    }

    public TableFile table(String name) {
        requireNonNull(name, "name is null");
        return tables.stream().filter(t -> t.table().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Cannot find demo table, no such name: " + name + " (known: " + TABLES + ")"));
    }

    public Path path(String table) {
        return table(table).path();
    }

    public long rows(String table) {
        return table(table).rows();
    }

    /** Data rows per table in load order. */
    public Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        tables.forEach(t -> counts.put(t.table(), t.rows()));
        return Collections.unmodifiableMap(counts);
    }

    /** How many values or rows of each dirty kind were written (every kind is present, possibly with 0). */
    public Map<Anomaly, Long> anomalies() {
        return anomalies;
    }

    public long anomalies(Anomaly kind) {
        return anomalies.getOrDefault(requireNonNull(kind, "kind is null"), 0L);
    }

    @Override
    public String toString() {
        return "DemoDataset{dir=" + dir + ", seed=" + seed + ", rows=" + rowCounts() + "}";
    }

    // ------------------------------------------------------------------------------------------------

    /**
     * Writes the four files. Per-row work lives in small methods so the JIT compiles it early: generation
     * runs once per process, mostly before the JVM is warm.
     */
    private static final class Generator {
        private static final String[] STATUS_NEW = {"paid", "shipped", "cancelled"};
        private static final double[] STATUS_NEW_CUM = cumulative(new double[] {55, 35, 10});
        private static final String[] STATUS_RECENT = {"paid", "shipped", "delivered", "cancelled"};
        private static final double[] STATUS_RECENT_CUM = cumulative(new double[] {5, 45, 42, 8});
        private static final String[] STATUS_OLD = {"delivered", "cancelled", "refunded", "shipped", "paid"};
        private static final double[] STATUS_OLD_CUM = cumulative(new double[] {875, 65, 50, 5, 5});
        private static final String[] STATUS_STORE = {"delivered", "refunded"};
        private static final double[] STATUS_STORE_CUM = cumulative(new double[] {97, 3});

        private static final String[] PAY_ONLINE = {"alipay", "wechat_pay", "union_pay", "credit_card", "cash_on_delivery"};
        private static final double[] PAY_ONLINE_CUM = cumulative(new double[] {48, 32, 8, 8, 4});
        private static final String[] PAY_MINI = {"wechat_pay", "alipay", "union_pay", "credit_card"};
        private static final double[] PAY_MINI_CUM = cumulative(new double[] {88, 5, 4, 3});
        private static final String[] PAY_STORE = {"wechat_pay", "alipay", "union_pay", "cash"};
        private static final double[] PAY_STORE_CUM = cumulative(new double[] {45, 40, 10, 5});

        private static final String[] COUPONS = {"SAVE20", "VIP88", "FREESHIP", "MEMBER15"};
        private static final String[] BAD_TIMESTAMPS = {"", "N/A", "0000-00-00 00:00:00", "unknown"};
        private static final double[] LINES_CUM = cumulative(new double[] {22, 22, 20, 15, 12, 9});
        private static final double[] QTY_CUM = cumulative(new double[] {82, 14, 4});
        private static final double[] QTY_CONSUMABLE_CUM = cumulative(new double[] {45, 30, 15, 10});
        private static final String[] DISCOUNTS = {"0.00", "0.05", "0.10", "0.15", "0.20", "0.30"};
        private static final int[] DISCOUNT_PERCENT = {0, 5, 10, 15, 20, 30};
        private static final double[][] DISCOUNT_CUM = {
            cumulative(new double[] {62, 15, 13, 6, 4, 0}),
            cumulative(new double[] {35, 20, 25, 10, 8, 2}),
            cumulative(new double[] {20, 10, 25, 15, 20, 10})};
        private static final String[] SHIPPING_FEES = {"6.00", "8.00", "10.00", "12.00"};
        private static final double[] ORDER_TS_FORMAT_CUM = cumulative(new double[] {820, 70, 20, 30, 30, 15, 10, 5});
        private static final double[] SIGNUP_FORMAT_CUM = cumulative(new double[] {65, 10, 8, 7, 6, 4});
        private static final double[] PHONE_FORMAT_CUM = cumulative(new double[] {60, 10, 8, 10, 7, 5});
        private static final double[] ONLINE_HOURS_CUM = cumulative(DemoReferenceData.HOUR_WEIGHTS_ONLINE);
        private static final double[] STORE_HOURS_CUM = cumulative(DemoReferenceData.HOUR_WEIGHTS_STORE);
        private static final double[] CATEGORY_CUM = cumulative(
                DemoReferenceData.CATEGORIES.stream().mapToDouble(Category::weight).toArray());
        private static final double[] CITY_CUM = cumulative(
                DemoReferenceData.CITIES.stream().mapToDouble(City::weight).toArray());
        private static final double[] SEGMENT_CUM = cumulative(DemoReferenceData.SEGMENT_WEIGHTS);

        private static final long HISTORY_START_DAY = HISTORY_START.toEpochDay();
        private static final long BASE_DAY = BASE_DATE.toEpochDay();

        private final Path dir;
        private final long seed;
        private final Scale scale;
        private final long[] anomalyCounts = new long[Anomaly.values().length];

        // products, filled by writeProducts
        private long[] priceCents;
        private long[] launchedDay;
        private boolean[] consumable;
        private double[] productCum;
        /** The most popular product launched before the history (product 0 always is). */
        private int evergreen;
        // customers: popularity from setUpCustomers, first order day from writeOrders
        private double[] customerCum;
        private long[] firstOrderDay;
        // per order scratch
        private final int[] lineProducts = new int[6];

        Generator(Path dir, long seed, Scale scale) {
            this.dir = dir;
            this.seed = seed;
            this.scale = scale;
        }

        DemoDataset run() throws IOException {
            TableFile products = writeProducts();
            setUpCustomers();
            TableFile[] orders = writeOrders();
            TableFile customers = writeCustomers();
            EnumMap<Anomaly, Long> anomalies = new EnumMap<>(Anomaly.class);
            for (Anomaly kind : Anomaly.values()) {
                anomalies.put(kind, anomalyCounts[kind.ordinal()]);
            }
            return new DemoDataset(dir, seed, scale, List.of(customers, products, orders[0], orders[1]), anomalies);
        }

        private Random random(int stream) {
            // java.util.Random keeps only 48 bits of its seed: mix the full seed and the stream first.
            return new Random(mix(seed + stream * 0x9E3779B97F4A7C15L));
        }

        private void count(Anomaly kind) {
            anomalyCounts[kind.ordinal()]++;
        }

        // -------------------------------------------------------------------------------- products

        private TableFile writeProducts() throws IOException {
            Random r = random(1);
            int n = scale.products();
            BitSet missing = pick(r, n, MISSING_PRICE_RATE);
            int[] popularityRank = permutation(r, n);
            priceCents = new long[n];
            launchedDay = new long[n];
            consumable = new boolean[n];
            double[] weights = new double[n];
            try (CsvFile csv = new CsvFile(dir, "products")) {
                csv.header("product_id", "sku", "name", "category", "brand", "price", "cost", "launched_on");
                for (int i = 0; i < n; i++) {
                    writeProduct(csv, r, i, missing.get(i));
                    weights[i] = 1.0 / Math.pow(popularityRank[i] + 1, 0.9);
                    if (launchedDay[i] < HISTORY_START_DAY && popularityRank[i] < popularityRank[evergreen]) {
                        evergreen = i;
                    }
                }
                productCum = cumulative(weights);
                return csv.finish();
            }
        }

        private void writeProduct(CsvFile csv, Random r, int i, boolean missingPrice) throws IOException {
            int categoryIndex = sample(CATEGORY_CUM, r);
            Category category = DemoReferenceData.CATEGORIES.get(categoryIndex);
            Brand brand = category.brands().get(r.nextInt(category.brands().size()));
            Item item = category.items().get(r.nextInt(category.items().size()));
            String variant = item.variants().get(r.nextInt(item.variants().size()));
            long price = price(r, item);
            long cost = Math.round(price * (0.45 + 0.35 * r.nextDouble()));
            // Most of the catalogue predates the history; the rest launches during it.
            long launched = (r.nextDouble() < 0.65 || i == 0)
                    ? HISTORY_START_DAY - 1 - r.nextInt(1460)
                    : HISTORY_START_DAY + r.nextInt(HISTORY_DAYS - 20);
            priceCents[i] = price;
            launchedDay[i] = launched;
            consumable[i] = category.consumable();

            csv.padded('P', i + 1, 5);
            StringBuilder sku = csv.openField();
            sku.append(category.code()).append('-').append(brand.code()).append('-').append(10001 + i);
            csv.text(variant.isEmpty() ? brand.name() + " " + item.name() : brand.name() + " " + item.name() + ", " + variant);
            csv.text(category.name()).text(brand.name());
            if (missingPrice) {
                count(Anomaly.MISSING_PRICE);
                double u = r.nextDouble();
                csv.plain(u < 0.6 ? "" : u < 0.85 ? "NULL" : "N/A");
            } else {
                csv.money(price);
            }
            csv.money(cost);
            appendDate(csv.openField(), LocalDate.ofEpochDay(launched), '-');
            csv.endLine(false);
        }

        /** A shop-like price in cents: 299.00, 1999.00, 38.90. */
        private static long price(Random r, Item item) {
            double yuan = Math.exp(Math.log(item.minYuan()) + r.nextDouble() * (Math.log(item.maxYuan()) - Math.log(item.minYuan())));
            if (yuan >= 100) {
                return (Math.round(yuan / 10) * 10 - 1) * 100;
            }
            return Math.max(1, Math.round(yuan)) * 100 - 10;
        }

        // -------------------------------------------------------------------------------- orders

        private void setUpCustomers() {
            Random r = random(2);
            double[] weights = new double[scale.customers()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = Math.exp(1.1 * r.nextGaussian());
            }
            customerCum = cumulative(weights);
            firstOrderDay = new long[weights.length];
            Arrays.fill(firstOrderDay, Long.MIN_VALUE);
        }

        /** Dirty-data choices for one table, drawn up front. */
        private record OrderDirt(BitSet duplicate, BitSet badTs, BitSet negative, BitSet unknown) {
        }

        private TableFile[] writeOrders() throws IOException {
            Random r = random(3);
            int n = scale.orders();
            // Draw (day, time, channel) for every order, then number orders in time order.
            double[] dayCum = cumulative(dayWeights());
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = orderKey(r, dayCum);
            }
            Arrays.sort(keys);
            OrderDirt dirt = new OrderDirt(pick(r, n, DUPLICATE_RATE), pick(r, n, UNPARSEABLE_TS_RATE),
                    pick(r, n, NEGATIVE_LINE_ORDER_RATE), pick(r, n, UNKNOWN_PRODUCT_ORDER_RATE));
            try (CsvFile orders = new CsvFile(dir, "orders"); CsvFile items = new CsvFile(dir, "order_items")) {
                orders.header("order_id", "customer_id", "order_ts", "status", "channel", "payment_method",
                        "shipping_fee", "coupon_code");
                items.header("order_id", "line_no", "product_id", "quantity", "unit_price", "discount");
                Duplicates duplicates = new Duplicates(orders, n);
                for (int i = 0; i < n; i++) {
                    String row = writeOrder(orders, items, r, i, keys[i], dirt);
                    duplicates.afterRow(i, row, r);
                }
                return new TableFile[] {orders.finish(), items.finish()};
            }
        }

        /** Second since the history start times 4, plus the channel index. */
        private static long orderKey(Random r, double[] dayCum) {
            int day = sample(dayCum, r);
            double t = day / (HISTORY_DAYS - 1.0);
            double app = 0.46 - 0.06 * t;
            double web = 0.22 - 0.06 * t;
            double mini = 0.20 + 0.12 * t;
            double u = r.nextDouble() * (app + web + mini + 0.12);
            int channel = u < app ? 0 : u < app + web ? 1 : u < app + web + mini ? 2 : 3;
            int hour;
            if (channel == 3) {
                hour = sample(STORE_HOURS_CUM, r);
            } else if (isSinglesDay(day) && r.nextDouble() < 0.3) {
                hour = 0; // the Double 11 midnight rush
            } else {
                hour = sample(ONLINE_HOURS_CUM, r);
            }
            long second = (long) day * 86_400 + hour * 3600L + r.nextInt(3600);
            return second * 4 + channel;
        }

        private static boolean isSinglesDay(int day) {
            LocalDate date = HISTORY_START.plusDays(day);
            return date.getMonthValue() == 11 && date.getDayOfMonth() == 11;
        }

        /** Writes one order and its lines; returns the order row if it is to be duplicated. */
        private String writeOrder(CsvFile orders, CsvFile items, Random r, int i, long key, OrderDirt dirt) throws IOException {
            int channel = (int) (key & 3);
            long second = key >>> 2;
            long epochDay = HISTORY_START_DAY + second / 86_400;
            int secondOfDay = (int) (second % 86_400);
            LocalDate date = LocalDate.ofEpochDay(epochDay);
            int customer = sample(customerCum, r);
            boolean firstOrder = firstOrderDay[customer] == Long.MIN_VALUE;
            if (firstOrder) {
                firstOrderDay[customer] = epochDay;
            }
            String orderId = "SO" + padded(i + 1, 8);
            int promo = promoLevel(date);
            long subtotalCents = writeLines(items, r, orderId, epochDay, promo,
                    dirt.negative().get(i), dirt.unknown().get(i));

            long age = BASE_DAY - epochDay;
            String status = channel == 3 ? STATUS_STORE[sample(STATUS_STORE_CUM, r)]
                    : age <= 1 ? STATUS_NEW[sample(STATUS_NEW_CUM, r)]
                    : age <= 6 ? STATUS_RECENT[sample(STATUS_RECENT_CUM, r)]
                    : STATUS_OLD[sample(STATUS_OLD_CUM, r)];
            String payment = channel == 3 ? PAY_STORE[sample(PAY_STORE_CUM, r)]
                    : channel == 2 ? PAY_MINI[sample(PAY_MINI_CUM, r)]
                    : PAY_ONLINE[sample(PAY_ONLINE_CUM, r)];
            String shipping = channel == 3 || subtotalCents >= 9_900 ? "0.00"
                    : SHIPPING_FEES[r.nextInt(SHIPPING_FEES.length)];
            String coupon = coupon(r, date, firstOrder, promo);

            orders.plain(orderId).padded('C', customer + 1, 6);
            StringBuilder ts = orders.openField();
            if (dirt.badTs().get(i)) {
                count(Anomaly.UNPARSEABLE_ORDER_TS);
                ts.append(BAD_TIMESTAMPS[r.nextInt(BAD_TIMESTAMPS.length)]);
            } else {
                int format = sample(ORDER_TS_FORMAT_CUM, r);
                if (format != 0) {
                    count(Anomaly.NON_STANDARD_ORDER_TS);
                }
                appendOrderTs(ts, format, date, secondOfDay, r);
            }
            orders.text(messy(r, status, Anomaly.MESSY_STATUS));
            orders.text(messy(r, DemoReferenceData.CHANNELS[channel], Anomaly.MESSY_CHANNEL));
            orders.plain(payment).plain(shipping).plain(coupon);
            boolean duplicate = dirt.duplicate().get(i);
            if (duplicate) {
                count(Anomaly.DUPLICATE_ORDER_ROWS);
            }
            return orders.endLine(duplicate);
        }

        /** Writes 1 to 6 lines of distinct products launched by the order date; returns the subtotal in cents. */
        private long writeLines(CsvFile items, Random r, String orderId, long epochDay, int promo,
                boolean negative, boolean unknown) throws IOException {
            int lines = sample(LINES_CUM, r) + 1;
            int negativeLine = negative ? r.nextInt(lines) : -1;
            int unknownLine = !negative && unknown ? lines - 1 : -1;
            long subtotalCents = 0;
            for (int line = 0; line < lines; line++) {
                int product = pickProduct(r, epochDay, line);
                lineProducts[line] = product;
                int quantity = 1 + sample(consumable[product] ? QTY_CONSUMABLE_CUM : QTY_CUM, r);
                int discount = sample(DISCOUNT_CUM[promo], r);
                subtotalCents += quantity * priceCents[product] * (100 - DISCOUNT_PERCENT[discount]) / 100;
                items.plain(orderId).number(line + 1);
                if (line == unknownLine) {
                    count(Anomaly.UNKNOWN_PRODUCT);
                    items.padded('P', scale.products() + 101 + r.nextInt(900), 5);
                } else {
                    items.padded('P', product + 1, 5);
                }
                if (line == negativeLine) {
                    count(Anomaly.NEGATIVE_QUANTITY);
                    items.number(-quantity);
                } else {
                    items.number(quantity);
                }
                items.money(priceCents[product]).plain(DISCOUNTS[discount]).endLine(false);
            }
            return subtotalCents;
        }

        private int pickProduct(Random r, long epochDay, int chosen) {
            for (int attempt = 0; attempt < 30; attempt++) {
                int product = sample(productCum, r);
                if (launchedDay[product] <= epochDay && !contains(lineProducts, chosen, product)) {
                    return product;
                }
            }
            // Rare: fall back to a scan from the most popular evergreen product.
            for (int k = 0; k < priceCents.length; k++) {
                int product = (evergreen + k) % priceCents.length;
                if (launchedDay[product] <= epochDay && !contains(lineProducts, chosen, product)) {
                    return product;
                }
            }
            throw new IllegalStateException("Cannot pick a product for an order line: catalogue too small");
        }

        private static boolean contains(int[] values, int count, int value) {
            for (int i = 0; i < count; i++) {
                if (values[i] == value) {
                    return true;
                }
            }
            return false;
        }

        private static String coupon(Random r, LocalDate date, boolean firstOrder, int promo) {
            int month = date.getMonthValue();
            if (firstOrder && r.nextDouble() < 0.5) {
                return "NEWUSER10";
            }
            if (promo > 0 && month == 11 && r.nextDouble() < 0.45) {
                return "DOUBLE11-" + date.getYear();
            }
            if (promo > 0 && month == 6 && r.nextDouble() < 0.4) {
                return "618-" + date.getYear();
            }
            if (month == 12 && date.getDayOfMonth() == 12 && r.nextDouble() < 0.3) {
                return "DOUBLE12";
            }
            return r.nextDouble() < 0.12 ? COUPONS[r.nextInt(COUPONS.length)] : "";
        }

        /** 0: normal day, 1: pre-sale or minor festival, 2: 618, Double 11 or Double 12 itself. */
        private static int promoLevel(LocalDate date) {
            int month = date.getMonthValue();
            int day = date.getDayOfMonth();
            if ((month == 11 && day >= 10 && day <= 12) || (month == 6 && day >= 17 && day <= 19) || (month == 12 && day == 12)) {
                return 2;
            }
            if ((month == 11 && day < 10) || (month == 6 && day < 17) || (month == 5 && day == 20)) {
                return 1;
            }
            return 0;
        }

        private static double[] dayWeights() {
            double[] weights = new double[HISTORY_DAYS];
            long[] springFestivals = new long[DemoReferenceData.SPRING_FESTIVAL.length];
            for (int i = 0; i < springFestivals.length; i++) {
                int[] d = DemoReferenceData.SPRING_FESTIVAL[i];
                springFestivals[i] = LocalDate.of(d[0], d[1], d[2]).toEpochDay();
            }
            for (int i = 0; i < HISTORY_DAYS; i++) {
                LocalDate date = HISTORY_START.plusDays(i);
                int month = date.getMonthValue();
                int day = date.getDayOfMonth();
                double w = (1 + 0.45 * i / (HISTORY_DAYS - 1.0)) * DemoReferenceData.MONTH_WEIGHTS[month - 1];
                DayOfWeek dow = date.getDayOfWeek();
                w *= dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 1.12 : dow == DayOfWeek.FRIDAY ? 1.04 : 1.0;
                if (month == 11) {
                    w *= day == 11 ? 5.0 : day == 10 || day == 12 ? 1.8 : day < 10 ? 1.25 : 1.0;
                } else if (month == 6) {
                    w *= day == 18 ? 3.0 : day == 17 || day == 19 ? 1.5 : day < 17 ? 1.15 : 1.0;
                } else if (month == 12 && day == 12) {
                    w *= 2.2;
                } else if (month == 5 && day == 20) {
                    w *= 1.4;
                }
                for (long festival : springFestivals) {
                    if (Math.abs(date.toEpochDay() - festival) <= 7) {
                        w *= 0.55;
                    }
                }
                weights[i] = w;
            }
            return weights;
        }

        private static void appendOrderTs(StringBuilder b, int format, LocalDate d, int secondOfDay, Random r) {
            int hh = secondOfDay / 3600;
            int mm = secondOfDay / 60 % 60;
            int ss = secondOfDay % 60;
            switch (format) {
                case 0 -> appendDateTime(b, d, ' ', hh, mm, ss);
                case 1 -> appendDateTime(b, d, 'T', hh, mm, ss);
                case 2 -> appendPadded(appendDateTime(b, d, 'T', hh, mm, ss).append('.'), r.nextInt(1000), 3);
                case 3 -> appendTime(appendDate(b, d, '/').append(' '), hh, mm).append(':').append(twoDigits(ss));
                case 4 -> appendTime(appendDayFirst(b, d).append(' '), hh, mm);
                case 5 -> appendDate(b, d, '\0').append(twoDigits(hh)).append(twoDigits(mm)).append(twoDigits(ss));
                case 6 -> appendDate(b, d, '-');
                case 7 -> appendDate(b, d, '/');
                default -> throw new IllegalArgumentException("Unknown order_ts format: " + format);
            }
        }

        // -------------------------------------------------------------------------------- customers

        private TableFile writeCustomers() throws IOException {
            Random r = random(4);
            int n = scale.customers();
            BitSet duplicate = pick(r, n, DUPLICATE_RATE);
            BitSet invalidEmail = pick(r, n, INVALID_EMAIL_RATE);
            try (CsvFile csv = new CsvFile(dir, "customers")) {
                csv.header("customer_id", "name", "email", "phone", "city", "province", "signup_date", "segment");
                Duplicates duplicates = new Duplicates(csv, n);
                for (int i = 0; i < n; i++) {
                    String row = writeCustomer(csv, r, i, invalidEmail.get(i), duplicate.get(i));
                    duplicates.afterRow(i, row, r);
                }
                return csv.finish();
            }
        }

        private String writeCustomer(CsvFile csv, Random r, int i, boolean invalidEmail, boolean duplicate) throws IOException {
            List<Syllable> surnames = DemoReferenceData.SURNAMES;
            List<Syllable> given = DemoReferenceData.GIVEN;
            Syllable surname = surnames.get((int) Math.min(surnames.size() - 1, Math.abs(r.nextGaussian()) * 9));
            Syllable given1 = given.get(r.nextInt(given.size()));
            Syllable given2 = r.nextDouble() < 0.4 && given1.hanzi().length() == 1 ? given.get(r.nextInt(given.size())) : null;
            if (given2 != null && given2.hanzi().length() > 1) {
                given2 = null;
            }
            String givenHanzi = given2 == null ? given1.hanzi() : given1.hanzi() + given2.hanzi();
            String givenPinyin = given2 == null ? given1.pinyin() : given1.pinyin() + given2.pinyin();
            String name = r.nextDouble() < 0.75
                    ? surname.hanzi() + givenHanzi
                    : capitalize(givenPinyin) + " " + capitalize(surname.pinyin());

            String email = email(r, surname.pinyin(), givenPinyin);
            if (invalidEmail) {
                email = breakEmail(r, email);
                count(Anomaly.INVALID_EMAIL);
            } else if (r.nextDouble() < MESSY_EMAIL_RATE) {
                email = messEmail(r, email);
                count(Anomaly.MESSY_EMAIL);
            }

            int phoneFormat = sample(PHONE_FORMAT_CUM, r);
            if (phoneFormat != 0) {
                count(Anomaly.NON_CANONICAL_PHONE);
            }
            String phone = phone(r, phoneFormat);
            City city = DemoReferenceData.CITIES.get(sample(CITY_CUM, r));
            String cityField = city.city();
            String provinceField = city.province();
            if (r.nextDouble() < MESSY_LOCATION_RATE) {
                count(Anomaly.MESSY_LOCATION);
                if (r.nextDouble() < 0.7) {
                    cityField = messValue(r, cityField);
                } else {
                    provinceField = messValue(r, provinceField);
                }
            }

            long signup;
            if (firstOrderDay[i] != Long.MIN_VALUE) {
                signup = Math.max(OLDEST_SIGNUP_DAY, firstOrderDay[i] - (long) (-Math.log(1 - r.nextDouble()) * 150));
            } else {
                signup = HISTORY_START_DAY - 3 * 365 + r.nextInt(3 * 365 + HISTORY_DAYS);
            }
            int signupFormat = sample(SIGNUP_FORMAT_CUM, r);
            if (signupFormat != 0) {
                count(Anomaly.NON_ISO_SIGNUP_DATE);
            }
            String segment = DemoReferenceData.SEGMENTS[sample(SEGMENT_CUM, r)];

            csv.padded('C', i + 1, 6).text(name).text(email).text(phone).text(cityField).text(provinceField);
            appendSignupDate(csv.openField(), signupFormat, LocalDate.ofEpochDay(signup), r);
            csv.plain(segment);
            if (duplicate) {
                count(Anomaly.DUPLICATE_CUSTOMER_ROWS);
            }
            return csv.endLine(duplicate);
        }

        private static String email(Random r, String surname, String given) {
            String domain = DemoReferenceData.EMAIL_DOMAINS.get(r.nextInt(DemoReferenceData.EMAIL_DOMAINS.size()));
            return switch (r.nextInt(5)) {
                case 0 -> given + surname + (r.nextInt(90) + 10) + "@" + domain;
                case 1 -> surname + "." + given + "@" + domain;
                case 2 -> (10_000 + r.nextInt(2_000_000_000 - 10_000)) + "@qq.com";
                case 3 -> surname + given.charAt(0) + (1970 + r.nextInt(36)) + "@" + domain;
                default -> given + "_" + surname + "@" + domain;
            };
        }

        /** An email that no cleaning short of guessing can repair. */
        private static String breakEmail(Random r, String email) {
            int at = email.indexOf('@');
            return switch (r.nextInt(4)) {
                case 0 -> email.substring(0, at) + (r.nextBoolean() ? "." : "") + email.substring(at + 1); // no @
                case 1 -> email.substring(0, at) + "@@" + email.substring(at + 1);
                case 2 -> email.substring(0, at / 2 + 1) + " " + email.substring(at / 2 + 1); // space inside
                default -> email.substring(0, email.lastIndexOf('.')); // no top-level domain
            };
        }

        /** A valid email with noise that trim + lower-case removes. */
        private static String messEmail(Random r, String email) {
            int at = email.indexOf('@');
            return switch (r.nextInt(3)) {
                case 0 -> email.toUpperCase(Locale.ROOT);
                case 1 -> capitalize(email.substring(0, at)) + email.substring(at).toUpperCase(Locale.ROOT);
                default -> (r.nextBoolean() ? " " : "") + email + " ";
            };
        }

        private static String phone(Random r, int format) {
            int prefix = DemoReferenceData.MOBILE_PREFIXES[r.nextInt(DemoReferenceData.MOBILE_PREFIXES.length)];
            String mid = padded(r.nextInt(10_000), 4);
            String end = padded(r.nextInt(10_000), 4);
            return switch (format) {
                case 0 -> prefix + mid + end;
                case 1 -> prefix + "-" + mid + "-" + end;
                case 2 -> prefix + " " + mid + " " + end;
                case 3 -> "+86 " + prefix + " " + mid + " " + end;
                case 4 -> "+86" + prefix + mid + end;
                default -> "(+86) " + prefix + "-" + mid + "-" + end;
            };
        }

        private static void appendSignupDate(StringBuilder b, int format, LocalDate d, Random r) {
            int second = r.nextInt(86_400);
            switch (format) {
                case 0 -> appendDate(b, d, '-');
                case 1 -> appendDate(b, d, '/');
                case 2 -> appendDayFirst(b, d);
                case 3 -> appendDate(b, d, '\0');
                case 4 -> appendDateTime(b, d, ' ', second / 3600, second / 60 % 60, second % 60);
                case 5 -> appendDateTime(b, d, 'T', second / 3600, second / 60 % 60, second % 60);
                default -> throw new IllegalArgumentException("Unknown signup_date format: " + format);
            }
        }

        // -------------------------------------------------------------------------------- noise

        private String messy(Random r, String value, Anomaly kind) {
            if (r.nextDouble() >= MESSY_VALUE_RATE) {
                return value;
            }
            count(kind);
            return messValue(r, value);
        }

        /** Same value, different case and/or surrounding whitespace. */
        private static String messValue(Random r, String value) {
            return switch (r.nextInt(5)) {
                case 0 -> value.toUpperCase(Locale.ROOT);
                case 1 -> value.equals(capitalize(value)) ? value.toLowerCase(Locale.ROOT) : capitalize(value);
                case 2 -> " " + value;
                case 3 -> value + "  ";
                default -> " " + value.toUpperCase(Locale.ROOT) + " ";
            };
        }
    }

    // ------------------------------------------------------------------------------------------------

    /** Writes rows marked duplicate once more, somewhere within the next 200 rows. */
    private static final class Duplicates {
        private final CsvFile out;
        private final int lastRow;
        private final Map<Integer, List<String>> pending = new HashMap<>();

        Duplicates(CsvFile out, int rows) {
            this.out = out;
            this.lastRow = rows - 1;
        }

        /** Call after row {@code row} is written; {@code copy} is its text if it is to be duplicated, else null. */
        void afterRow(int row, String copy, Random r) throws IOException {
            if (copy != null) {
                pending.computeIfAbsent(Math.min(lastRow, row + r.nextInt(200)), k -> new ArrayList<>(1)).add(copy);
            }
            List<String> due = pending.remove(row);
            if (due != null) {
                for (String line : due) {
                    out.rawLine(line);
                }
            }
        }
    }

    /**
     * An RFC 4180 CSV file (UTF-8, CRLF) written field by field into a buffer. {@link #text} quotes when
     * needed; the other field methods are for values that never need quoting.
     */
    private static final class CsvFile implements Closeable {
        private static final int FLUSH_AT = 1 << 20;

        private final String table;
        private final Path path;
        private final Writer writer;
        private final StringBuilder buf = new StringBuilder(FLUSH_AT + 4096);
        private int lineStart;
        private boolean lineEmpty = true;
        private long rows;

        CsvFile(Path dir, String table) throws IOException {
            this.table = table;
            this.path = dir.resolve(table + ".csv");
            this.writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        }

        void header(String... columns) throws IOException {
            for (String column : columns) {
                text(column);
            }
            endLine(false);
            rows = 0;
        }

        /** Starts a field and returns the buffer to append its (never quoted) value to. */
        StringBuilder openField() {
            if (!lineEmpty) {
                buf.append(',');
            }
            lineEmpty = false;
            return buf;
        }

        CsvFile text(String value) {
            appendField(openField(), value);
            return this;
        }

        CsvFile plain(String value) {
            openField().append(value);
            return this;
        }

        CsvFile number(long value) {
            openField().append(value);
            return this;
        }

        /** {@code prefix} then {@code value} zero-padded to {@code width} digits: P00012. */
        CsvFile padded(char prefix, long value, int width) {
            appendPadded(openField().append(prefix), value, width);
            return this;
        }

        /** Cents as a plain decimal: 129900 becomes 1299.00. */
        CsvFile money(long cents) {
            openField().append(cents / 100).append('.').append(twoDigits((int) (cents % 100)));
            return this;
        }

        /** Ends the row; returns its text (with CRLF) if {@code copy}, else null. */
        String endLine(boolean copy) throws IOException {
            buf.append("\r\n");
            rows++;
            String text = copy ? buf.substring(lineStart) : null;
            lineEmpty = true;
            lineStart = buf.length();
            flushIfFull();
            return text;
        }

        void rawLine(String line) throws IOException {
            buf.append(line);
            rows++;
            lineStart = buf.length();
            flushIfFull();
        }

        private void flushIfFull() throws IOException {
            if (buf.length() >= FLUSH_AT) {
                writer.append(buf);
                buf.setLength(0);
                lineStart = 0;
            }
        }

        static void appendField(StringBuilder b, String value) {
            if (value == null || value.isEmpty()) {
                return;
            }
            boolean quote = Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1))
                    || value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
            if (!quote) {
                b.append(value);
            } else if (value.indexOf('"') < 0) {
                b.append('"').append(value).append('"');
            } else {
                b.append('"').append(value.replace("\"", "\"\"")).append('"');
            }
        }

        TableFile finish() throws IOException {
            writer.append(buf);
            buf.setLength(0);
            writer.flush();
            return new TableFile(table, path, rows);
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Exactly {@code max(1, round(rate * n))} distinct indices below {@code n}. */
    private static BitSet pick(Random r, int n, double rate) {
        int k = (int) Math.min(n, Math.max(1, Math.round(rate * n)));
        BitSet chosen = new BitSet(n);
        int picked = 0;
        while (picked < k) {
            int i = r.nextInt(n);
            if (!chosen.get(i)) {
                chosen.set(i);
                picked++;
            }
        }
        return chosen;
    }

    private static int[] permutation(Random r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    private static double[] cumulative(double[] weights) {
        double[] cum = new double[weights.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            cum[i] = total;
        }
        return cum;
    }

    /** An index drawn with probability proportional to its weight (zero-weight indices are never drawn). */
    private static int sample(double[] cumulative, Random r) {
        double u = r.nextDouble() * cumulative[cumulative.length - 1];
        // First index whose cumulative weight exceeds u.
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static final String[] TWO_DIGITS = new String[100];

    static {
        for (int i = 0; i < 100; i++) {
            TWO_DIGITS[i] = (i < 10 ? "0" : "") + i;
        }
    }

    private static String twoDigits(int value) {
        return TWO_DIGITS[value];
    }

    private static StringBuilder appendPadded(StringBuilder b, long value, int width) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            b.append('0');
        }
        return b.append(value);
    }

    private static String padded(long value, int width) {
        return appendPadded(new StringBuilder(width), value, width).toString();
    }

    /** yyyy-MM-dd with the given separator ('\0' for none). */
    private static StringBuilder appendDate(StringBuilder b, LocalDate d, char separator) {
        b.append(d.getYear());
        if (separator != '\0') {
            b.append(separator);
        }
        b.append(twoDigits(d.getMonthValue()));
        if (separator != '\0') {
            b.append(separator);
        }
        return b.append(twoDigits(d.getDayOfMonth()));
    }

    /** dd/MM/yyyy. */
    private static StringBuilder appendDayFirst(StringBuilder b, LocalDate d) {
        return b.append(twoDigits(d.getDayOfMonth())).append('/').append(twoDigits(d.getMonthValue())).append('/')
                .append(d.getYear());
    }

    private static StringBuilder appendTime(StringBuilder b, int hh, int mm) {
        return b.append(twoDigits(hh)).append(':').append(twoDigits(mm));
    }

    private static StringBuilder appendDateTime(StringBuilder b, LocalDate d, char separator, int hh, int mm, int ss) {
        return appendTime(appendDate(b, d, '-').append(separator), hh, mm).append(':').append(twoDigits(ss));
    }
}
