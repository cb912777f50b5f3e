package dev.berth.image.bootstrap;

import dev.berth.common.BerthException;
import dev.berth.common.FileTrees;
import dev.berth.common.HostCommand;
import dev.berth.common.MountTable;
import dev.berth.common.Unmount;
import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.ImageService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds {@code debian:SUITE} with debootstrap: a minimal Debian with its own init (systemd), so that one image
 * runs as a container and boots as a full-OS VM ({@code berth vm create --from-image}). The packages come from a
 * debootstrap tarball in the cache ({@code SUITE-ARCH.tgz}, with the mirror and package list it was made with
 * beside it), which scripts/setup.sh fetches once; without one, Berth makes it from the mirror first. The root
 * account has no password, so that {@code berth vm console} can log in; hostname, resolv.conf and machine-id are
 * left empty, as each container and VM gets its own.
 */
public final class DebianBootstrap {
    /**
     * What goes beyond debootstrap's minbase (as in scripts/setup.sh): an init; udev and D-Bus, without which logind
     * neither sees nor acts on the power button that {@code berth stop} presses; network and process tools.
     */
    public static final String PACKAGES = "systemd-sysv,udev,dbus,iproute2,ifupdown,procps";
    static final String DEFAULT_SUITE = "bookworm";
    private static final String MIRROR = "http://deb.debian.org/debian";
    private static final Path DEBOOTSTRAP = Path.of("/usr/sbin/debootstrap");
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final ImageService images;
    private final Path cache;
    private final Path workRoot;

    /**
     * @param cache    where the package tarballs are (scripts/setup.sh: /var/cache/berth/debootstrap)
     * @param workRoot a directory on the data root's file system for the root file system while it is built
     */
    public DebianBootstrap(ImageService images, Path cache, Path workRoot) {
        this.images = images;
        this.cache = cache;
        this.workRoot = workRoot;
    }

    /** The suite of {@code debian} or {@code debian:SUITE}. */
    static String suite(String name) {
        String suite = name.equals("debian") ? DEFAULT_SUITE : name.substring("debian:".length());
        if (!suite.matches("[a-z]{2,20}")) {
            throw BerthException.invalid("invalid Debian suite '%s' in %s: a release name such as bookworm".formatted(suite, name));
        }
        return suite;
    }

    /** Builds and imports {@code debian:SUITE} from the package tarball; the work directory goes in any case. */
    public Image bootstrap(String name) {
        String suite = suite(name);
        if (!Files.isExecutable(DEBOOTSTRAP)) {
            throw BerthException.invalid("bootstrapping Debian needs debootstrap: apt-get install debootstrap");
        }
        String arch = HostCommand.output(Path.of("/"), List.of("dpkg", "--print-architecture")).strip();
        PackageCache packages = packageCache(suite, arch);
        Path root = workRoot.resolve("debian-" + UUID.randomUUID());
        try {
            Files.createDirectories(root);
            run(List.of(DEBOOTSTRAP.toString(), "--arch=" + arch, "--variant=minbase", "--include=" + packages.packages(),
                    "--unpack-tarball=" + packages.tarball(), suite, root.toString(), packages.mirror()), "debootstrap " + suite);
            run(List.of("chroot", root.toString(), "passwd", "--delete", "root"), "passwd --delete root");
            clean(root);
            ImageConfig config = new ImageConfig(null, null, List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                    null, List.of("bash"), null, null, null, null);
            return importTree(root, ImageRef.parse("debian:" + suite), config);
        } catch (IOException e) {
            throw BerthException.internal("cannot bootstrap debian:%s: %s".formatted(suite, e.getMessage()), e);
        } finally {
            unmountUnder(root); // debootstrap leaves /proc and /sys mounted in the target when it fails
            FileTrees.deleteRecursively(root);
        }
    }

    /** The tarball with the mirror and packages it holds; made from the mirror first when the cache has none. */
    private PackageCache packageCache(String suite, String arch) {
        Path tarball = cache.resolve(suite + "-" + arch + ".tgz");
        Path mirror = cache.resolve(suite + "-" + arch + ".mirror");
        Path packages = cache.resolve(suite + "-" + arch + ".packages");
        try {
            if (!Files.isRegularFile(tarball)) {
                Files.createDirectories(cache);
                Path partial = cache.resolve(suite + "-" + arch + ".partial.tgz");
                Path work = workRoot.resolve("debian-download-" + UUID.randomUUID());
                try {
                    run(List.of(DEBOOTSTRAP.toString(), "--arch=" + arch, "--variant=minbase", "--include=" + PACKAGES,
                            "--make-tarball=" + partial, suite, work.toString(), MIRROR), "debootstrap --make-tarball " + suite);
                } finally {
                    FileTrees.deleteRecursively(work);
                }
                Files.writeString(mirror, MIRROR + "\n");
                Files.writeString(packages, PACKAGES + "\n");
                Files.move(partial, tarball);
            }
            return new PackageCache(tarball, Files.readString(mirror).strip(), Files.readString(packages).strip());
        } catch (IOException e) {
            throw BerthException.internal("cannot read the Debian package cache %s: %s".formatted(tarball, e.getMessage()), e);
        }
    }

    private record PackageCache(Path tarball, String mirror, String packages) {}

    /** Leaves out what debootstrap leaves behind and what every container or VM gets of its own. */
    private static void clean(Path root) throws IOException {
        try (Stream<Path> debs = Files.list(root.resolve("var/cache/apt/archives"))) {
            for (Path deb : debs.filter(p -> p.getFileName().toString().endsWith(".deb")).toList()) {
                Files.delete(deb);
            }
        }
        for (String file : List.of("etc/hostname", "etc/resolv.conf", "etc/machine-id")) {
            Path path = root.resolve(file);
            Files.deleteIfExists(path);
            Files.createFile(path);
        }
        FileTrees.deleteRecursively(root.resolve("var/lib/dbus/machine-id"));
    }

    /** The tree as one layer: GNU tar keeps owners, modes, links and device nodes exactly. */
    private Image importTree(Path root, ImageRef ref, ImageConfig config) throws IOException {
        Process tar = new ProcessBuilder("tar", "--numeric-owner", "--xattrs", "-C", root.toString(), "-cf", "-", ".")
                .redirectInput(HostCommand.NO_INPUT).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Image image;
        try (InputStream stream = tar.getInputStream()) {
            image = images.importRootfs(stream, ref, config);
        } finally {
            tar.destroy();
        }
        try {
            if (!tar.waitFor(1, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw BerthException.internal("tar of the Debian root file system failed (exit %s)".formatted(tar.isAlive() ? "none" : tar.exitValue()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.internal("interrupted while importing " + ref, e);
        }
        return image;
    }

    private static void run(List<String> argv, String what) {
        HostCommand.Result result = HostCommand.run(argv, TIMEOUT);
        if (result.exitCode() != 0) {
            List<String> lines = (result.stdout() + result.stderr()).lines().toList();
            throw BerthException.internal("%s failed (exit %d): %s".formatted(what, result.exitCode(),
                    String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()))));
        }
    }

    private static void unmountUnder(Path root) {
        // The deepest first; one that stays fails the removal of the tree under it.
        MountTable.mountPointsUnder(root).forEach(Unmount::unmount);
    }
}
