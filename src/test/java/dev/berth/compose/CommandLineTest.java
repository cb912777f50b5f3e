package dev.berth.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void splitsOnBlanksOutsideQuotes() {
        assertThat(CommandLine.split("  echo   hello\tworld ")).containsExactly("echo", "hello", "world");
        assertThat(CommandLine.split("echo 'a  b' \"c d\" e\\ f")).containsExactly("echo", "a  b", "c d", "e f");
        assertThat(CommandLine.split("sh -c 'echo $HOME'")).containsExactly("sh", "-c", "echo $HOME");
        assertThat(CommandLine.split("a'b'\"c\"d")).containsExactly("abcd");
        assertThat(CommandLine.split("echo '' \"\"")).containsExactly("echo", "", "");
        assertThat(CommandLine.split("")).isEmpty();
    }

    @Test
    void doubleQuotesEscapeOnlyTheirSpecialCharacters() {
        assertThat(CommandLine.split("\"a \\\"b\\\" \\\\ \\$ \\n\"")).containsExactly("a \"b\" \\ $ \\n");
        assertThat(CommandLine.split("'it''s'")).containsExactly("its");
    }

    @Test
    void rejectsUnclosedQuotesAndShellOperators() {
        assertThatThrownBy(() -> CommandLine.split("echo 'open")).hasMessageContaining("unclosed ' quote");
        assertThatThrownBy(() -> CommandLine.split("echo \"open")).hasMessageContaining("unclosed \" quote");
        assertThatThrownBy(() -> CommandLine.split("make && make install")).hasMessageContaining("shell operator &")
                .hasMessageContaining("[\"sh\", \"-c\", \"...\"]");
        assertThat(CommandLine.split("echo 'a && b' \"c | d\" e\\;")).containsExactly("echo", "a && b", "c | d", "e;");
    }
}
