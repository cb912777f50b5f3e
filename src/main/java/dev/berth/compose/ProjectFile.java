package dev.berth.compose;

import java.util.Arrays;

/**
 * A top-level config or secret: named bytes the loader read from {@code file:}, {@code environment:} or (configs only)
 * {@code content:}, which services mount as files. {@link #toString()} never shows the bytes, so logs and error
 * messages cannot leak a secret.
 *
 * @param name    the config's or secret's name: {@code name:} if given, else {@code <project>_<key>}
 * @param content the bytes services see in the mounted file
 */
public record ProjectFile(String name, byte[] content) {
    public ProjectFile {
        Checks.resourceName(name, "config or secret");
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProjectFile that && name.equals(that.name) && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "ProjectFile[name=" + name + ", " + content.length + " bytes]";
    }
}
