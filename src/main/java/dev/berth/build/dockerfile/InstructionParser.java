package dev.berth.build.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.build.dockerfile.Instruction.ArgDeclaration;
import dev.berth.build.dockerfile.Instruction.Command;
import dev.berth.build.dockerfile.Instruction.Heredoc;
import dev.berth.build.dockerfile.Instruction.KeyValue;
import dev.berth.build.dockerfile.Instruction.Location;
import dev.berth.common.BerthException;
import dev.berth.common.GoDuration;
import dev.berth.common.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses the arguments of one instruction, following each instruction's rules in buildkit's parser and instructions. */
final class InstructionParser {
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final Set<String> NONE = Set.of();

    private final Location at;
    private final String keyword;
    private final Flags flags;
    private final String rest;
    private final char escape;

    InstructionParser(Location at, String keyword, Flags flags, String rest, char escape) {
        this.at = at;
        this.keyword = keyword;
        this.flags = flags;
        this.rest = rest.strip();
        this.escape = escape;
    }

    static BerthException error(Location at, String problem) {
        return BerthException.invalid("Dockerfile parse error in " + at + ": " + problem);
    }

    Instruction.From from() {
        flags.allow(Set.of("platform"));
        List<String> words = whitespaceWords();
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
            String name = words.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(name).matches()) {
                throw error(at, "invalid name for build stage: \"" + words.get(2)
                        + "\", name can't start with a number or contain symbols");
            }
            return new Instruction.From(at, words.get(0), Optional.of(name), flags.string("platform"));
        }
        if (words.size() != 1) {
            throw error(at, "FROM requires either one or three arguments (FROM image [AS name])");
        }
        return new Instruction.From(at, words.get(0), Optional.empty(), flags.string("platform"));
    }

    Instruction.Arg arg() {
        flags.allow(NONE);
        List<ArgDeclaration> declarations = new ArrayList<>();
        for (String word : requireWords()) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            if (name.isEmpty()) {
                throw error(at, "ARG names can not be blank");
            }
            declarations.add(new ArgDeclaration(name, eq < 0 ? Optional.empty() : Optional.of(word.substring(eq + 1))));
        }
        return new Instruction.Arg(at, declarations);
    }

    Instruction.Env env() {
        flags.allow(NONE);
        return new Instruction.Env(at, keyValues());
    }

    Instruction.Label label() {
        flags.allow(NONE);
        return new Instruction.Label(at, keyValues());
    }

    Instruction.Run run(List<Heredoc> heredocs) {
        if (flags.values().containsKey("mount") || flags.values().containsKey("network") || flags.values().containsKey("security")) {
            throw error(at, "RUN --" + flags.values().keySet().iterator().next()
                    + " is a BuildKit feature that Berth's builder does not support yet");
        }
        flags.allow(NONE);
        return new Instruction.Run(at, command(), heredocs);
    }

    Instruction.Cmd cmd() {
        flags.allow(NONE);
        return new Instruction.Cmd(at, command());
    }

    Instruction.Entrypoint entrypoint() {
        flags.allow(NONE);
        return new Instruction.Entrypoint(at, command());
    }

    Instruction.Copy copy(List<Heredoc> heredocs) {
        boolean add = keyword.equals("ADD");
        flags.allow(add ? Set.of("chown", "chmod", "link", "checksum", "keep-git-dir") : Set.of("from", "chown", "chmod", "link", "parents"));
        flags.bool("link"); // accepted: every layer Berth writes is independent of its parent's content anyway
        if (flags.bool("parents")) {
            throw error(at, "COPY --parents is not supported yet");
        }
        if (add && flags.values().containsKey("checksum")) {
            throw error(at, "ADD --checksum needs a remote source, which Berth's offline builder does not fetch");
        }
        List<String> paths = jsonOrWhitespaceWords();
        if (paths.size() < 2) {
            throw error(at, keyword + " requires at least two arguments, but only " + paths.size()
                    + " provided (" + keyword + " SOURCE... DEST)");
        }
        Optional<String> chmod = flags.string("chmod");
        chmod.filter(m -> !m.matches("[0-7]{3,4}") && !m.contains("$")).ifPresent(m -> {
            throw error(at, "invalid --chmod=" + m + ": use an octal mode such as 755 or 0644");
        });
        return new Instruction.Copy(at, add, paths.subList(0, paths.size() - 1), paths.getLast(),
                add ? Optional.empty() : flags.string("from"), flags.string("chown"), chmod, heredocs);
    }

    Instruction.Workdir workdir() {
        flags.allow(NONE);
        return new Instruction.Workdir(at, requireRest());
    }

    Instruction.User user() {
        flags.allow(NONE);
        return new Instruction.User(at, requireRest());
    }

    Instruction.Expose expose() {
        flags.allow(NONE);
        requireRest();
        return new Instruction.Expose(at, whitespaceWords());
    }

    Instruction.Volume volume() {
        flags.allow(NONE);
        List<String> paths = jsonOrWhitespaceWords();
        if (paths.isEmpty() || paths.stream().anyMatch(String::isBlank)) {
            throw error(at, "VOLUME specified can not be an empty string");
        }
        return new Instruction.Volume(at, paths);
    }

    Instruction.StopSignal stopSignal() {
        flags.allow(NONE);
        return new Instruction.StopSignal(at, requireRest());
    }

    Instruction.Healthcheck healthcheck() {
        flags.allow(Set.of("interval", "timeout", "start-period", "start-interval", "retries"));
        String[] split = requireRest().split("\\s+", 2);
        String type = split[0].toUpperCase(Locale.ROOT);
        if (type.equals("NONE")) {
            if (split.length > 1 || !flags.values().isEmpty()) {
                throw error(at, "HEALTHCHECK NONE takes no arguments or flags");
            }
            return new Instruction.Healthcheck(at, List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
        }
        if (!type.equals("CMD") || split.length < 2) {
            throw error(at, "HEALTHCHECK needs NONE or CMD followed by a command, not: " + rest);
        }
        Command command = parseCommand(split[1].strip());
        List<String> test = new ArrayList<>(List.of(command.shellForm() ? "CMD-SHELL" : "CMD"));
        test.addAll(command.args());
        int retries = flags.string("retries").map(this::retries).orElse(0);
        return new Instruction.Healthcheck(at, test, interval("interval"), interval("timeout"), interval("start-period"),
                interval("start-interval"), retries);
    }

    Instruction.Shell shell() {
        flags.allow(NONE);
        Optional<List<String>> json = jsonArray(requireRest());
        if (json.isEmpty() || json.get().isEmpty()) {
            throw error(at, "SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/sh\", \"-c\"]");
        }
        return new Instruction.Shell(at, json.get());
    }

    Instruction.Maintainer maintainer() {
        flags.allow(NONE);
        return new Instruction.Maintainer(at, requireRest());
    }

    void requireNoFlags() {
        flags.allow(NONE);
    }

    /** Exec form when the text is a JSON array of strings, else shell form; invalid JSON is shell form, as in Docker. */
    private Command command() {
        return parseCommand(requireRest());
    }

    private Command parseCommand(String text) {
        return jsonArray(text).map(args -> new Command(args, false)).orElseGet(() -> Command.shell(text));
    }

    private Optional<List<String>> jsonArray(String text) {
        if (!text.startsWith("[")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(text, new TypeReference<List<String>>() {}));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private List<String> jsonOrWhitespaceWords() {
        return jsonArray(rest).orElseGet(this::whitespaceWords);
    }

    private List<String> whitespaceWords() {
        return rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\\s+"));
    }

    private String requireRest() {
        if (rest.isEmpty()) {
            throw error(at, keyword + " requires at least one argument");
        }
        return rest;
    }

    private List<String> requireWords() {
        List<String> words = QuotedWords.split(rest, escape);
        if (words.isEmpty()) {
            throw error(at, keyword + " requires at least one argument");
        }
        return words;
    }

    /**
     * ENV and LABEL: {@code k=v k2="v 2"} pairs, or the legacy {@code ENV k v w} (one key, the rest of the line as
     * its value). Quotes stay in the values until substitution removes them.
     */
    private List<KeyValue> keyValues() {
        List<String> words = requireWords();
        if (!words.getFirst().contains("=")) {
            String[] legacy = rest.split("\\s+", 2);
            if (legacy.length < 2) {
                throw error(at, keyword + " must have two arguments (" + keyword + " key value, or " + keyword + " key=value ...)");
            }
            return List.of(new KeyValue(legacy[0], legacy[1]));
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw error(at, "syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
            }
            if (eq == 0) {
                throw error(at, keyword + " names can not be blank");
            }
            pairs.add(new KeyValue(word.substring(0, eq), word.substring(eq + 1)));
        }
        return pairs;
    }

    private Duration interval(String flag) {
        return flags.string(flag).map(text -> {
            Duration d = GoDuration.parse(text).orElseThrow(() -> error(at, "invalid duration for --" + flag + ": \"" + text
                    + "\" (use e.g. 30s, 1m30s, 500ms)"));
            if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
                throw error(at, "--" + flag + " cannot be less than 1ms");
            }
            return d;
        }).orElse(Duration.ZERO);
    }

    private int retries(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw error(at, "--retries cannot be negative (" + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw error(at, "--retries must be a whole number, not: " + text);
        }
    }
}
