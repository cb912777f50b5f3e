package dev.berth.compose;

import dev.berth.common.BerthException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Compose's project names (04-version-and-name.md): lowercase letters, digits, '_' and '-', starting with a letter or digit. */
final class ProjectName {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private ProjectName() {}

    /** Checks a name the user gave (flag or {@code name:}); Compose does not fix those up. */
    static String check(String name) {
        if (!VALID.matcher(name).matches()) {
            throw BerthException.invalid("invalid project name \"" + name + "\": it must contain only lowercase letters, digits,"
                    + " '_' and '-', and start with a letter or digit");
        }
        return name;
    }

    /** The name Compose derives from a directory: lower case, other characters dropped, no leading '_' or '-'. */
    static String fromDirectory(String directoryName) {
        String name = directoryName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "").replaceAll("^[_-]+", "");
        if (name.isEmpty()) {
            throw BerthException.invalid("cannot make a project name of the directory name \"" + directoryName
                    + "\": give one with --project-name or a top-level name:");
        }
        return name;
    }
}
