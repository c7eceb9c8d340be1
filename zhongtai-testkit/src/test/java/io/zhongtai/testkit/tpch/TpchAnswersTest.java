package io.zhongtai.testkit.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TpchAnswersTest {

    @Test
    void equalRowsGiveNull() {
        assertThat(TpchAnswers.diff(rows(row("A", 1L, new BigDecimal("2.50"))), rows(row("A", 1, 2.5)))).isNull();
        assertThat(TpchAnswers.diff(rows(), rows())).isNull();
        assertThat(TpchAnswers.diff(rows(row((Object) null)), rows(row((Object) null)))).isNull();
        assertThat(TpchAnswers.diff(rows(row(BigInteger.TEN)), rows(row(10.0)))).isNull();
        assertThat(TpchAnswers.diff(rows(row(java.sql.Date.valueOf("1995-03-15"))), rows(row(LocalDate.of(1995, 3, 15))))).isNull();
    }

    @Test
    void numbersCompareWithRelativeTolerance() {
        assertThat(TpchAnswers.diff(rows(row(1_000_000.0)), rows(row(1_000_000.0005)))).isNull();
        assertThat(TpchAnswers.diff(rows(row(1_000_000.0)), rows(row(1_000_000.01)))).isNotNull();
        assertThat(TpchAnswers.diff(rows(row(0.0)), rows(row(1e-15)))).isNull();
        assertThat(TpchAnswers.diff(rows(row(1.0)), rows(row(1.01)), 0.1)).isNull();
        assertThat(TpchAnswers.diff(rows(row(Double.NaN)), rows(row(Double.NaN)))).isNull();
        assertThat(TpchAnswers.diff(rows(row(Double.NaN)), rows(row(1.0)))).isNotNull();
    }

    @Test
    void textMatchesRoundedNumbersAndDates() {
        assertThat(TpchAnswers.diff(rows(row("25.58", "1995-03-15", "Brand#12")), rows(row(25.5775, LocalDate.of(1995, 3, 15), "Brand#12")))).isNull();
        assertThat(TpchAnswers.diff(rows(row("25.58")), rows(row(25.59)))).isNotNull();
        assertThat(TpchAnswers.diff(rows(row("380456")), rows(row(new BigDecimal("380456.00"))))).isNull();
        assertThat(TpchAnswers.diff(rows(row("380456")), rows(row(new BigDecimal("380457.00"))))).isNotNull();
        assertThat(TpchAnswers.diff(rows(row("x")), rows(row(1)))).isNotNull();
    }

    @Test
    void describesFirstDifference() {
        assertThat(TpchAnswers.diff(rows(row("A", 1L), row("B", 2L)), rows(row("A", 1L), row("B", 3L))))
                .isEqualTo("row 2 column 2: expected 2 (Long), actual 3 (Long)\n  expected: [B, 2]\n  actual:   [B, 3]");
        assertThat(TpchAnswers.diff(rows(row("A")), rows(row("A"), row("B"))))
                .isEqualTo("expected 1 rows, actual 2 rows; first unexpected row (row 2): [B]");
        assertThat(TpchAnswers.diff(rows(row("A"), row("B")), rows(row("X"))))
                .startsWith("expected 2 rows, actual 1 rows; first difference: row 1 column 1: expected 'A' (String), actual 'X' (String)");
        assertThat(TpchAnswers.diff(rows(row("A", 1)), rows(row("A"))))
                .startsWith("row 1: expected 2 columns, actual 1");
    }

    @Test
    void readsReferenceAnswers() {
        List<List<Object>> q1 = TpchAnswers.expectedSf001(1);
        assertThat(q1).hasSize(4);
        assertThat(q1).allSatisfy(row -> assertThat(row).hasSize(10));
        assertThat(q1.get(0)).containsExactly("A", "F", "380456", "532348211.65", "505822441.4861", "526165934.000839", "25.58", "35785.71", "0.05", "14876");
        assertThat(TpchAnswers.expectedSf001(17)).containsExactly(Arrays.asList((Object) null));
        for (int n = 1; n <= TpchQueries.COUNT; n++) {
            assertThat(TpchAnswers.expectedSf001(n)).as("Q%d", n).isNotEmpty();
        }
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @SafeVarargs
    private static List<List<Object>> rows(List<Object>... rows) {
        return Arrays.asList(rows);
    }
}
