package dev.berth.image;

import dev.berth.common.BerthException;

/**
 * One path a container changed in its writable root, as {@code GET /containers/{id}/changes} reports it.
 *
 * @param path absolute in the container
 */
public record FileChange(String path, Kind kind) {
    public FileChange {
        if (!path.startsWith("/")) {
            throw BerthException.invalid("a changed path must be absolute, got '" + path + "'");
        }
    }

    /** Docker's change kinds, whose ordinals are the API's {@code Kind} numbers. */
    public enum Kind {
        MODIFIED("C"), ADDED("A"), DELETED("D");

        private final String letter;

        Kind(String letter) {
            this.letter = letter;
        }

        /** The letter {@code docker diff} prints. */
        public String letter() {
            return letter;
        }
    }
}
