package dev.berth.build.dockerfile;

import dev.berth.build.dockerfile.Instruction.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --name[=value]} words at the front of an instruction, as Docker's BFlags reads them: a bare
 * {@code --} ends them, a flag may appear once, and each instruction names the flags it accepts.
 *
 * @param values flag name → value (empty for a bare {@code --name})
 * @param rest   the instruction's text after the flags
 */
record Flags(Map<String, Optional<String>> values, String rest, Location at, String keyword) {
    static Flags extract(String text, Location at, String keyword) {
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        String rest = text.stripLeading();
        while (rest.startsWith("--")) {
            int end = rest.indexOf(' ');
            int tab = rest.indexOf('\t');
            end = end < 0 ? tab : tab < 0 ? end : Math.min(end, tab);
            String word = end < 0 ? rest : rest.substring(0, end);
            rest = end < 0 ? "" : rest.substring(end).stripLeading();
            if (word.equals("--")) {
                break;
            }
            String body = word.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            if (values.put(name, eq < 0 ? Optional.empty() : Optional.of(body.substring(eq + 1))) != null) {
                throw InstructionParser.error(at, "duplicate flag specified: " + name);
            }
        }
        return new Flags(values, rest, at, keyword);
    }

    /** Rejects any flag not in {@code allowed}. */
    void allow(Set<String> allowed) {
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw InstructionParser.error(at, "unknown flag for " + keyword + ": --" + name
                        + (allowed.isEmpty() ? " (" + keyword + " takes no flags)" : " (allowed: --" + String.join(", --", allowed.stream().sorted().toList()) + ")"));
            }
        }
    }

    /** A flag that needs a value: empty when absent; INVALID_ARGUMENT when given without one. */
    Optional<String> string(String name) {
        Optional<String> value = values.getOrDefault(name, Optional.empty());
        if (values.containsKey(name) && value.isEmpty()) {
            throw InstructionParser.error(at, "missing a value on flag: --" + name);
        }
        return value;
    }

    /** A boolean flag: {@code --name}, {@code --name=true} or {@code --name=false}. */
    boolean bool(String name) {
        if (!values.containsKey(name)) {
            return false;
        }
        String value = values.get(name).orElse("true").toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw InstructionParser.error(at, "expecting boolean value for flag --" + name + ", not: " + value);
        };
    }
}
