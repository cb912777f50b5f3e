package dev.berth.image.overlay;

import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.image.FileChange;
import dev.berth.image.Image;
import dev.berth.image.LayerSource;
import dev.berth.image.RootFs;
import dev.berth.image.Snapshotter;
import dev.berth.common.FileTrees;
import dev.berth.common.MountTable;
import dev.berth.common.Unmount;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Container root file systems on overlayfs. Layout under {@code root}:
 * <pre>
 * layers/&lt;chain-id hex&gt;/diff   a layer unpacked once, shared by every image and container on that chain
 * l/&lt;16 hex&gt;                    short symlink to a diff, so lowerdir fits the one-page mount option limit
 * containers/&lt;key&gt;/{upper,work,merged}
 * init/.dockerenv                the top lower layer of every root, shared: the empty file by which programs know
 *                                they run in a container, as dockerd's per-container init layer gives them
 * </pre>
 * Mounts are made with paths relative to {@code root} (see {@link OverlayMounter}), as Docker's overlay2 driver
 * does, to keep the option string short.
 */
public final class OverlaySnapshotter implements Snapshotter {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final int SHORT_ID = 16;
    /** Mount options must fit in one page (4096 bytes) with room for the rest of the string. */
    private static final int MAX_OPTIONS = 4000;
    private static final String INIT = "init";

    private final Path root;
    private final LayerSource layers;
    private final OverlayMounter mounter;
    private final ReentrantLock lock = new ReentrantLock();

    /** {@code root} is e.g. {@code <data-root>/overlay}; {@code layers} gives each layer's uncompressed tar. */
    public OverlaySnapshotter(Path root, LayerSource layers) {
        this.root = root.toAbsolutePath().normalize();
        this.layers = layers;
        this.mounter = new OverlayMounter(this.root);
        try {
            for (String dir : List.of("layers", "l", "containers", INIT)) {
                Files.createDirectories(this.root.resolve(dir));
            }
            if (!Files.exists(this.root.resolve(INIT).resolve(".dockerenv"))) {
                Files.createFile(this.root.resolve(INIT).resolve(".dockerenv"));
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot create snapshot directories in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public RootFs prepare(String key, Image image) {
        Path container = containerDir(key);
        List<String> lowers = new ArrayList<>(List.of(INIT));
        lock.lock();
        try {
            List<Digest> chain = ChainIds.of(image.diffIds());
            for (int i = chain.size() - 1; i >= 0; i--) { // overlayfs wants the top layer first
                lowers.add(ensureUnpacked(chain.get(i), image.diffIds().get(i)));
            }
        } finally {
            lock.unlock();
        }
        Path merged = container.resolve("merged");
        try {
            Files.createDirectories(container.resolve("upper"));
            Files.createDirectories(container.resolve("work"));
            Files.createDirectories(merged);
        } catch (IOException e) {
            throw BerthException.internal("cannot create the root file system of " + key + ": " + e.getMessage(), e);
        }
        if (!MountTable.isMountPoint(merged)) {
            String relative = "containers/" + key + "/";
            String options = "lowerdir=" + String.join(":", lowers) + ",upperdir=" + relative + "upper,workdir="
                    + relative + "work";
            if (options.length() > MAX_OPTIONS) {
                throw BerthException.invalid("image " + image.id().shortHex() + " has " + image.diffIds().size()
                        + " layers, more than an overlay mount can stack; squash it into fewer layers");
            }
            mounter.mount(options, merged);
        }
        return new RootFs(key, merged);
    }

    @Override
    public void diff(String key, OutputStream out) {
        Path upper = containerDir(key).resolve("upper");
        if (!Files.isDirectory(upper)) {
            throw BerthException.notFound("no writable root file system for " + key + " to diff");
        }
        UpperDiff.write(upper, out);
    }

    @Override
    public List<FileChange> changes(String key, Image image) {
        Path upper = containerDir(key).resolve("upper");
        if (!Files.isDirectory(upper)) {
            throw BerthException.notFound("no writable root file system for " + key + " to list the changes of");
        }
        return UpperChanges.list(upper, lowerDirs(image));
    }

    /**
     * The file system the roots are on, and overlay2's two facts that hold for these roots: diffs are read from the
     * upper directory itself (a native diff, not a walk comparing the layers), and overlayfs keeps its whiteouts in
     * trusted.* attributes, not user.* ones (no userxattr).
     */
    @Override
    public List<List<String>> status() {
        String filesystem;
        try {
            filesystem = Files.getFileStore(root).type();
        } catch (IOException e) {
            throw BerthException.internal("cannot tell the file system of " + root + ": " + e.getMessage(), e);
        }
        return List.of(List.of("Backing Filesystem", filesystem), List.of("Native Overlay Diff", "true"), List.of("userxattr", "false"));
    }

    /** overlay2's names: LowerDir (top first, as overlayfs stacks them), MergedDir, UpperDir, WorkDir. */
    @Override
    public Map<String, String> describe(String key, Image image) {
        Path container = containerDir(key);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("LowerDir", String.join(":", lowerDirs(image).stream().map(Path::toString).toList()));
        data.put("MergedDir", container.resolve("merged").toString());
        data.put("UpperDir", container.resolve("upper").toString());
        data.put("WorkDir", container.resolve("work").toString());
        return data;
    }

    /** The lower directories of a root over {@code image}, top first: the init layer, then the image's layers. */
    private List<Path> lowerDirs(Image image) {
        List<Path> lowers = new ArrayList<>(List.of(root.resolve(INIT)));
        for (Digest chainId : ChainIds.of(image.diffIds()).reversed()) {
            lowers.add(root.resolve("layers").resolve(chainId.hex()).resolve("diff"));
        }
        return lowers;
    }

    @Override
    public long writtenBytes(String key) {
        return FileTrees.size(containerDir(key).resolve("upper"));
    }

    @Override
    public void remove(String key) {
        Path container = containerDir(key);
        Path merged = container.resolve("merged");
        if (MountTable.isMountPoint(merged)) {
            Unmount.unmount(merged);
        }
        if (MountTable.isMountPoint(merged)) {
            throw BerthException.internal("cannot unmount " + merged + "; stop what uses it and remove " + key + " again");
        }
        FileTrees.deleteRecursively(container);
    }

    /** Unpacks the layer with this chain id unless done before; returns its lowerdir entry relative to root. */
    private String ensureUnpacked(Digest chainId, Digest diffId) {
        Path layerDir = root.resolve("layers").resolve(chainId.hex());
        String shortName = chainId.hex().substring(0, SHORT_ID);
        Path link = root.resolve("l").resolve(shortName);
        try {
            if (!Files.isDirectory(layerDir.resolve("diff"))) {
                unpack(diffId, layerDir);
            }
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of("../layers", chainId.hex(), "diff"));
            } else if (!Files.readSymbolicLink(link).equals(Path.of("../layers", chainId.hex(), "diff"))) {
                throw BerthException.internal("short layer link " + link + " collides with another layer;"
                        + " remove " + root.resolve("l") + " to have it rebuilt");
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot prepare layer " + chainId + ": " + e.getMessage(), e);
        }
        return "l/" + shortName;
    }

    /** Unpacks into a temp directory and renames it into place, so a crash never leaves half a layer. */
    private void unpack(Digest diffId, Path layerDir) throws IOException {
        Path temp = Files.createTempDirectory(layerDir.getParent(), ".unpack-");
        try {
            Path diff = Files.createDirectory(temp.resolve("diff"));
            try (InputStream in = layers.openLayer(diffId)) {
                LayerUnpacker.unpack(in, diff, "layer " + diffId);
            }
            Files.move(temp, layerDir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.deleteRecursively(temp);
        }
    }

    private Path containerDir(String key) {
        if (!KEY.matcher(key).matches()) {
            throw BerthException.invalid("invalid snapshot key '" + key + "': use letters, digits, '_', '.' and '-'");
        }
        return root.resolve("containers").resolve(key);
    }

    /** Every key with a root file system, mounted or not; for the daemon to reconcile after a restart. */
    public List<String> keys() {
        try (var dirs = Files.list(root.resolve("containers"))) {
            return dirs.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
