package io.zhongtai.pipeline.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.pipeline.quality.QualityRule.AcceptedValues;
import io.zhongtai.pipeline.quality.QualityRule.Bounds;
import io.zhongtai.pipeline.quality.QualityRule.CustomSql;
import io.zhongtai.pipeline.quality.QualityRule.Freshness;
import io.zhongtai.pipeline.quality.QualityRule.NotNull;
import io.zhongtai.pipeline.quality.QualityRule.Range;
import io.zhongtai.pipeline.quality.QualityRule.Referential;
import io.zhongtai.pipeline.quality.QualityRule.Regex;
import io.zhongtai.pipeline.quality.QualityRule.RowCount;
import io.zhongtai.pipeline.quality.QualityRule.RowCountChange;
import io.zhongtai.pipeline.quality.QualityRule.Unique;
import io.zhongtai.core.yaml.YamlDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QualityRuleTest {
    static final String SPEC_EXAMPLE = """
            quality:
              - {type: not_null, column: order_id, severity: block}
              - {type: unique, columns: [order_id], severity: block}
              - {type: accepted_values, column: status, values: [paid, shipped, refunded], severity: warn}
              - {type: range, column: amount, min: 0, max: 100000}
              - {type: regex, column: email, pattern: '^[^@]+@[^@]+$'}
              - {type: row_count, min: 1, max: 10000000}
              - {type: row_count_change, max_change_percent: 50}
              - {type: freshness, column: updated_at, max_age: 26h}
              - {type: referential, column: customer_id, references: dwd.customers.customer_id}
              - {type: custom_sql, name: no_future_orders, sql: "SELECT * FROM dwd.orders WHERE order_ts > now()"}
            """;

    static JsonNode yaml(String text) {
        return YamlDocument.parse("test.yaml", text).root();
    }

    @Test
    void parsesEveryRuleTypeWithDefaultNamesAndSeverities() {
        List<QualityRule> rules = QualityRule.parseAll(yaml(SPEC_EXAMPLE).get("quality"));

        assertThat(rules).containsExactly(
                new NotNull("not_null(order_id)", Severity.BLOCK, "order_id"),
                new Unique("unique(order_id)", Severity.BLOCK, List.of("order_id")),
                new AcceptedValues("accepted_values(status)", Severity.WARN, "status", List.of("paid", "shipped", "refunded")),
                new Range("range(amount)", Severity.BLOCK, "amount", new Bounds(BigDecimal.ZERO, new BigDecimal(100000))),
                new Regex("regex(email)", Severity.BLOCK, "email", "^[^@]+@[^@]+$"),
                new RowCount("row_count", Severity.BLOCK, new Bounds(BigDecimal.ONE, new BigDecimal(10000000))),
                new RowCountChange("row_count_change", Severity.BLOCK, new BigDecimal(50)),
                new Freshness("freshness(updated_at)", Severity.BLOCK, "updated_at", Duration.ofHours(26)),
                new Referential("referential(customer_id)", Severity.BLOCK, "customer_id", new TableName("dwd", "customers"), "customer_id"),
                new CustomSql("no_future_orders", Severity.BLOCK, "SELECT * FROM dwd.orders WHERE order_ts > now()"));
        assertThat(rules).extracting(QualityRule::describe).containsExactly(
                "order_id is not null",
                "order_id is unique",
                "status is one of [paid, shipped, refunded]",
                "amount is between 0 and 100000",
                "email matches ^[^@]+@[^@]+$",
                "row count is between 1 and 10000000",
                "row count is within 50% of the 7-day average",
                "newest updated_at is at most 26h old",
                "customer_id exists in dwd.customers.customer_id",
                "the query returns no rows");
    }

    @Test
    void readsCompositeKeysOneSidedBoundsScalarValuesAndExplicitNames() {
        List<QualityRule> rules = QualityRule.parseAll(yaml("""
                - {type: unique, columns: [order_id, line_no], severity: warn}
                - {type: unique, column: email, name: one_account_per_email}
                - {type: range, column: amount, min: -0.5}
                - {type: row_count, max: 1000.0}
                - {type: accepted_values, column: level, values: [1, 2, true]}
                - {type: freshness, column: d, max_age: 2d}
                """));

        assertThat(rules).containsExactly(
                new Unique("unique(order_id, line_no)", Severity.WARN, List.of("order_id", "line_no")),
                new Unique("one_account_per_email", Severity.BLOCK, List.of("email")),
                new Range("range(amount)", Severity.BLOCK, "amount", new Bounds(new BigDecimal("-0.5"), null)),
                new RowCount("row_count", Severity.BLOCK, new Bounds(null, new BigDecimal(1000))),
                new AcceptedValues("accepted_values(level)", Severity.BLOCK, "level", List.of("1", "2", "true")),
                new Freshness("freshness(d)", Severity.BLOCK, "d", Duration.ofDays(2)));
        assertThat(rules).extracting(QualityRule::describe).containsExactly(
                "(order_id, line_no) is unique", "email is unique", "amount is at least -0.5", "row count is at most 1000",
                "level is one of [1, 2, true]", "newest d is at most 48h old");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{type: not_nul, column: a}                           | rule 1 (not_nul): field 'type' must be one of not_null, unique, "
                    + "accepted_values, range, regex, row_count, row_count_change, freshness, referential, custom_sql",
            "{column: a}                                          | rule 1: field 'type' is required",
            "[not_null, a]                                        | rule 1: expected a mapping with a 'type' field, got a list",
            "{type: not_null}                                     | rule 1 (not_null): field 'column' is required",
            "{type: not_null, column: [a]}                        | rule 1 (not_null): field 'column' must be a non-empty string, got a list",
            "{type: not_null, colum: a}                           | rule 1 (not_null): unknown field 'colum'; allowed fields: type, name, severity, column",
            "{type: not_null, column: a, severity: fatal}         | rule 1 (not_null): field 'severity' must be block or warn, got 'fatal'",
            "{type: unique}                                       | rule 1 (unique): field 'columns' is required (or 'column' for a single key column)",
            "{type: unique, column: a, columns: [b]}              | rule 1 (unique): use field 'column' for one key column or field 'columns' for several, not both",
            "{type: unique, columns: [a, 7]}                      | rule 1 (unique): field 'columns[1]' must be a non-empty string, got a number",
            "{type: accepted_values, column: s, values: []}       | rule 1 (accepted_values): field 'values' must be a non-empty list, got an empty list",
            "{type: accepted_values, column: s, values: [a, [b]]} | rule 1 (accepted_values): field 'values[1]' must be a string, number or boolean, got a list",
            "{type: range, column: x}                             | rule 1 (range): field 'min' or field 'max' is required",
            "{type: range, column: x, min: 10, max: 5}            | rule 1 (range): field 'min' (10) is greater than field 'max' (5)",
            "{type: range, column: x, min: ten}                   | rule 1 (range): field 'min' must be a number, got 'ten'",
            "{type: regex, column: e, pattern: '[a-'}             | rule 1 (regex): field 'pattern' is not a valid regular expression: Illegal character range at index 3",
            "{type: row_count, min: 1.5}                          | rule 1 (row_count): field 'min' must be a whole number >= 0, got 1.5",
            "{type: row_count, min: -1}                           | rule 1 (row_count): field 'min' must be a whole number >= 0, got -1",
            "{type: row_count_change}                             | rule 1 (row_count_change): field 'max_change_percent' is required",
            "{type: row_count_change, max_change_percent: -5}     | rule 1 (row_count_change): field 'max_change_percent' must be >= 0, got -5",
            "{type: freshness, column: t, max_age: 26x}           | rule 1 (freshness): field 'max_age' must be a whole number and a unit s, m, h or d "
                    + "(such as 30m, 26h, 7d), got '26x'",
            "{type: referential, column: c, references: dwd.customers} | rule 1 (referential): field 'references' must be "
                    + "<namespace>.<table>.<column>, got 'dwd.customers'",
            "{type: referential, column: c, references: dwd.cust-omers.id} | rule 1 (referential): field 'references': Invalid table name "
                    + "'cust-omers': use letters, digits and underscores, starting with a letter or underscore",
            "{type: custom_sql, sql: SELECT 1}                    | rule 1 (custom_sql): field 'name' is required: a custom_sql rule has no column to name it after",
    })
    void refusesAnInvalidRuleNamingTheRuleAndField(String rule, String message) {
        assertThatThrownBy(() -> QualityRule.parse(yaml(rule), 1))
                .isInstanceOfSatisfying(ZhongtaiException.class, e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.INVALID_INPUT))
                .hasMessage(message);
    }

    @Test
    void numbersRulesFromOneAndRefusesDuplicateNames() {
        assertThatThrownBy(() -> QualityRule.parseAll(yaml("""
                - {type: not_null, column: a}
                - {type: not_null, column: b}
                - {type: unique, column: b, name: not_null(a)}
                """)))
                .hasMessage("rule 3 (unique): name 'not_null(a)' is already used by rule 1; give one of them another name");
        assertThatThrownBy(() -> QualityRule.parseAll(yaml("""
                - {type: not_null, column: a}
                - {type: range, column: b}
                """)))
                .hasMessage("rule 2 (range): field 'min' or field 'max' is required");
        assertThatThrownBy(() -> QualityRule.parseAll(yaml("{type: not_null, column: a}")))
                .hasMessage("quality: expected a list of rules, got a mapping");
    }
}
