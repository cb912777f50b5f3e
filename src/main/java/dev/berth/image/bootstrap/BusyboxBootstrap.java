package dev.berth.image.bootstrap;

import dev.berth.common.BerthException;
import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.ImageService;
import dev.berth.common.HostCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds {@code busybox:latest} from the host's static busybox, so Berth has a base image without a network.
 * The layer is reproducible as Jib builds them: entries sorted, mtimes zero, owners root (except the berth
 * user's home), so the same busybox binary always gives the same layer digest.
 */
public final class BusyboxBootstrap {
    public static final ImageRef REF = ImageRef.parse("busybox:latest");
    private static final Path DEFAULT_BINARY = Path.of("/bin/busybox");
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            berth:x:1000:1000:berth:/home/berth:/bin/sh
            nobody:x:65534:65534:nobody:/nonexistent:/bin/false
            """;
    private static final String GROUP = """
            root:x:0:
            berth:x:1000:
            nogroup:x:65534:
            """;

    private final ImageService images;
    private final Path busybox;

    /** Uses {@code /bin/busybox}, which Debian's busybox-static package installs. */
    public BusyboxBootstrap(ImageService images) {
        this(images, DEFAULT_BINARY);
    }

    public BusyboxBootstrap(ImageService images, Path busybox) {
        this.images = images;
        this.busybox = busybox;
    }

    /** Imports the image and tags it {@code busybox:latest}; INVALID_ARGUMENT if busybox is missing or dynamic. */
    public Image bootstrap() {
        ImageConfig config = new ImageConfig(null, null,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), null, List.of("sh"),
                null, null, null, null);
        return images.importRootfs(new ByteArrayInputStream(rootfsTar()), REF, config);
    }

    /** The root file system as an uncompressed, reproducible tar. */
    public byte[] rootfsTar() {
        if (!Files.isRegularFile(busybox) || !Files.isExecutable(busybox)) {
            throw BerthException.invalid(busybox + " is missing; install busybox-static (apt-get install busybox-static)"
                    + " and run the bootstrap again");
        }
        TreeMap<String, TarArchiveEntry> entries = new TreeMap<>();
        for (String dir : List.of("bin", "dev", "etc", "home", "proc", "root", "sbin", "sys", "tmp", "usr",
                "usr/bin", "usr/sbin", "var")) {
            entries.put(dir, directory(dir, switch (dir) {
                case "tmp" -> 01777;
                case "root" -> 0700;
                default -> 0755;
            }));
        }
        TarArchiveEntry home = directory("home/berth", 0755);
        home.setIds(1000, 1000);
        entries.put("home/berth", home);
        for (String applet : applets()) {
            if (!applet.equals("bin/busybox")) {
                TarArchiveEntry link = entry(applet, TarArchiveEntry.LF_SYMLINK, 0777);
                link.setLinkName("/bin/busybox");
                entries.put(applet, link);
                parentDirectories(applet).forEach(dir -> entries.putIfAbsent(dir, directory(dir, 0755)));
            }
        }
        TreeMap<String, byte[]> files = new TreeMap<>();
        files.put("etc/passwd", PASSWD.getBytes(StandardCharsets.UTF_8));
        files.put("etc/group", GROUP.getBytes(StandardCharsets.UTF_8));
        for (String empty : List.of("etc/hostname", "etc/hosts", "etc/resolv.conf")) {
            files.put(empty, new byte[0]);
        }
        try {
            files.put("bin/busybox", Files.readAllBytes(busybox));
            files.forEach((name, data) -> {
                TarArchiveEntry file = entry(name, TarArchiveEntry.LF_NORMAL, name.equals("bin/busybox") ? 0755 : 0644);
                file.setSize(data.length);
                entries.put(name, file);
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (TarArchiveEntry entry : entries.values()) {
                    tar.putArchiveEntry(entry);
                    byte[] data = files.get(entry.getName());
                    if (data != null) {
                        tar.write(data);
                    }
                    tar.closeArchiveEntry();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw BerthException.internal("cannot build the busybox root file system: " + e.getMessage(), e);
        }
    }

    /** The applet paths, relative ({@code bin/sh}, {@code usr/bin/awk}), as {@code busybox --list-full} prints. */
    private List<String> applets() {
        return HostCommand.output(Path.of("/"), List.of(busybox.toString(), "--list-full")).lines()
                .map(line -> line.strip().replaceFirst("^/+", ""))
                .filter(line -> !line.isEmpty() && !line.contains(".."))
                .sorted()
                .toList();
    }

    private static List<String> parentDirectories(String path) {
        List<String> parents = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            parents.add(path.substring(0, slash));
        }
        return parents;
    }

    private static TarArchiveEntry directory(String name, int mode) {
        return entry(name, TarArchiveEntry.LF_DIR, mode);
    }

    /** An entry with zeroed mtime and root owner, so the tar depends only on its content. */
    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(type == TarArchiveEntry.LF_DIR ? name + "/" : name, type);
        entry.setMode((type == TarArchiveEntry.LF_DIR ? 040000 : type == TarArchiveEntry.LF_SYMLINK ? 0120000 : 0100000) | mode);
        entry.setModTime(0);
        entry.setIds(0, 0);
        entry.setNames("", "");
        return entry;
    }
}
