package dev.berth.engine;

/**
 * Which standard streams the client that created a container meant to attach to: Docker's
 * {@code Config.AttachStdin/AttachStdout/AttachStderr}, recorded as given ({@code docker run} without {@code -d}
 * attaches stdout and stderr, {@code -i} stdin too).
 */
public record AttachedStreams(boolean stdin, boolean stdout, boolean stderr) {
    public static final AttachedStreams NONE = new AttachedStreams(false, false, false);
}
