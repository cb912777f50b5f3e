package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotTrainingTest {
    @TempDir
    Path dir;

    /** A training line that fails to parse would train the usage-error path instead of the command it names. */
    @Test
    void everyTrainingLineParsesAndStopsAtTheMissingDaemon() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AotTraining.run(dir, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("See 'berth").doesNotContain("Exception").doesNotContain("Unknown option");
        assertThat(output).contains("Cannot connect to the Berth daemon at unix://" + dir.resolve("no-daemon.sock"));
        assertThat(output).contains("\"replicas\": 2"); // compose config needs no daemon and prints the project
    }
}
