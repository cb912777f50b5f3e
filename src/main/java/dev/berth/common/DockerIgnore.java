package dev.berth.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of a {@code .dockerignore} file, as Docker's CLI applies them to a build context (moby/patternmatcher):
 * one pattern a line, {@code #} lines and blank lines skipped, {@code !} makes an exception, each pattern is
 * cleaned like Go's {@code filepath.Clean} with a leading {@code /} dropped, {@code *}, {@code ?} and
 * {@code [...]} follow Go's {@code filepath.Match} (never crossing {@code /}), {@code **} matches any number of
 * directories, a pattern that matches a directory matches everything below it, and the last matching line wins.
 * It lives in common because both the CLI (which tars the context) and the builder use it.
 */
public final class DockerIgnore {
    private record Rule(Pattern regex, int depth, boolean exception) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    /** Parses the file's text; a malformed pattern (an unclosed {@code [}) is INVALID_ARGUMENT naming it. */
    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exception = line.startsWith("!");
            String pattern = clean(exception ? line.substring(1).strip() : line);
            if (pattern.equals(".")) {
                continue; // Docker ignores "." (it would exclude the whole context, Dockerfile included)
            }
            try {
                rules.add(new Rule(Pattern.compile(toRegex(pattern)), pattern.split("/").length, exception));
            } catch (PatternSyntaxException e) {
                throw BerthException.invalid("invalid .dockerignore pattern '" + line + "': " + e.getDescription());
            }
        }
        return new DockerIgnore(rules);
    }

    /** Whether the context path ({@code a/b/c}, relative, no leading {@code ./}) is left out of the context. */
    public boolean excludes(String path) {
        String file = clean(path);
        String[] parts = file.split("/");
        boolean excluded = false;
        for (Rule rule : rules) {
            if (rule.exception() != excluded) {
                continue; // an exclusion cannot change an excluded file, nor an exception an included one
            }
            boolean match = rule.regex().matcher(file).matches();
            if (!match && parts.length > 1 && rule.depth() < parts.length) {
                // a pattern that matches a parent directory matches what is inside it
                match = rule.regex().matcher(String.join("/", List.of(parts).subList(0, rule.depth()))).matches();
            }
            if (match) {
                excluded = !rule.exception();
            }
        }
        return excluded;
    }

    /** Whether any exception rule exists: then an excluded directory must still be walked for files to keep. */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /** Go's filepath.Clean on a slash path, then without a leading "/". */
    public static String clean(String path) {
        List<String> out = new ArrayList<>();
        boolean absolute = path.startsWith("/");
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("..")) {
                    out.removeLast();
                } else if (!absolute) {
                    out.add(part);
                }
                continue;
            }
            out.add(part);
        }
        return out.isEmpty() ? "." : String.join("/", out);
    }

    /** The regex of one cleaned pattern: Go's filepath.Match syntax plus {@code **}; COPY globs use it too. */
    public static Pattern globRegex(String pattern) {
        return Pattern.compile(toRegex(pattern));
    }

    private static String toRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                            i++;
                        }
                        regex.append(i + 1 == pattern.length() ? ".*" : "(.*/)?");
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        throw new PatternSyntaxException("unclosed character class", pattern, i);
                    }
                    String set = pattern.substring(i + 1, end);
                    regex.append('[').append(set.startsWith("^") || set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
