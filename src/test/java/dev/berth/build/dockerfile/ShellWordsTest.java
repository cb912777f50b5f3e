package dev.berth.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Cases from Docker's shell lexer behaviour (buildkit frontend/dockerfile/shell envVarTest). */
class ShellWordsTest {
    private static final Map<String, String> VARS = Map.of("PWD", "/home", "SHELL", "bash", "EMPTY", "", "A", "a b");
    private static final Function<String, Optional<String>> LOOKUP = name -> Optional.ofNullable(VARS.get(name));

    private static String word(String text) {
        return ShellWords.word(text, '\\', LOOKUP);
    }

    @Test
    void plainAndBracedVariables() {
        assertThat(word("$PWD")).isEqualTo("/home");
        assertThat(word("${PWD}/x")).isEqualTo("/home/x");
        assertThat(word("$PWD$SHELL")).isEqualTo("/homebash");
        assertThat(word("$UNSET-x")).isEqualTo("-x");
        assertThat(word("he$PWD.txt")).isEqualTo("he/home.txt");
        assertThat(word("$")).isEqualTo("$");
        assertThat(word("a$/b")).isEqualTo("a$/b");
        assertThat(word("$1x")).isEqualTo("x");
    }

    @Test
    void modifiers() {
        assertThat(word("${UNSET:-default}")).isEqualTo("default");
        assertThat(word("${EMPTY:-default}")).isEqualTo("default");
        assertThat(word("${EMPTY-default}")).isEqualTo("");
        assertThat(word("${UNSET-default}")).isEqualTo("default");
        assertThat(word("${PWD:-default}")).isEqualTo("/home");
        assertThat(word("${PWD:+alt}")).isEqualTo("alt");
        assertThat(word("${EMPTY:+alt}")).isEqualTo("");
        assertThat(word("${EMPTY+alt}")).isEqualTo("alt");
        assertThat(word("${UNSET:-$PWD/sub}")).isEqualTo("/home/sub");
        assertThatThrownBy(() -> word("${UNSET:?must be set}")).isInstanceOf(BerthException.class).hasMessageContaining("UNSET: must be set");
        assertThatThrownBy(() -> word("${PWD")).hasMessageContaining("missing '}'");
        assertThatThrownBy(() -> word("${PWD%x}")).hasMessageContaining("unsupported modifier");
    }

    @Test
    void quotesAndEscapes() {
        assertThat(word("'$PWD'")).isEqualTo("$PWD");
        assertThat(word("\"$PWD\"")).isEqualTo("/home");
        assertThat(word("\\$PWD")).isEqualTo("$PWD");
        assertThat(word("\"\\$PWD\"")).isEqualTo("$PWD");
        assertThat(word("\"a\\b\"")).isEqualTo("a\\b");
        assertThat(word("\"say \\\"hi\\\"\"")).isEqualTo("say \"hi\"");
        assertThat(word("a\\ b")).isEqualTo("a b");
        assertThat(word("  spaced  $A ")).isEqualTo("  spaced  a b ");
        assertThat(ShellWords.word("`$PWD", '`', LOOKUP)).isEqualTo("$PWD");
        assertThatThrownBy(() -> word("\"open")).hasMessageContaining("matching double-quote");
        assertThatThrownBy(() -> word("'open")).hasMessageContaining("matching single-quote");
    }

    @Test
    void wordsSplitOnUnquotedWhitespaceAfterSubstitutionOfTheText() {
        assertThat(ShellWords.words("80/tcp \"8080 \"  ${PORT:-9090}", '\\', LOOKUP)).containsExactly("80/tcp", "8080 ", "9090");
    }

    @Test
    void expandOnlyKeepsQuotes() {
        assertThat(ShellWords.expandOnly("echo \"$PWD\" '$SHELL' \\$x\n", '\\', LOOKUP)).isEqualTo("echo \"/home\" '$SHELL' \\$x\n");
    }
}
