package io.zhongtai.pipeline.clean;

import com.fasterxml.jackson.core.JsonPointer;
import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.lakehouse.TableName;
import io.zhongtai.core.yaml.YamlDocument;
import io.zhongtai.spi.data.Column;
import io.zhongtai.spi.data.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CleanCompilerTest {
    private static final TableName RAW = new TableName("ods", "raw");
    private static final TableName CLEAN = new TableName("dwd", "clean");
    private static final String DEDUPE_REASON = "dedupe customer_id: duplicate key, the row with the latest updated_at is kept";

    private Connection duck;

    @BeforeEach
    void openDuckDb() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        execute("CREATE SCHEMA ods");
        execute("CREATE SCHEMA dim");
    }

    @AfterEach
    void closeDuckDb() throws SQLException {
        duck.close();
    }

    @Test
    void trimRemovesLeadingAndTrailingWhitespaceIncludingTabsAndNoBreakSpaces() throws Exception {
        execute("CREATE TABLE ods.raw (id INTEGER, name VARCHAR, email VARCHAR)");
        execute("INSERT INTO ods.raw VALUES (1, '  Ann  ', ' ann@x.org'), (2, chr(9) || 'Bob' || chr(10), NULL), "
                + "(3, chr(160) || 'Cy  Young' || chr(160), 'cy@x.org '), (4, '', '   ')");

        CompiledClean compiled = compile("- trim: [name, email]");

        assertThat(clean(compiled)).containsExactly(
                "1|Ann|ann@x.org",
                "2|Bob|null",
                "3|Cy  Young|cy@x.org",
                "4||");
        assertThat(rejects(compiled)).isEmpty();
        assertThat(compiled.outputColumns()).isEqualTo(describe("ods.raw"));
    }

    @Test
    void caseUpperAndLowerCasesColumns() throws Exception {
        execute("CREATE TABLE ods.raw (id INTEGER, country VARCHAR, email VARCHAR)");
        execute("INSERT INTO ods.raw VALUES (1, 'de', 'Ann@X.org'), (2, 'Fr', NULL), (3, NULL, 'BOB@y.ORG')");

        CompiledClean compiled = compile("- case: {upper: [country], lower: [email]}");

        assertThat(clean(compiled)).containsExactly("1|DE|ann@x.org", "2|FR|null", "3|null|bob@y.org");
        assertThat(rejects(compiled)).isEmpty();
    }

    @Test
    void defaultReplacesOnlyNulls() throws Exception {
        execute("CREATE TABLE ods.raw (id INTEGER, country VARCHAR, score INTEGER, joined DATE)");
        execute("INSERT INTO ods.raw VALUES (1, NULL, NULL, NULL), (2, 'DE', 7, DATE '2024-05-01'), (3, '', 0, NULL)");

        CompiledClean compiled = compile("- default: {country: 'UNKNOWN', score: 0, joined: '2000-01-01'}");

        assertThat(clean(compiled)).containsExactly(
                "1|UNKNOWN|0|2000-01-01",
                "2|DE|7|2024-05-01",
                "3||0|2000-01-01");
        assertThat(rejects(compiled)).isEmpty();
        assertThat(compiled.outputColumns()).isEqualTo(describe("ods.raw"));
    }

    @Test
    void castChangesTypesAndRejectsValuesThatDoNotConvert() throws Exception {
        execute("CREATE TABLE ods.raw (id INTEGER, age VARCHAR, signup VARCHAR)");
        execute("INSERT INTO ods.raw VALUES (1, '42', '2024-01-05'), (2, ' 7 ', NULL), (3, 'abc', '2024-02-30'), "
                + "(4, NULL, 'yesterday'), (5, '12.5', '2024-03-01')");

        CompiledClean compiled = compile("- cast: {age: INTEGER, signup: date}");

        // DuckDB's casts trim numbers and round decimals to integers
        assertThat(clean(compiled)).containsExactly("1|42|2024-01-05", "2|7|null", "5|13|2024-03-01");
        assertThat(rejects(compiled)).containsExactly(
                "cast age: cannot cast 'abc' to INTEGER; cast signup: cannot cast '2024-02-30' to DATE"
                        + "|{\"id\":3,\"age\":\"abc\",\"signup\":\"2024-02-30\"}",
                "cast signup: cannot cast 'yesterday' to DATE|{\"id\":4,\"age\":null,\"signup\":\"yesterday\"}");
        assertThat(compiled.outputColumns()).containsExactly(
                Column.of("id", DataType.INTEGER), Column.of("age", DataType.INTEGER), Column.of("signup", DataType.DATE));
    }

    @Test
    void parseDateTakesTheFirstFormatThatParsesTheWholeValue() throws Exception {
        execute("CREATE TABLE ods.raw (id INTEGER, birthday VARCHAR)");
        execute("INSERT INTO ods.raw VALUES (1, '1990-05-17'), (2, '17/05/1990'), (3, '19900517'), (4, '1990/05/17'), "
                + "(5, NULL), (6, '31/02/1990'), (7, '1990-05-17 08:00')");

        CompiledClean compiled = compile("- parse_date: {column: birthday, formats: ['%Y-%m-%d', '%d/%m/%Y', '%Y%m%d']}");

        assertThat(clean(compiled)).containsExactly("1|1990-05-17", "2|1990-05-17", "3|1990-05-17", "5|null");
        String formats = " matches none of the formats %Y-%m-%d, %d/%m/%Y, %Y%m%d";
        assertThat(rejects(compiled)).containsExactly(
                "parse_date birthday: '1990/05/17'" + formats + "|{\"id\":4,\"birthday\":\"1990/05/17\"}",
                "parse_date birthday: '31/02/1990'" + formats + "|{\"id\":6,\"birthday\":\"31/02/1990\"}",
                "parse_date birthday: '1990-05-17 08:00'" + formats + "|{\"id\":7,\"birthday\":\"1990-05-17 08:00\"}");
        assertThat(compiled.outputColumns()).containsExactly(
                Column.of("id", DataType.INTEGER), Column.of("birthday", DataType.DATE));
    }

    @Test
    void regexValidateRejectsValuesThatDoNotMatchAsAWhole() throws Exception {
        execute("CREATE TABLE ods.raw (id INTEGER, email VARCHAR)");
        execute("INSERT INTO ods.raw VALUES (1, 'ann@x.org'), (2, 'bob@'), (3, 'no at sign.com'), (4, NULL), "
                + "(5, 'a@b@c.d'), (6, 'ann@x.org trailing')");

        CompiledClean compiled = compile("- regex_validate: {column: email, pattern: '[^@ ]+@[^@ ]+\\.[^@ ]+'}");

        assertThat(clean(compiled)).containsExactly("1|ann@x.org", "4|null");
        String pattern = " does not match [^@ ]+@[^@ ]+\\.[^@ ]+";
        assertThat(rejects(compiled)).containsExactly(
                "regex_validate email: 'bob@'" + pattern + "|{\"id\":2,\"email\":\"bob@\"}",
                "regex_validate email: 'no at sign.com'" + pattern + "|{\"id\":3,\"email\":\"no at sign.com\"}",
                "regex_validate email: 'a@b@c.d'" + pattern + "|{\"id\":5,\"email\":\"a@b@c.d\"}",
                "regex_validate email: 'ann@x.org trailing'" + pattern + "|{\"id\":6,\"email\":\"ann@x.org trailing\"}");
    }

    @Test
    void regexReplaceReplacesEveryMatchAndTakesGroupReferences() throws Exception {
        execute("CREATE TABLE ods.raw (id INTEGER, phone VARCHAR)");
        execute("INSERT INTO ods.raw VALUES (1, '+1 (555) 010-9999'), (2, '555.010.1234'), (3, NULL), (4, 'none')");

        CompiledClean compiled = compile("""
                - regex_replace: {column: phone, pattern: '[^0-9]', replacement: ''}
                - regex_replace: {column: phone, pattern: '^(\\d{3})(\\d{3})(\\d{4})$', replacement: '\\1-\\2-\\3'}
                """);

        assertThat(clean(compiled)).containsExactly("1|15550109999", "2|555-010-1234", "3|null", "4|");
        assertThat(rejects(compiled)).isEmpty();
    }

    @Test
    void mapValuesKeepsNullsOrRejectsUnmatchedCodesAndRejectsAmbiguousOnes() throws Exception {
        execute("CREATE TABLE dim.country_codes (code VARCHAR, name VARCHAR)");
        execute("INSERT INTO dim.country_codes VALUES ('DE', 'Germany'), ('FR', 'France'), ('FR', 'France'), "
                + "('XX', 'Atlantis'), ('XX', 'Lemuria')");
        execute("CREATE TABLE ods.raw (id INTEGER, country VARCHAR)");
        execute("INSERT INTO ods.raw VALUES (1, 'DE'), (2, 'FR'), (3, 'ZZ'), (4, NULL), (5, 'XX')");
        String map = "- map_values: {column: country, table: dim.country_codes, from: code, to: name, unmatched: %s}";
        String ambiguous = "map_values country: 'XX' maps to 2 different values of dim.country_codes.name"
                + "|{\"id\":5,\"country\":\"XX\"}";

        CompiledClean keep = compile(map.formatted("keep"));
        assertThat(clean(keep)).containsExactly("1|Germany", "2|France", "3|ZZ", "4|null");
        assertThat(rejects(keep)).containsExactly(ambiguous);

        CompiledClean toNull = compile(map.formatted("null"));
        assertThat(clean(toNull)).containsExactly("1|Germany", "2|France", "3|null", "4|null");
        assertThat(rejects(toNull)).containsExactly(ambiguous);

        CompiledClean reject = compile(map.formatted("reject"));
        assertThat(clean(reject)).containsExactly("1|Germany", "2|France", "4|null");
        assertThat(rejects(reject)).containsExactly(
                "map_values country: 'ZZ' is not in dim.country_codes.code|{\"id\":3,\"country\":\"ZZ\"}",
                ambiguous);
    }

    @Test
    void mapValuesComparesKeysAsTextAndYieldsVarchar() throws Exception {
        execute("CREATE TABLE dim.statuses (code VARCHAR, label VARCHAR)");
        execute("INSERT INTO dim.statuses VALUES ('1', 'active'), ('x', 'unknown')");
        execute("CREATE TABLE ods.raw (id INTEGER, status INTEGER)");
        execute("INSERT INTO ods.raw VALUES (1, 1), (2, 2)");

        CompiledClean compiled = compile("- map_values: {column: status, table: dim.statuses, from: code, to: label}");

        assertThat(clean(compiled)).containsExactly("1|active", "2|2");
        assertThat(rejects(compiled)).isEmpty();
        assertThat(compiled.outputColumns()).containsExactly(
                Column.of("id", DataType.INTEGER), Column.of("status", DataType.STRING));
    }

    @Test
    void maskHashesOrKeepsTheEndsOfValues() throws Exception {
        execute("CREATE TABLE ods.raw (id INTEGER, email VARCHAR, contact VARCHAR, card BIGINT)");
        execute("INSERT INTO ods.raw VALUES (1, 'abc', 'alice@example.com', 4111111111111111), (2, 'bob@x.org', 'abcd', 12), "
                + "(3, NULL, NULL, NULL)");

        CompiledClean compiled = compile("""
                - mask: {column: email, method: hash}
                - mask: {column: contact, method: partial, keep_first: 2, keep_last: 2}
                - mask: {column: card, method: partial, keep_last: 4}
                """);

        assertThat(clean(compiled)).containsExactly(
                "1|ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad|al*************om|************1111",
                "2|" + sha256("bob@x.org") + "|****|**",
                "3|null|null|null");
        assertThat(rejects(compiled)).isEmpty();
        assertThat(compiled.outputColumns()).containsExactly(Column.of("id", DataType.INTEGER),
                Column.of("email", DataType.STRING), Column.of("contact", DataType.STRING), Column.of("card", DataType.STRING));
    }

    @Test
    void rangeRejectsValuesOutsideInclusiveBounds() throws Exception {
        execute("CREATE TABLE ods.raw (id INTEGER, age INTEGER, signup DATE, ratio DOUBLE)");
        execute("INSERT INTO ods.raw VALUES (1, -1, DATE '1999-12-31', 0.5), (2, 0, DATE '2000-01-01', 0.25), "
                + "(3, 150, NULL, NULL), (4, 151, DATE '2024-05-01', 0.75), (5, NULL, NULL, 0.2)");

        CompiledClean compiled = compile("""
                - range: {column: age, min: 0, max: 150}
                - range: {column: signup, min: '2000-01-01'}
                - range: {column: ratio, max: 0.5}
                """);

        assertThat(clean(compiled)).containsExactly("2|0|2000-01-01|0.25", "3|150|null|null", "5|null|null|0.2");
        assertThat(rejects(compiled)).containsExactly(
                "range age: -1 is below the minimum 0; range signup: 1999-12-31 is below the minimum 2000-01-01"
                        + "|{\"id\":1,\"age\":-1,\"signup\":\"1999-12-31\",\"ratio\":0.5}",
                "range age: 151 is above the maximum 150; range ratio: 0.75 is above the maximum 0.5"
                        + "|{\"id\":4,\"age\":151,\"signup\":\"2024-05-01\",\"ratio\":0.75}");
    }

    @Test
    void dedupeKeepsTheLatestRowPerKeyAndRejectsTheOthers() throws Exception {
        execute("CREATE TABLE ods.raw (customer_id INTEGER, name VARCHAR, updated_at TIMESTAMP)");
        execute("INSERT INTO ods.raw VALUES (1, 'Ann v1', '2024-01-01 10:00'), (1, 'Ann v3', '2024-03-01 10:00'), "
                + "(1, 'Ann v2', '2024-02-01 10:00'), (1, 'Ann undated', NULL), (2, 'Bob', '2024-01-01 00:00'), "
                + "(3, 'Cy a', '2024-01-01 00:00'), (3, 'Cy b', '2024-01-01 00:00'), "
                + "(NULL, 'nobody', '2024-01-01 00:00'), (NULL, 'nobody later', '2024-01-02 00:00')");

        CompiledClean compiled = compile("- dedupe: {key: customer_id, latest_by: updated_at}");

        // a tie keeps the row whose JSON sorts last, so every run keeps the same one; null keys are one key
        assertThat(clean(compiled)).containsExactly(
                "1|Ann v3|2024-03-01 10:00:00.0",
                "2|Bob|2024-01-01 00:00:00.0",
                "3|Cy b|2024-01-01 00:00:00.0",
                "null|nobody later|2024-01-02 00:00:00.0");
        assertThat(rejects(compiled)).containsExactly(
                DEDUPE_REASON + "|{\"customer_id\":1,\"name\":\"Ann undated\",\"updated_at\":null}",
                DEDUPE_REASON + "|{\"customer_id\":1,\"name\":\"Ann v1\",\"updated_at\":\"2024-01-01 10:00:00\"}",
                DEDUPE_REASON + "|{\"customer_id\":1,\"name\":\"Ann v2\",\"updated_at\":\"2024-02-01 10:00:00\"}",
                DEDUPE_REASON + "|{\"customer_id\":3,\"name\":\"Cy a\",\"updated_at\":\"2024-01-01 00:00:00\"}",
                DEDUPE_REASON + "|{\"customer_id\":null,\"name\":\"nobody\",\"updated_at\":\"2024-01-01 00:00:00\"}");
    }

    @Test
    void pipelineListsEveryFailureOfARowAndDedupesOnlyRowsThatPassed() throws Exception {
        execute("CREATE TABLE dim.country_codes (code VARCHAR, name VARCHAR)");
        execute("INSERT INTO dim.country_codes VALUES ('DE', 'Germany'), ('FR', 'France')");
        execute("CREATE TABLE ods.shop_customers (customer_id INTEGER, name VARCHAR, email VARCHAR, country VARCHAR, "
                + "score INTEGER, age VARCHAR, signup VARCHAR, birthday VARCHAR, phone VARCHAR, updated_at TIMESTAMP)");
        execute("""
                INSERT INTO ods.shop_customers VALUES
                (1, ' Ann ', ' Ann@Example.com ', 'de', NULL, '34', '2024-01-05', '1990-05-17', '+49 (30) 1234', '2024-01-01 10:00'),
                (1, 'Ann B', 'bad', 'DE', 3, 'abc', '2024-01-06', NULL, NULL, '2024-02-01 10:00'),
                (2, 'Bob', 'bob@example.com', NULL, 5, '200', NULL, '17/05/1985', NULL, '2024-01-01 00:00'),
                (3, 'Cy', 'cy@example.com', 'fr', 7, '40', 'soon', '19800101', '555-0100', '2024-01-01 00:00'),
                (4, 'Di old', 'di@example.com', 'zz', NULL, NULL, NULL, NULL, NULL, '2024-01-01 00:00'),
                (4, 'Di', 'DI@example.com', 'zz', NULL, NULL, NULL, NULL, NULL, '2024-06-01 00:00'),
                (5, 'Ed', 'ed@example.com', 'uk', 1, '20', '2024-01-05', '1990/05/17', NULL, '2024-01-01 00:00')
                """);
        YamlDocument yaml = YamlDocument.parse("shop.yaml", """
                - name: clean_customers
                  kind: clean
                  input: ods.shop_customers
                  output: dwd.customers
                  ops:
                    - trim: [name, email]
                    - case: {upper: [country], lower: [email]}
                    - default: {country: 'UNKNOWN', score: 0}
                    - cast: {age: INTEGER, signup: DATE}
                    - parse_date: {column: birthday, formats: ['%Y-%m-%d', '%d/%m/%Y', '%Y%m%d']}
                    - regex_validate: {column: email, pattern: '^[^@]+@[^@]+\\.[^@]+$'}
                    - regex_replace: {column: phone, pattern: '[^0-9]', replacement: ''}
                    - map_values: {column: country, table: dim.country_codes, from: code, to: name, unmatched: keep}
                    - mask: {column: email, method: hash}
                    - range: {column: age, min: 0, max: 150}
                    - dedupe: {key: [customer_id], latest_by: updated_at}
                """);
        CleanSpec spec = CleanSpec.parse(TableName.parse(yaml.root().at("/0/input").asText(), null),
                TableName.parse(yaml.root().at("/0/output").asText(), null), opNodes(yaml, "/0/ops"));

        CompiledClean compiled = CleanCompiler.compile(spec, describe("ods.shop_customers"));

        assertThat(clean(compiled)).containsExactly(
                "1|Ann|" + sha256("ann@example.com") + "|Germany|0|34|2024-01-05|1990-05-17|49301234|2024-01-01 10:00:00.0",
                "4|Di|" + sha256("di@example.com") + "|ZZ|0|null|null|null|null|2024-06-01 00:00:00.0");
        assertThat(rows("SELECT original->>'name', reason FROM (" + compiled.rejectsSelect() + ") ORDER BY 1")).containsExactly(
                "Ann B|cast age: cannot cast 'abc' to INTEGER; regex_validate email: 'bad' does not match ^[^@]+@[^@]+\\.[^@]+$",
                "Bob|range age: 200 is above the maximum 150",
                "Cy|cast signup: cannot cast 'soon' to DATE",
                "Di old|" + DEDUPE_REASON,
                "Ed|parse_date birthday: '1990/05/17' matches none of the formats %Y-%m-%d, %d/%m/%Y, %Y%m%d");
        assertThat(rows("SELECT original FROM (" + compiled.rejectsSelect() + ") WHERE original->>'name' = 'Ann B'"))
                .containsExactly("{\"customer_id\":1,\"name\":\"Ann B\",\"email\":\"bad\",\"country\":\"DE\",\"score\":3,"
                        + "\"age\":\"abc\",\"signup\":\"2024-01-06\",\"birthday\":null,\"phone\":null,"
                        + "\"updated_at\":\"2024-02-01 10:00:00\"}");
        assertThat(rows("SELECT DISTINCT typeof(reason), typeof(original), typeof(rejected_at), rejected_at IS NOT NULL FROM ("
                + compiled.rejectsSelect() + ")")).containsExactly("VARCHAR|VARCHAR|TIMESTAMP WITH TIME ZONE|true");
        assertThat(compiled.outputColumns()).containsExactly(
                Column.of("customer_id", DataType.INTEGER), Column.of("name", DataType.STRING),
                Column.of("email", DataType.STRING), Column.of("country", DataType.STRING),
                Column.of("score", DataType.INTEGER), Column.of("age", DataType.INTEGER), Column.of("signup", DataType.DATE),
                Column.of("birthday", DataType.DATE), Column.of("phone", DataType.STRING),
                Column.of("updated_at", DataType.TIMESTAMP));
        assertThat(describeSelect(compiled.cleanSelect())).isEqualTo(compiled.outputColumns());
    }

    static Stream<Arguments> invalidOps() {
        return Stream.of(
                Arguments.of("- trim: [name, nme]",
                        "op 1 (trim): column 'nme' does not exist (columns: id, name, age)"),
                Arguments.of("- trim: [name]\n- trimm: [name]",
                        "test.yaml:2:3: op 2: unknown op 'trimm' (ops: trim, case, default, cast, parse_date, regex_validate, "
                                + "regex_replace, map_values, mask, range, dedupe)"),
                Arguments.of("- {trim: [name], case: {upper: [name]}}",
                        "test.yaml:1:3: op 1: expected a map with one key naming the op, e.g. {trim: [name]}"),
                Arguments.of("- regex_validate: {column: name, pattern: '[a-z'}",
                        "test.yaml:1:3: op 1 (regex_validate): field 'pattern': '[a-z' is not a valid RE2 regular expression "
                                + "(error parsing regexp: missing closing ]: `[a-z`)"),
                Arguments.of("- regex_replace: {column: name, pattern: '(?=a)b', replacement: x}",
                        "test.yaml:1:3: op 1 (regex_replace): field 'pattern': '(?=a)b' is not a valid RE2 regular expression "
                                + "(error parsing regexp: invalid or unsupported Perl syntax: `(?=`)"),
                Arguments.of("- cast: {age: INTEGR}",
                        "test.yaml:1:3: op 1 (cast): field 'age': unknown type 'INTEGR' (types: BOOLEAN, TINYINT, SMALLINT, "
                                + "INTEGER, BIGINT, HUGEINT, FLOAT, DOUBLE, DECIMAL(p,s), VARCHAR, JSON, DATE, TIME, TIMESTAMP, "
                                + "TIMESTAMPTZ, UUID, BLOB)"),
                Arguments.of("- cast: {age: 'INTEGER[]'}",
                        "test.yaml:1:3: op 1 (cast): field 'age': cannot cast to the list type INTEGER[]"),
                Arguments.of("- trim: [id]",
                        "op 1 (trim): column 'id' is INTEGER; trim needs a VARCHAR column (cast it first)"),
                Arguments.of("- cast: {age: INTEGER}\n- regex_validate: {column: age, pattern: '[0-9]+'}",
                        "op 2 (regex_validate): column 'age' is INTEGER; regex_validate needs a VARCHAR column (cast it first)"),
                Arguments.of("- case: {upper: [name], lower: [NAME]}",
                        "op 1 (case): column 'name' is named twice"),
                Arguments.of("- parse_date: {column: name, formats: ['%Y-%Q']}",
                        "test.yaml:1:3: op 1 (parse_date): field 'formats': '%Y-%Q' has the unknown specifier '%Q'"),
                Arguments.of("- default: {id: zero}",
                        "op 1 (default): field 'id': 'zero' is not a valid INTEGER"),
                Arguments.of("- default: {name: null}",
                        "test.yaml:1:3: op 1 (default): field 'name': needs a value, not null"),
                Arguments.of("- range: {column: name, min: 0}",
                        "op 1 (range): column 'name' is VARCHAR; range needs a number, date or time column (cast it first)"),
                Arguments.of("- range: {column: id, min: 10, max: 5}",
                        "test.yaml:1:3: op 1 (range): field 'min': 10 is greater than max 5"),
                Arguments.of("- range: {column: id, max: ten}",
                        "op 1 (range): field 'max': 'ten' is not a number"),
                Arguments.of("- regex_validate: {column: name, patern: x}",
                        "test.yaml:1:3: op 1 (regex_validate): unknown field 'patern' (fields: column, pattern)"),
                Arguments.of("- regex_validate: {column: name}",
                        "test.yaml:1:3: op 1 (regex_validate): field 'pattern' is missing"),
                Arguments.of("- mask: {column: name, method: scramble}",
                        "test.yaml:1:3: op 1 (mask): field 'method': 'scramble' is not one of hash, partial"),
                Arguments.of("- mask: {column: name, method: hash, keep_first: 2}",
                        "test.yaml:1:3: op 1 (mask): fields 'keep_first' and 'keep_last' apply to method partial, not hash"),
                Arguments.of("- map_values: {column: name, table: codes, from: code, to: label}",
                        "test.yaml:1:3: op 1 (map_values): field 'table': Invalid table name 'codes': expected <namespace>.<table>"),
                Arguments.of("- dedupe: {key: [], latest_by: id}",
                        "test.yaml:1:3: op 1 (dedupe): field 'key': needs at least one column"),
                Arguments.of("[]",
                        "Clean node writing dwd.clean: 'ops' needs at least one op"));
    }

    @ParameterizedTest
    @MethodSource("invalidOps")
    void invalidOpsAreRefusedNamingTheOpAndField(String opsYaml, String message) {
        List<Column> columns = List.of(Column.of("id", DataType.INTEGER), Column.of("name", DataType.STRING),
                Column.of("age", DataType.STRING));
        assertThatThrownBy(() -> CleanCompiler.compile(
                CleanSpec.parse(RAW, CLEAN, opNodes(YamlDocument.parse("test.yaml", opsYaml), "")), columns))
                .isInstanceOfSatisfying(ZhongtaiException.class,
                        e -> assertThat(e.kind()).isEqualTo(ZhongtaiException.Kind.INVALID_INPUT))
                .hasMessage(message);
    }

    @Test
    void inputColumnsCannotUseTheReservedPrefix() {
        CleanSpec spec = new CleanSpec(RAW, CLEAN, List.of(new CleanOp.Trim(List.of("name"))));
        List<Column> columns = List.of(Column.of("name", DataType.STRING), Column.of("__CLEAN_reason", DataType.STRING));

        assertThatThrownBy(() -> CleanCompiler.compile(spec, columns))
                .isInstanceOf(ZhongtaiException.class)
                .hasMessage("Cannot clean ods.raw: its column '__CLEAN_reason' starts with __clean_, which cleaning reserves "
                        + "for its own columns; rename the column");
    }

    private CompiledClean compile(String opsYaml) throws SQLException {
        return CleanCompiler.compile(CleanSpec.parse(RAW, CLEAN, opNodes(YamlDocument.parse("test.yaml", opsYaml), "")),
                describe("ods.raw"));
    }

    /** The ops list at {@code pointer}, each entry with its location, as the pipeline parser hands them over. */
    static List<CleanSpec.OpNode> opNodes(YamlDocument yaml, String pointer) {
        List<CleanSpec.OpNode> ops = new ArrayList<>();
        for (int i = 0; i < yaml.root().at(pointer).size(); i++) {
            JsonPointer at = JsonPointer.compile(pointer + "/" + i);
            ops.add(new CleanSpec.OpNode(yaml.root().at(at), yaml.where(path(at))));
        }
        return ops;
    }

    /** The document path ({@code [0].ops[2]}) of a JSON pointer ({@code /0/ops/2}). */
    private static String path(JsonPointer pointer) {
        StringBuilder path = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            path.append(p.getMatchingIndex() >= 0 ? "[" + p.getMatchingIndex() + "]" : (path.isEmpty() ? "" : ".") + p.getMatchingProperty());
        }
        return path.toString();
    }

    private List<Column> describe(String table) throws SQLException {
        return describeSelect("SELECT * FROM " + table);
    }

    /** The columns of a SELECT as DuckDB describes them. */
    private List<Column> describeSelect(String select) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE " + select)) {
            while (rs.next()) {
                columns.add(Column.of(rs.getString("column_name"), DataType.parse(rs.getString("column_type"))));
            }
        }
        return columns;
    }

    private List<String> clean(CompiledClean compiled) throws SQLException {
        return rows("SELECT * FROM (" + compiled.cleanSelect() + ") ORDER BY ALL");
    }

    private List<String> rejects(CompiledClean compiled) throws SQLException {
        return rows("SELECT reason, original FROM (" + compiled.rejectsSelect() + ") ORDER BY original");
    }

    /** Each row's values as text joined with '|'. */
    private List<String> rows(String select) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(select)) {
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    values.add(String.valueOf(rs.getString(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = duck.createStatement()) {
            st.execute(sql);
        }
    }

    private static String sha256(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }
}
