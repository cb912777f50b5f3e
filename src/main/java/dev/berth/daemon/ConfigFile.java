package dev.berth.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * berthd's configuration file, as dockerd's daemon.json: a JSON object whose keys are the long option names
 * without dashes ({@code {"bridge": "br1", "bip": "10.9.0.0/16"}}). Flags on the command line win over the
 * file, the file over the built-in defaults. An unknown key or a value that is not a string, number or boolean
 * is an error naming it, so a typo never passes silently.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {
    static final Path DEFAULT = Path.of("/etc/berth/daemon.json");

    private final Map<String, String> values;

    private ConfigFile(Map<String, String> values) {
        this.values = values;
    }

    /** Reads {@code file}; a missing file is an empty configuration only when it is the default one. */
    static ConfigFile read(Path file, boolean explicit, CommandLine.Model.CommandSpec spec) {
        if (!Files.exists(file)) {
            if (explicit) {
                throw BerthException.invalid("config file " + file + " does not exist");
            }
            return new ConfigFile(Map.of());
        }
        JsonNode root;
        try {
            root = Json.parse(Files.readAllBytes(file), JsonNode.class, "config file " + file);
        } catch (IOException e) {
            throw BerthException.invalid("cannot read config file " + file + ": " + e.getMessage());
        }
        if (!root.isObject()) {
            throw BerthException.invalid("config file " + file + " must hold a JSON object");
        }
        Map<String, String> values = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        root.fields().forEachRemaining(e -> {
            OptionSpec option = spec.findOption("--" + e.getKey());
            if (option == null || e.getKey().equals("config-file") || option.usageHelp() || option.versionHelp()) {
                unknown.add(e.getKey());
            } else if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw BerthException.invalid("config file " + file + ": \"" + e.getKey() + "\" must be a string, number or boolean");
            } else {
                values.put(option.longestName(), e.getValue().asText());
            }
        });
        if (!unknown.isEmpty()) {
            throw BerthException.invalid("config file " + file + ": unknown keys " + unknown + " (keys are berthd's long options without --)");
        }
        return new ConfigFile(values);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec option ? values.get(option.longestName()) : null;
    }
}
