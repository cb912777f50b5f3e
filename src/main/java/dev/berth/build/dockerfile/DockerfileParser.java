package dev.berth.build.dockerfile;

import dev.berth.build.dockerfile.Dockerfile.Stage;
import dev.berth.build.dockerfile.Instruction.Arg;
import dev.berth.build.dockerfile.Instruction.From;
import dev.berth.build.dockerfile.Instruction.Heredoc;
import dev.berth.build.dockerfile.Instruction.Location;
import dev.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Dockerfile into instructions as Docker's parser does (buildkit frontend/dockerfile/parser): parser
 * directives only at the very top, comment lines dropped (also inside continuations), a line continued by the
 * escape character at its end (trailing blanks allowed), empty continuation lines skipped, continuation lines
 * joined with their leading whitespace kept, flags ({@code --name=value}) taken off the front, here-documents
 * read for RUN, COPY and ADD. Errors are INVALID_ARGUMENT naming the file and line.
 */
final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)(['\"]?)([A-Za-z0-9_.-]+)\\3$");

    private final String file;
    private final List<String> lines;
    private char escape = '\\';
    private int next;

    private DockerfileParser(String file, String content) {
        this.file = file;
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        this.lines = text.lines().toList();
    }

    static Dockerfile parse(String file, String content) {
        DockerfileParser parser = new DockerfileParser(file, content);
        return parser.toStages(parser.readAll());
    }

    static Dockerfile.Fragment parseFragment(String file, String content) {
        DockerfileParser parser = new DockerfileParser(file, content);
        List<Instruction> instructions = parser.readAll();
        return new Dockerfile.Fragment(parser.escape, instructions);
    }

    private List<Instruction> readAll() {
        readDirectives();
        List<Instruction> instructions = new ArrayList<>();
        for (Optional<Instruction> i = nextInstruction(); i.isPresent(); i = nextInstruction()) {
            instructions.add(i.get());
        }
        return instructions;
    }

    static Instruction trigger(Location at, String text, char escape) {
        DockerfileParser parser = new DockerfileParser(at.file(), "");
        parser.escape = escape;
        return parser.instruction(at, text, false);
    }

    /** {@code # escape=`} and {@code # syntax=...} (accepted, ignored) until the first line that is not one. */
    private void readDirectives() {
        List<String> seen = new ArrayList<>();
        while (next < lines.size()) {
            Matcher m = DIRECTIVE.matcher(lines.get(next));
            if (!m.matches()) {
                return;
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (!List.of("escape", "syntax", "check").contains(name)) {
                return; // an unknown directive is a comment, and ends the directives
            }
            if (seen.contains(name)) {
                throw error(next + 1, "only one " + name + " parser directive can be used");
            }
            seen.add(name);
            if (name.equals("escape")) {
                String value = m.group(2);
                if (!value.equals("\\") && !value.equals("`")) {
                    throw error(next + 1, "invalid escape token '" + value + "' does not match ` or \\");
                }
                escape = value.charAt(0);
            }
            next++;
        }
    }

    /** The next instruction with its continuation lines and here-documents, or empty at the end of the file. */
    private Optional<Instruction> nextInstruction() {
        while (next < lines.size()) {
            int lineNumber = next + 1;
            String line = lines.get(next++).stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            StringBuilder joined = new StringBuilder();
            boolean continued = appendContinued(joined, line);
            while (continued && next < lines.size()) {
                String raw = lines.get(next++);
                String stripped = raw.stripLeading();
                if (stripped.startsWith("#") || stripped.isEmpty()) {
                    continue; // comments and empty lines inside a continuation are dropped, as Docker does
                }
                continued = appendContinued(joined, raw);
            }
            String text = joined.toString().strip();
            if (text.isEmpty()) {
                continue;
            }
            return Optional.of(instruction(new Location(file, lineNumber, text), text, true));
        }
        return Optional.empty();
    }

    /** Appends a line without its continuation mark; returns whether the instruction continues on the next line. */
    private boolean appendContinued(StringBuilder joined, String line) {
        String trimmed = line.replaceFirst("[ \\t]+$", "");
        if (!trimmed.isEmpty() && trimmed.charAt(trimmed.length() - 1) == escape) {
            joined.append(trimmed, 0, trimmed.length() - 1);
            return true;
        }
        joined.append(line);
        return false;
    }

    /** Parses one instruction's text; {@code topLevel} is false for the instruction inside ONBUILD. */
    private Instruction instruction(Location at, String text, boolean topLevel) {
        String[] split = text.split("\\s+", 2);
        String keyword = split[0].toUpperCase(Locale.ROOT);
        String afterKeyword = split.length > 1 ? split[1] : "";
        Flags flags = Flags.extract(afterKeyword, at, keyword);
        String rest = flags.rest();
        List<Heredoc> heredocs = List.of();
        if (topLevel && List.of("RUN", "COPY", "ADD").contains(keyword)) {
            heredocs = readHeredocs(at, rest);
        }
        InstructionParser p = new InstructionParser(at, keyword, flags, rest, escape);
        return switch (keyword) {
            case "FROM" -> p.from();
            case "ARG" -> p.arg();
            case "ENV" -> p.env();
            case "LABEL" -> p.label();
            case "RUN" -> p.run(heredocs);
            case "CMD" -> p.cmd();
            case "ENTRYPOINT" -> p.entrypoint();
            case "COPY", "ADD" -> p.copy(heredocs);
            case "WORKDIR" -> p.workdir();
            case "USER" -> p.user();
            case "EXPOSE" -> p.expose();
            case "VOLUME" -> p.volume();
            case "STOPSIGNAL" -> p.stopSignal();
            case "HEALTHCHECK" -> p.healthcheck();
            case "SHELL" -> p.shell();
            case "MAINTAINER" -> p.maintainer();
            case "ONBUILD" -> onBuild(at, p, rest);
            default -> throw error(at.line(), "unknown instruction: " + split[0]);
        };
    }

    private Instruction onBuild(Location at, InstructionParser p, String rest) {
        p.requireNoFlags();
        if (rest.isBlank()) {
            throw error(at.line(), "ONBUILD requires at least one argument");
        }
        String trigger = rest.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (List.of("ONBUILD", "FROM", "MAINTAINER").contains(trigger)) {
            throw error(at.line(), trigger.equals("ONBUILD") ? "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"
                    : trigger + " isn't allowed as an ONBUILD trigger");
        }
        instruction(at, rest.strip(), false); // the trigger must parse now, not only when a later build runs it
        return new Instruction.OnBuild(at, rest.strip());
    }

    /** Reads the bodies of the here-documents that {@code rest} opens, from the lines after the instruction. */
    private List<Heredoc> readHeredocs(Location at, String rest) {
        List<Heredoc> docs = new ArrayList<>();
        for (String word : rest.strip().split("\\s+")) {
            Matcher m = HEREDOC.matcher(word);
            if (!m.matches()) {
                continue;
            }
            boolean stripTabs = !m.group(2).isEmpty();
            String name = m.group(4);
            StringBuilder body = new StringBuilder();
            while (true) {
                if (next >= lines.size()) {
                    throw error(at.line(), "unterminated heredoc: no line '" + name + "' ends the heredoc <<" + name);
                }
                String line = lines.get(next++);
                String content = stripTabs ? line.replaceFirst("^\\t+", "") : line;
                if (content.equals(name)) {
                    break;
                }
                body.append(content).append('\n');
            }
            docs.add(new Heredoc(name, body.toString(), m.group(3).isEmpty()));
        }
        return docs;
    }

    /** Groups instructions into stages; only ARG may come before the first FROM. */
    private Dockerfile toStages(List<Instruction> instructions) {
        List<Arg> metaArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        From from = null;
        List<Instruction> body = new ArrayList<>();
        for (Instruction i : instructions) {
            if (i instanceof From f) {
                if (from != null) {
                    stages.add(new Stage(stages.size(), from, body));
                }
                from = f;
                body = new ArrayList<>();
            } else if (from != null) {
                body.add(i);
            } else if (i instanceof Arg a) {
                metaArgs.add(a);
            } else {
                throw error(i.at().line(), i.at().text().split("\\s+")[0].toUpperCase(Locale.ROOT)
                        + " before the first FROM: a Dockerfile must begin with FROM (only ARG may come before it)");
            }
        }
        if (from == null) {
            throw BerthException.invalid(file + ": the Dockerfile has no FROM instruction (is it empty?)");
        }
        stages.add(new Stage(stages.size(), from, body));
        return new Dockerfile(file, escape, metaArgs, stages);
    }

    private BerthException error(int line, String problem) {
        return InstructionParser.error(new Location(file, line, ""), problem);
    }
}
