package dev.berth.compose;

import dev.berth.common.BerthException;
import dev.berth.common.ErrorKind;
import java.util.function.Supplier;

/**
 * Where a value sits: the file that wrote it and its key path ({@code services.web.ports[1]}), so that every error
 * says both, as {@code compose.yaml: services.web.ports[1]: invalid port "80:abc": ...}.
 */
record KeyPath(String file, String path) {
    static KeyPath root(String file) {
        return new KeyPath(file, "");
    }

    /** The path of {@code key} below this one, in the file that wrote {@code value}. */
    KeyPath key(String key, YamlNode value) {
        return new KeyPath(value.origin(), path.isEmpty() ? key : path + "." + key);
    }

    /** The path of item {@code index} of this list, in the file that wrote {@code item}. */
    KeyPath index(int index, YamlNode item) {
        return new KeyPath(item.origin(), path + "[" + index + "]");
    }

    BerthException invalid(String message) {
        return new Located(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /** Runs a step that may reject a value with a bare message (a record's constructor), adding this place to it. */
    <T> T check(Supplier<T> step) {
        try {
            return step.get();
        } catch (Located e) {
            throw e;
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.INVALID_ARGUMENT) {
                throw e;
            }
            throw invalid(e.getMessage());
        }
    }

    /** An error that already names its place; enclosing checks pass it on unchanged. */
    static final class Located extends BerthException {
        Located(String message) {
            super(ErrorKind.INVALID_ARGUMENT, message);
        }
    }
}
