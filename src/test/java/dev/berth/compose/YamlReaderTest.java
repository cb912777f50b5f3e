package dev.berth.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
    private static YamlNode.Mapping parse(String yaml) {
        return YamlReader.parse(yaml, "compose.yaml");
    }

    private static YamlNode.Mapping mapping(YamlNode node) {
        return (YamlNode.Mapping) node;
    }

    private static String text(YamlNode node) {
        return ((YamlNode.Scalar) node).text();
    }

    @Test
    void keepsScalarsAsWrittenAndTellsNullApart() {
        YamlNode.Mapping root = parse("mode: 0440\nflag: yes\nratio: 1.50\nquoted: \"null\"\nnothing: ~\nempty:\n");
        assertThat(text(root.entries().get("mode"))).isEqualTo("0440");
        assertThat(text(root.entries().get("flag"))).isEqualTo("yes");
        assertThat(text(root.entries().get("ratio"))).isEqualTo("1.50");
        assertThat(text(root.entries().get("quoted"))).isEqualTo("null");
        assertThat(root.entries().get("nothing")).isInstanceOf(YamlNode.Null.class);
        assertThat(root.entries().get("empty")).isInstanceOf(YamlNode.Null.class);
        assertThat(root.entries().keySet()).containsExactly("mode", "flag", "ratio", "quoted", "nothing", "empty");
        assertThat(root.origin()).isEqualTo("compose.yaml");
    }

    @Test
    void resolvesAnchorsOnMappingsAndScalars() {
        YamlNode.Mapping root = parse("""
                x-image: &image nginx:1
                x-env: &env {A: "1"}
                a: {image: *image, environment: *env}
                """);
        YamlNode.Mapping a = mapping(root.entries().get("a"));
        assertThat(text(a.entries().get("image"))).isEqualTo("nginx:1");
        assertThat(text(mapping(a.entries().get("environment")).entries().get("A"))).isEqualTo("1");
    }

    @Test
    void appliesMergeKeysWithTheMappingsOwnKeysWinning() {
        YamlNode.Mapping root = parse("""
                x-base: &base {image: base, restart: always}
                x-more: &more {restart: no, user: "1000", image: more}
                web:
                  image: mine
                  <<: [*base, *more]
                """);
        YamlNode.Mapping web = mapping(root.entries().get("web"));
        assertThat(text(web.entries().get("image"))).isEqualTo("mine");
        assertThat(text(web.entries().get("restart"))).as("the first merged mapping wins over later ones").isEqualTo("always");
        assertThat(text(web.entries().get("user"))).isEqualTo("1000");
    }

    @Test
    void keepsComposeMergeTags() {
        YamlNode.Mapping root = parse("ports: !reset []\ncommand: !override [a]\nenv: !reset null\n");
        assertThat(root.entries().get("ports").tag()).isEqualTo(YamlNode.MergeTag.RESET);
        assertThat(root.entries().get("command").tag()).isEqualTo(YamlNode.MergeTag.OVERRIDE);
        assertThat(root.entries().get("env").tag()).isEqualTo(YamlNode.MergeTag.RESET);
        assertThat(parse("a: !!str 12\n").entries().get("a").tag()).isEqualTo(YamlNode.MergeTag.NONE);
    }

    @Test
    void rejectsWhatIsNotAComposeDocument() {
        assertThatThrownBy(() -> parse("")).isInstanceOf(BerthException.class).hasMessage("compose.yaml: the file is empty; a compose file needs at least a services: section");
        assertThatThrownBy(() -> parse("- a\n- b\n")).hasMessageContaining("the top level must be a mapping").hasMessageContaining("not a list");
        assertThatThrownBy(() -> parse("a: 1\na: 2\n")).hasMessage("compose.yaml: line 2: duplicate key \"a\"");
        assertThatThrownBy(() -> parse("a: !Ref b\n")).hasMessageContaining("line 1: unknown YAML tag !Ref");
        assertThatThrownBy(() -> parse("a: [1\n")).hasMessage("compose.yaml: invalid YAML at line 2, column 1: while parsing a flow"
                + " sequence, expected ',' or ']', but got <stream end>");
        assertThatThrownBy(() -> parse("a: *nowhere\n")).hasMessageContaining("invalid YAML").hasMessageContaining("nowhere");
        assertThatThrownBy(() -> parse("a: 1\n---\nb: 2\n")).hasMessageContaining("expected a single document");
        assertThatThrownBy(() -> parse("web:\n  <<: just-text\n")).hasMessageContaining("a merge key (<<) takes a mapping");
    }

    @Test
    void boundsAliasExpansion() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 6; i++) {
            String previous = "*a" + (i - 1);
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", List.of(previous, previous, previous, previous, previous, previous, previous, previous,
                            previous, previous))).append("]\n");
        }
        assertThatThrownBy(() -> parse(yaml.toString())).hasMessageContaining("nests or repeats (through aliases) too much");
    }
}
