package io.zhongtai.cli.demo;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL the demo runs over the {@link DemoDataset} once its CSVs are loaded as {@code ods.customers},
 * {@code ods.products}, {@code ods.orders} and {@code ods.order_items}.
 *
 * <p>Every statement is DuckDB SQL of the form {@code CREATE TABLE <layer>.<name> AS SELECT ...}, reads only
 * tables in {@code ods}, {@code dwd}, {@code dws} and {@code ads} and uses only built-in scalar, aggregate and
 * window functions (no table functions, no files). Statements work whether the {@code ods} columns are all
 * VARCHAR or have inferred types: every raw column is read as {@code trim(CAST(col AS VARCHAR))} and then
 * converted with {@code TRY_CAST} or {@code try_strptime}, so bad values become NULL instead of failing.
 *
 * <h2>Definitions</h2>
 * <ul>
 * <li><b>Dates.</b> {@code signup_date}, {@code order_ts} and {@code launched_on} are parsed with the first
 *     matching format of {@link #TIMESTAMP_FORMATS}; slashed dates with the year last are day first
 *     ({@code 04/03/2025} is 4 March). Values that match no format are NULL.</li>
 * <li><b>Valid order.</b> {@code order_ts IS NOT NULL AND status IS DISTINCT FROM 'cancelled'}. Refunded
 *     orders count (GMV is gross); orders whose timestamp is unparseable cannot be placed in time and are
 *     left out of every {@code dws}/{@code ads} table.</li>
 * <li><b>GMV.</b> The sum of {@code dwd.order_items.amount} over lines of valid orders; shipping fees are not
 *     included. {@code amount = CAST(quantity * unit_price * (1 - discount) AS DECIMAL(14,2))}. So
 *     {@code sum(dws.daily_sales.gmv) = sum(dws.customer_value.gmv) = sum(ads.channel_kpis.gmv)} = the GMV
 *     of {@code dwd.order_items} joined to valid {@code dwd.orders}.</li>
 * <li><b>Line kept in dwd.order_items.</b> Its product exists in {@code dwd.products}, quantity &gt; 0 and
 *     unit price parses (negative quantities and unknown products are dropped).</li>
 * <li><b>Last 30 days.</b> The 30 calendar days ending on the last day that has a valid order timestamp.</li>
 * <li><b>RFM.</b> {@code r_score}, {@code f_score}, {@code m_score} are {@code NTILE(5)} over recency (last
 *     order), number of valid orders and GMV (5 = best; ties broken by customer id). Segments:
 *     {@code champion} (R, F, M all &ge; 4), {@code loyal} (R &ge; 3, F &ge; 3), {@code promising} (R &ge; 4),
 *     {@code at_risk} (R &le; 2 with F or M &ge; 4), {@code hibernating} (other R &le; 2) and
 *     {@code needs_attention}.</li>
 * </ul>
 */
public final class DemoSql {

    /** The layers (DuckDB schemas / Iceberg namespaces) in pipeline order. */
    public static final List<String> SCHEMAS = List.of("ods", "dwd", "dws", "ads");

    /** The raw tables the statements read. */
    public static final List<String> ODS_TABLES =
            DemoDataset.TABLES.stream().map(t -> "ods." + t).toList();

    /**
     * strptime formats for dates and timestamps, tried in order. Full-string matches only, so
     * {@code %Y-%m-%d} does not swallow a timestamp.
     */
    public static final List<String> TIMESTAMP_FORMATS = List.of(
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S.%g",
            "%Y-%m-%dT%H:%M:%S.%g",
            "%Y-%m-%d %H:%M:%S.%f",
            "%Y-%m-%dT%H:%M:%S.%f",
            "%Y/%m/%d %H:%M:%S",
            "%d/%m/%Y %H:%M:%S",
            "%d/%m/%Y %H:%M",
            "%Y%m%d%H%M%S",
            "%Y-%m-%d",
            "%Y/%m/%d",
            "%d/%m/%Y",
            "%Y%m%d");

    static final String EMAIL_REGEX = "[a-z0-9._%+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}";
    private static final String MOBILE_REGEX = "1[3-9][0-9]{9}";

    private static final Pattern TARGET = Pattern.compile("^CREATE TABLE ([a-z_]+)\\.([a-z0-9_]+) AS\\b");

    private static final List<String> STATEMENTS = List.of(
            dwdCustomers(), dwdProducts(), dwdOrders(), dwdOrderItems(),
            dwsDailySales(), dwsCustomerValue(),
            adsTopProducts30d(), adsChannelKpis());

    private DemoSql() {
    }

    /** The {@code CREATE TABLE ... AS SELECT} statements in dependency order. */
    public static List<String> statements() {
        return STATEMENTS;
    }

    /** The table each of {@link #statements()} creates, as {@code layer.name}, in the same order. */
    public static List<String> targetTables() {
        return STATEMENTS.stream().map(DemoSql::targetTable).toList();
    }

    /** {@code layer.name} of the table a statement creates. */
    public static String targetTable(String statement) {
        Matcher m = TARGET.matcher(statement);
        if (!m.find()) {
            throw new IllegalArgumentException("Cannot find target table, not a CREATE TABLE <layer>.<name> AS: "
                    + statement.lines().findFirst().orElse(""));
        }
        return m.group(1) + "." + m.group(2);
    }

    /**
     * Three short queries over {@code ads}/{@code dws} for the demo to print with their results. Each starts
     * with a {@code -- title} comment line.
     */
    public static List<String> exampleQueries() {
        return List.of(
                """
                -- Top 10 products by GMV in the last 30 days
                SELECT rank, name, category, units, gmv, gmv_share_pct
                FROM ads.top_products_30d
                ORDER BY rank
                LIMIT 10""",
                """
                -- GMV and month-on-month growth per channel, last 3 months
                SELECT month, channel, gmv, orders, avg_order_value, mom_growth
                FROM ads.channel_kpis
                WHERE month > (SELECT max(month) FROM ads.channel_kpis) - INTERVAL 3 MONTH
                ORDER BY month DESC, gmv DESC""",
                """
                -- Customers by RFM segment
                SELECT segment, count(*) AS customers, sum(orders) AS orders, sum(gmv) AS gmv,
                       round(avg(recency_days)) AS avg_recency_days
                FROM dws.customer_value
                GROUP BY segment
                ORDER BY gmv DESC""");
    }

    /** A coalesce of {@code try_strptime} over {@link #TIMESTAMP_FORMATS}: a TIMESTAMP or NULL. */
    static String parseTimestamp(String varcharExpr) {
        return TIMESTAMP_FORMATS.stream()
                .map(f -> "try_strptime(" + varcharExpr + ", '" + f + "')")
                .collect(Collectors.joining(",\n            ", "coalesce(\n            ", ")"));
    }

    /** The raw value of a column as trimmed VARCHAR, whatever type the loader inferred. */
    private static String raw(String column) {
        return "trim(CAST(" + column + " AS VARCHAR))";
    }

    /** Trimmed, inner whitespace collapsed, first letter upper case and the rest lower case. */
    private static String titleCase(String varcharExpr) {
        return "upper(substr(" + varcharExpr + ", 1, 1)) || lower(substr(" + varcharExpr + ", 2))";
    }

    private static String dwdCustomers() {
        return """
                CREATE TABLE dwd.customers AS
                WITH cleaned AS (
                    SELECT
                        %s AS customer_id,
                        nullif(regexp_replace(%s, '[[:space:]]+', ' ', 'g'), '') AS name,
                        nullif(lower(%s), '') AS email,
                        nullif(regexp_replace(%s, '[^0-9]', '', 'g'), '') AS phone_digits,
                        nullif(regexp_replace(%s, '[[:space:]]+', ' ', 'g'), '') AS city_text,
                        nullif(regexp_replace(%s, '[[:space:]]+', ' ', 'g'), '') AS province_text,
                        %s AS signup_raw,
                        nullif(lower(%s), '') AS segment
                    FROM ods.customers
                    WHERE nullif(%s, '') IS NOT NULL
                ),
                normalised AS (
                    SELECT
                        customer_id,
                        name,
                        email,
                        coalesce(regexp_full_match(email, '%s'), false) AS email_valid,
                        CASE WHEN length(phone_digits) = 13 AND starts_with(phone_digits, '86')
                             THEN substr(phone_digits, 3) ELSE phone_digits END AS phone,
                        %s AS city,
                        %s AS province,
                        CAST(%s AS DATE) AS signup_date,
                        segment
                    FROM cleaned
                )
                SELECT
                    customer_id,
                    name,
                    email,
                    email_valid,
                    phone,
                    coalesce(regexp_full_match(phone, '%s'), false) AS phone_valid,
                    city,
                    province,
                    signup_date,
                    segment
                FROM normalised
                QUALIFY row_number() OVER (
                    PARTITION BY customer_id ORDER BY signup_date NULLS LAST, email NULLS LAST, name) = 1
                ORDER BY customer_id"""
                .formatted(raw("customer_id"), raw("name"), raw("email"), raw("phone"), raw("city"),
                        raw("province"), raw("signup_date"), raw("segment"), raw("customer_id"),
                        EMAIL_REGEX, titleCase("city_text"), titleCase("province_text"),
                        parseTimestamp("signup_raw"), MOBILE_REGEX);
    }

    private static String dwdProducts() {
        return """
                CREATE TABLE dwd.products AS
                WITH cleaned AS (
                    SELECT
                        %s AS product_id,
                        nullif(%s, '') AS sku,
                        nullif(%s, '') AS name,
                        nullif(%s, '') AS category,
                        nullif(%s, '') AS brand,
                        TRY_CAST(%s AS DECIMAL(12,2)) AS price,
                        TRY_CAST(%s AS DECIMAL(12,2)) AS cost,
                        CAST(%s AS DATE) AS launched_on
                    FROM ods.products
                    WHERE nullif(%s, '') IS NOT NULL
                )
                SELECT
                    product_id,
                    sku,
                    name,
                    category,
                    brand,
                    price,
                    cost,
                    price IS NULL AS price_missing,
                    price - cost AS unit_margin,
                    launched_on
                FROM cleaned
                QUALIFY row_number() OVER (PARTITION BY product_id ORDER BY price IS NULL, sku) = 1
                ORDER BY product_id"""
                .formatted(raw("product_id"), raw("sku"), raw("name"), raw("category"), raw("brand"),
                        raw("price"), raw("cost"), parseTimestamp(raw("launched_on")),
                        raw("product_id"));
    }

    private static String dwdOrders() {
        return """
                CREATE TABLE dwd.orders AS
                WITH cleaned AS (
                    SELECT
                        %s AS order_id,
                        nullif(%s, '') AS customer_id,
                        %s AS order_ts,
                        nullif(lower(%s), '') AS status,
                        nullif(lower(%s), '') AS channel,
                        nullif(lower(%s), '') AS payment_method,
                        coalesce(TRY_CAST(%s AS DECIMAL(12,2)), 0) AS shipping_fee,
                        nullif(upper(%s), '') AS coupon_code
                    FROM ods.orders
                    WHERE nullif(%s, '') IS NOT NULL
                )
                SELECT
                    order_id,
                    customer_id,
                    order_ts,
                    CAST(order_ts AS DATE) AS order_date,
                    status,
                    channel,
                    payment_method,
                    shipping_fee,
                    coupon_code
                FROM cleaned
                QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY order_ts NULLS LAST, status) = 1
                ORDER BY order_id"""
                .formatted(raw("order_id"), raw("customer_id"),
                        parseTimestamp(raw("order_ts")), raw("status"), raw("channel"),
                        raw("payment_method"), raw("shipping_fee"), raw("coupon_code"), raw("order_id"));
    }

    private static String dwdOrderItems() {
        return """
                CREATE TABLE dwd.order_items AS
                WITH cleaned AS (
                    SELECT
                        %s AS order_id,
                        TRY_CAST(%s AS INTEGER) AS line_no,
                        %s AS product_id,
                        TRY_CAST(%s AS INTEGER) AS quantity,
                        TRY_CAST(%s AS DECIMAL(12,2)) AS unit_price,
                        coalesce(TRY_CAST(%s AS DECIMAL(5,4)), 0) AS discount
                    FROM ods.order_items
                ),
                deduplicated AS (
                    SELECT * FROM cleaned
                    QUALIFY row_number() OVER (PARTITION BY order_id, line_no ORDER BY product_id) = 1
                )
                SELECT
                    i.order_id,
                    i.line_no,
                    i.product_id,
                    p.sku,
                    p.category,
                    p.brand,
                    i.quantity,
                    i.unit_price,
                    i.discount,
                    CAST(i.quantity * i.unit_price * (1 - i.discount) AS DECIMAL(14,2)) AS amount
                FROM deduplicated i
                JOIN dwd.products p ON p.product_id = i.product_id
                WHERE i.quantity > 0
                  AND i.unit_price IS NOT NULL
                  AND i.discount BETWEEN 0 AND 1
                ORDER BY i.order_id, i.line_no"""
                .formatted(raw("order_id"), raw("line_no"), raw("product_id"), raw("quantity"),
                        raw("unit_price"), raw("discount"));
    }

    /** GMV and item count per order, for orders of any status. */
    private static final String ORDER_LINES = """
            order_lines AS (
                SELECT order_id, sum(quantity) AS items, sum(amount) AS gmv
                FROM dwd.order_items
                GROUP BY order_id
            ),
            valid_orders AS (
                SELECT o.order_id, o.customer_id, o.order_ts, o.order_date, o.channel,
                       coalesce(l.items, 0) AS items, coalesce(l.gmv, 0) AS gmv
                FROM dwd.orders o
                LEFT JOIN order_lines l ON l.order_id = o.order_id
                WHERE o.order_ts IS NOT NULL AND o.status IS DISTINCT FROM 'cancelled'
            )""";

    private static String dwsDailySales() {
        return """
                CREATE TABLE dws.daily_sales AS
                WITH %s
                SELECT
                    order_date,
                    channel,
                    count(*) AS orders,
                    count(DISTINCT customer_id) AS customers,
                    CAST(sum(items) AS BIGINT) AS items,
                    CAST(sum(gmv) AS DECIMAL(18,2)) AS gmv
                FROM valid_orders
                GROUP BY order_date, channel
                ORDER BY order_date, channel""".formatted(ORDER_LINES);
    }

    private static String dwsCustomerValue() {
        return """
                CREATE TABLE dws.customer_value AS
                WITH %s,
                per_customer AS (
                    SELECT customer_id, min(order_ts) AS first_order, max(order_ts) AS last_order,
                           count(*) AS orders, sum(gmv) AS gmv
                    FROM valid_orders
                    GROUP BY customer_id
                ),
                scored AS (
                    SELECT
                        *,
                        date_diff('day', CAST(last_order AS DATE),
                                  (SELECT max(order_date) FROM valid_orders)) AS recency_days,
                        ntile(5) OVER (ORDER BY last_order, customer_id) AS r_score,
                        ntile(5) OVER (ORDER BY orders, last_order, customer_id) AS f_score,
                        ntile(5) OVER (ORDER BY gmv, customer_id) AS m_score
                    FROM per_customer
                )
                SELECT
                    customer_id,
                    first_order,
                    last_order,
                    orders,
                    CAST(gmv AS DECIMAL(18,2)) AS gmv,
                    recency_days,
                    r_score,
                    f_score,
                    m_score,
                    CASE
                        WHEN r_score >= 4 AND f_score >= 4 AND m_score >= 4 THEN 'champion'
                        WHEN r_score >= 3 AND f_score >= 3 THEN 'loyal'
                        WHEN r_score >= 4 THEN 'promising'
                        WHEN r_score <= 2 AND (f_score >= 4 OR m_score >= 4) THEN 'at_risk'
                        WHEN r_score <= 2 THEN 'hibernating'
                        ELSE 'needs_attention'
                    END AS segment
                FROM scored
                ORDER BY customer_id""".formatted(ORDER_LINES);
    }

    private static String adsTopProducts30d() {
        return """
                CREATE TABLE ads.top_products_30d AS
                WITH %s,
                bounds AS (
                    SELECT max(order_date) AS last_day FROM valid_orders
                ),
                per_product AS (
                    SELECT i.product_id, sum(i.quantity) AS units, count(DISTINCT i.order_id) AS orders,
                           sum(i.amount) AS gmv
                    FROM dwd.order_items i
                    JOIN valid_orders o ON o.order_id = i.order_id
                    CROSS JOIN bounds b
                    WHERE o.order_date > b.last_day - 30
                    GROUP BY i.product_id
                ),
                ranked AS (
                    SELECT
                        *,
                        row_number() OVER (ORDER BY gmv DESC, product_id) AS rank,
                        gmv / sum(gmv) OVER () AS share
                    FROM per_product
                )
                SELECT
                    r.rank,
                    r.product_id,
                    p.sku,
                    p.name,
                    p.category,
                    p.brand,
                    CAST(r.units AS BIGINT) AS units,
                    r.orders,
                    CAST(r.gmv AS DECIMAL(18,2)) AS gmv,
                    CAST(round(100 * r.share, 2) AS DECIMAL(5,2)) AS gmv_share_pct,
                    b.last_day - 29 AS window_start,
                    b.last_day AS window_end
                FROM ranked r
                JOIN dwd.products p ON p.product_id = r.product_id
                CROSS JOIN bounds b
                WHERE r.rank <= 20
                ORDER BY r.rank""".formatted(ORDER_LINES);
    }

    private static String adsChannelKpis() {
        return """
                CREATE TABLE ads.channel_kpis AS
                WITH %s,
                monthly AS (
                    SELECT channel, CAST(date_trunc('month', order_date) AS DATE) AS month,
                           sum(gmv) AS gmv, count(*) AS orders
                    FROM valid_orders
                    GROUP BY channel, CAST(date_trunc('month', order_date) AS DATE)
                ),
                with_previous AS (
                    SELECT
                        *,
                        CASE WHEN lag(month) OVER w = CAST(month - INTERVAL 1 MONTH AS DATE)
                             THEN lag(gmv) OVER w END AS prev_gmv
                    FROM monthly
                    WINDOW w AS (PARTITION BY channel ORDER BY month)
                )
                SELECT
                    channel,
                    month,
                    CAST(gmv AS DECIMAL(18,2)) AS gmv,
                    orders,
                    CAST(gmv / orders AS DECIMAL(14,2)) AS avg_order_value,
                    CAST(prev_gmv AS DECIMAL(18,2)) AS prev_month_gmv,
                    round((gmv - prev_gmv) / nullif(prev_gmv, 0), 4) AS mom_growth
                FROM with_previous
                ORDER BY channel, month""".formatted(ORDER_LINES);
    }
}
