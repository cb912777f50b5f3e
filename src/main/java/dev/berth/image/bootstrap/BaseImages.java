package dev.berth.image.bootstrap;

import dev.berth.common.BerthException;
import dev.berth.image.Image;
import dev.berth.image.ImageService;
import java.nio.file.Path;

/** The base images Berth builds without a registry: {@code busybox} and {@code debian[:SUITE]}. */
public final class BaseImages {
    /** Where scripts/setup.sh leaves the Debian package tarballs. */
    public static final Path DEBIAN_CACHE = Path.of("/var/cache/berth/debootstrap");

    private final BusyboxBootstrap busybox;
    private final DebianBootstrap debian;

    public BaseImages(ImageService images, Path workRoot) {
        this.busybox = new BusyboxBootstrap(images);
        this.debian = new DebianBootstrap(images, DEBIAN_CACHE, workRoot);
    }

    public Image bootstrap(String name) {
        if (name.equals("busybox")) {
            return busybox.bootstrap();
        }
        if (name.equals("debian") || name.startsWith("debian:")) {
            return debian.bootstrap(name);
        }
        throw BerthException.invalid("unknown bootstrap image '%s': Berth bootstraps busybox and debian[:SUITE]".formatted(name));
    }
}
