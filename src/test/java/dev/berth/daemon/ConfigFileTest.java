package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigFileTest {
    @TempDir
    Path dir;

    private Berthd parse(Path file, String... args) {
        Berthd berthd = new Berthd();
        CommandLine line = new CommandLine(berthd);
        line.setDefaultValueProvider(ConfigFile.read(file, true, line.getCommandSpec()));
        line.parseArgs(args);
        return berthd;
    }

    @Test
    void fileValuesSitBetweenDefaultsAndFlags() throws Exception {
        Path file = Files.writeString(dir.resolve("daemon.json"), """
                {"bridge": "br9", "bip": "10.9.0.0/16", "data-root": "/srv/berth"}""");
        Berthd fromFile = parse(file);
        assertThat(fromFile.bridge).isEqualTo("br9");
        assertThat(fromFile.bip).isEqualTo("10.9.0.0/16");
        assertThat(fromFile.dataRoot).isEqualTo(Path.of("/srv/berth"));
        assertThat(fromFile.pool).isEqualTo("10.78.0.0/15");
        assertThat(parse(file, "--bip", "10.8.0.0/16").bip).isEqualTo("10.8.0.0/16");
    }

    @Test
    void unknownKeysWrongTypesAndMissingFilesAreNamed() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.json"), "{\"brdge\": \"x\", \"bip\": \"10.9.0.0/16\"}");
        assertThatThrownBy(() -> parse(typo)).hasMessageContaining("unknown keys [brdge]");
        Path nested = Files.writeString(dir.resolve("nested.json"), "{\"bridge\": {\"name\": \"x\"}}");
        assertThatThrownBy(() -> parse(nested)).hasMessageContaining("\"bridge\" must be a string");
        Path array = Files.writeString(dir.resolve("array.json"), "[1]");
        assertThatThrownBy(() -> parse(array)).hasMessageContaining("must hold a JSON object");
        assertThatThrownBy(() -> parse(dir.resolve("none.json"))).hasMessageContaining("does not exist");
        CommandLine line = new CommandLine(new Berthd());
        assertThat(ConfigFile.read(dir.resolve("none.json"), false, line.getCommandSpec()).defaultValue(
                line.getCommandSpec().findOption("--bip"))).isNull();
    }
}
