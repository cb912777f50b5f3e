package dev.berth.build;

import dev.berth.common.Digest;

/** Where a build reports progress: step lines, cache hits and RUN output, as Docker's legacy builder words them. */
@FunctionalInterface
public interface BuildOutput {
    /** Text to show as it is, newlines included. */
    void print(String text);

    /** The built image's id, told just before "Successfully built" (Docker's API sends it as {@code aux}). */
    default void built(Digest imageId) {}
}
