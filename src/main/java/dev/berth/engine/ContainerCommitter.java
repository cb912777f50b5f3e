package dev.berth.engine;

import dev.berth.common.BerthException;
import dev.berth.image.HistoryEntry;
import dev.berth.image.Image;
import dev.berth.image.ImageCommit;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.ImageService;
import dev.berth.image.Snapshotter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code docker commit}: a container's file system changes become one new layer on its image, and its config
 * (command, env, user, workdir, labels, ports) the new image's. A running container is paused while its changes
 * are read, as Docker does by default, so the layer is consistent.
 */
public final class ContainerCommitter {
    private final ContainerService containers;
    private final ImageService images;
    private final Snapshotter snapshots;
    private final Path tempDir;

    /** {@code tempDir} holds the layer tar while it is stored. */
    public ContainerCommitter(ContainerService containers, ImageService images, Snapshotter snapshots, Path tempDir) {
        this.containers = containers;
        this.images = images;
        this.snapshots = snapshots;
        this.tempDir = tempDir;
    }

    /**
     * Commits {@code containerRef}, its config made into the image's by {@code changes} ({@code commit --change});
     * the tag, if given, moves only once the image is stored.
     */
    public Image commit(String containerRef, Optional<ImageRef> tag, String comment, boolean pause, UnaryOperator<ImageConfig> changes) {
        Container c = containers.inspect(containerRef);
        Image base = images.resolve(c.imageId());
        ImageConfig config = changes.apply(config(c, base.config())); // a change that fails does so before any work
        boolean paused = pause && c.state().status().equals("running");
        if (paused) {
            containers.pause(c.id());
        }
        Path tar = null;
        Image image;
        try {
            Files.createDirectories(tempDir);
            tar = Files.createTempFile(tempDir, "commit-", ".tar");
            try (OutputStream out = Files.newOutputStream(tar)) {
                snapshots.diff(c.id(), out);
            }
            image = images.commit(new ImageCommit(Optional.of(base), Optional.of(tar), config,
                    new HistoryEntry(Instant.now(), String.join(" ", c.config().argv()), comment, false)));
        } catch (IOException e) {
            throw BerthException.internal("cannot write the changes of container " + c.name() + ": " + e.getMessage(), e);
        } finally {
            if (paused) {
                containers.unpause(c.id());
            }
            deleteQuietly(tar);
        }
        tag.ifPresent(t -> images.tag(image.id().toString(), t));
        return images.resolve(image.id().toString());
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // only a temp file in the daemon's build directory
        }
    }

    /** The container's config; HOSTNAME is the container's own, not the image's. */
    private static ImageConfig config(Container c, ImageConfig base) {
        ContainerConfig cc = c.config();
        return new ImageConfig(cc.user(), cc.exposedPorts(), cc.env().stream().filter(e -> !e.startsWith("HOSTNAME=")).toList(),
                cc.entrypoint(), cc.cmd(), base.volumes(), cc.workingDir(), cc.labels(), cc.stopSignal(), cc.healthcheck(),
                base.onBuild(), base.shell());
    }
}
