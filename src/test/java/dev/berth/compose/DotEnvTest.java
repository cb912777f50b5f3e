package dev.berth.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DotEnvTest {
    private final List<String> warnings = new ArrayList<>();

    private Map<String, String> parse(String text) {
        return DotEnv.parse(text, ".env", name -> Optional.ofNullable(Map.of("SHELL_VAR", "shell").get(name)), warnings::add);
    }

    @Test
    void readsKeyValueLinesCommentsAndBlankLines() {
        assertThat(parse("""
                # a comment
                A=1

                  B = two  \s
                C: yaml style
                export D=exported
                E=
                """)).containsExactly(Map.entry("A", "1"), Map.entry("B", "two"), Map.entry("C", "yaml style"),
                Map.entry("D", "exported"), Map.entry("E", ""));
    }

    @Test
    void inlineCommentsNeedABlankBeforeThemInUnquotedValues() {
        assertThat(parse("A=VAL # comment\nB=VAL# not a comment\nC=\"VAL # not a comment\"\nD=\"VAL\" # comment\n"))
                .containsExactly(Map.entry("A", "VAL"), Map.entry("B", "VAL# not a comment"), Map.entry("C", "VAL # not a comment"),
                        Map.entry("D", "VAL"));
    }

    @Test
    void singleQuotesAreLiteralDoubleQuotesEscapeAndInterpolate() {
        Map<String, String> values = parse("""
                OTHER=x
                S='$OTHER ${OTHER} \\n'
                Q='Let\\'s go!'
                D="{\\"hello\\": \\"json\\"}"
                T="some\\tvalue\\n$OTHER"
                U=some\\tvalue
                """);
        assertThat(values).containsEntry("S", "$OTHER ${OTHER} \\n").containsEntry("Q", "Let's go!")
                .containsEntry("D", "{\"hello\": \"json\"}").containsEntry("T", "some\tvalue\nx").containsEntry("U", "some\\tvalue");
    }

    @Test
    void quotedValuesMaySpanLines() {
        assertThat(parse("KEY='SOME\nVALUE'\nNEXT=\"a\nb\"\nLAST=1\n"))
                .containsExactly(Map.entry("KEY", "SOME\nVALUE"), Map.entry("NEXT", "a\nb"), Map.entry("LAST", "1"));
    }

    @Test
    void interpolatesWithTheGivenVariablesAndEarlierLines() {
        assertThat(parse("A=a\nB=${A}-$SHELL_VAR\nC=${UNSET:-fallback}\nD='${A}'\n"))
                .containsEntry("B", "a-shell").containsEntry("C", "fallback").containsEntry("D", "${A}");
    }

    @Test
    void aBareNameTakesTheGivenVariableOrIsDropped() {
        assertThat(parse("SHELL_VAR\nUNSET\nexport SHELL_VAR\n")).containsExactly(Map.entry("SHELL_VAR", "shell"));
    }

    @Test
    void errorsNameFileAndLine() {
        assertThatThrownBy(() -> parse("A=1\nB C=2\n")).hasMessage("env file .env line 2: expected = after the variable name B");
        assertThatThrownBy(() -> parse("A=1\n\nB='open\n")).hasMessage("env file .env line 3: the value's ' quote is not closed");
        assertThatThrownBy(() -> parse("A=\"x\" y\n")).hasMessageContaining("line 1: unexpected text after the quoted value");
        assertThatThrownBy(() -> parse("A$=1\n")).hasMessageContaining("unexpected character '$' in a variable name");
        assertThatThrownBy(() -> parse("A=${NOPE:?needed}\n")).hasMessage("env file .env line 1: required variable NOPE is missing a value: needed");
    }

    @Test
    void dropsAByteOrderMark() {
        assertThat(parse("\uFEFFA=1\n")).containsExactly(Map.entry("A", "1"));
    }
}
