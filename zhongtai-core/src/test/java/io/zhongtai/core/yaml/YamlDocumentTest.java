package io.zhongtai.core.yaml;

import io.zhongtai.core.ZhongtaiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlDocumentTest {
    private static final String PIPELINE = """
            name: daily
            nodes:
              - name: a
                timeout: 10m
                tables: [x, y]
              - name: b
                timeout: soon
                tables: z
                colour: red
            """;

    @Test
    void listItemsAreReadAsSectionsWithPathsAndPositions() {
        YamlDocument doc = YamlDocument.parse("p.yaml", PIPELINE);
        List<YamlDocument.Section> nodes = doc.root("name", "nodes").sections("nodes", "name", "timeout", "tables");

        assertThat(nodes).extracting(YamlDocument.Section::path).containsExactly("nodes[0]", "nodes[1]");
        assertThat(nodes.get(0).duration("timeout")).contains(Duration.ofMinutes(10));
        assertThat(nodes.get(0).strings("tables")).containsExactly("x", "y");
        assertThat(nodes.get(1).strings("tables")).containsExactly("z");
        assertThat(nodes.get(1).duration("timeout")).isEmpty();
        assertThat(doc.where("nodes[1]")).isEqualTo("p.yaml:6:5");
        assertThat(doc.problems()).containsExactly(
                "p.yaml:9:5: nodes[1].colour: unknown key, expected one of name, timeout, tables",
                "p.yaml:7:14: nodes[1].timeout: must be a duration such as 30s, 10m, 2h or 1d, got 'soon'");
    }

    @Test
    void misspeltKeysGetASuggestionAndDuplicateKeysAreRefused() {
        YamlDocument doc = YamlDocument.parse("p.yaml", "nmae: x\n");
        doc.root("name", "nodes");
        assertThat(doc.problems()).containsExactly("p.yaml:1:1: nmae: unknown key, did you mean 'name'?");

        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "name: a\nname: b\n"))
                .isInstanceOf(ZhongtaiException.class)
                .hasMessageStartingWith("p.yaml:2:")
                .hasMessageContaining("Duplicate field 'name'");
    }

    @Test
    void syntaxErrorsNameTheLineAndColumn() {
        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "nodes:\n  - name: a\n   bad: [\n"))
                .isInstanceOf(ZhongtaiException.class)
                .hasMessageStartingWith("p.yaml:3:")
                .hasMessageContaining("syntax error");
    }
}
