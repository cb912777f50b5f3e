package dev.berth.image.overlay;

import dev.berth.common.BerthException;
import dev.berth.common.HostCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes an overlayfs upper directory as an OCI layer tar (image-spec layer.md): a 0:0 character device is a
 * deleted file ({@code .wh.NAME}), a directory with {@code trusted.overlay.opaque=y} replaced the lower one
 * ({@code .wh..wh..opq}). Entries are sorted by path and carry numeric owners only and no user names, so the same
 * files give the same bytes; mtimes are kept as on disk, as Docker keeps them.
 */
final class UpperDiff {
    private static final int TYPE_MASK = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int SYMLINK = 0120000;
    private static final int CHAR_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int FIFO = 0010000;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path upper;
    private final TarArchiveOutputStream tar;
    private final Set<Path> opaque;
    /** inode → first path written, so further names of a multiply linked file become hard links. */
    private final Map<Long, String> inodes = new HashMap<>();

    private UpperDiff(Path upper, OutputStream out, Set<Path> opaque) {
        this.upper = upper;
        this.opaque = opaque;
        this.tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** Writes the layer tar of {@code upper} to {@code out}, which is finished but not closed. */
    static void write(Path upper, OutputStream out) {
        try {
            UpperDiff diff = new UpperDiff(upper, out, opaqueDirectories(upper));
            diff.writeChildren(upper);
            diff.tar.finish();
            out.flush();
        } catch (IOException e) {
            throw BerthException.internal("cannot write the changes in " + upper + " as a layer: " + e.getMessage(), e);
        }
    }

    private void writeChildren(Path dir) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            writeEntry(child);
        }
    }

    private void writeEntry(Path file) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(file, "unix:mode,uid,gid,ino,nlink,rdev,size,lastModifiedTime", NOFOLLOW);
        int mode = (int) attrs.get("mode");
        String name = upper.relativize(file).toString();
        FileTime mtime = (FileTime) attrs.get("lastModifiedTime");
        int type = mode & TYPE_MASK;
        if (type == CHAR_DEVICE && (long) attrs.get("rdev") == 0) {
            Path parent = upper.relativize(file).getParent();
            String whiteout = (parent == null ? "" : parent + "/") + ".wh." + file.getFileName();
            put(entry(whiteout, TarArchiveEntry.LF_NORMAL, REGULAR, 0, 0, mtime), null, 0);
            return;
        }
        TarArchiveEntry entry = switch (type) {
            case DIRECTORY -> entry(name + "/", TarArchiveEntry.LF_DIR, mode, (int) attrs.get("uid"), (int) attrs.get("gid"), mtime);
            case SYMLINK -> {
                TarArchiveEntry link = entry(name, TarArchiveEntry.LF_SYMLINK, mode, (int) attrs.get("uid"), (int) attrs.get("gid"), mtime);
                link.setLinkName(Files.readSymbolicLink(file).toString());
                yield link;
            }
            case REGULAR -> entry(name, TarArchiveEntry.LF_NORMAL, mode, (int) attrs.get("uid"), (int) attrs.get("gid"), mtime);
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> device(name, type, mode, attrs, mtime);
            default -> null; // sockets are not part of a file system image
        };
        if (entry == null) {
            return;
        }
        if (type == REGULAR && (int) attrs.get("nlink") > 1) {
            String first = inodes.putIfAbsent((long) attrs.get("ino"), name);
            if (first != null) {
                TarArchiveEntry link = entry(name, TarArchiveEntry.LF_LINK, mode, (int) attrs.get("uid"), (int) attrs.get("gid"), mtime);
                link.setLinkName(first);
                put(link, null, 0);
                return;
            }
        }
        put(entry, type == REGULAR ? file : null, type == REGULAR ? (long) attrs.get("size") : 0);
        if (type == DIRECTORY) {
            if (opaque.contains(file)) {
                put(entry(name + "/.wh..wh..opq", TarArchiveEntry.LF_NORMAL, REGULAR, 0, 0, mtime), null, 0);
            }
            writeChildren(file);
        }
    }

    private static TarArchiveEntry device(String name, int type, int mode, Map<String, Object> attrs, FileTime mtime) {
        byte flag = switch (type) {
            case CHAR_DEVICE -> TarArchiveEntry.LF_CHR;
            case BLOCK_DEVICE -> TarArchiveEntry.LF_BLK;
            default -> TarArchiveEntry.LF_FIFO;
        };
        TarArchiveEntry entry = entry(name, flag, mode, (int) attrs.get("uid"), (int) attrs.get("gid"), mtime);
        long rdev = (long) attrs.get("rdev");
        if (type != FIFO) { // Linux's encoding of dev_t (major in bits 8-19 and 32-43, minor in 0-7 and 20-31)
            entry.setDevMajor((int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)));
            entry.setDevMinor((int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)));
        }
        return entry;
    }

    private static TarArchiveEntry entry(String name, byte flag, int mode, int uid, int gid, FileTime mtime) {
        TarArchiveEntry entry = new TarArchiveEntry(name, flag);
        entry.setMode(mode);
        entry.setUserId(uid);
        entry.setGroupId(gid);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(mtime);
        return entry;
    }

    private void put(TarArchiveEntry entry, Path content, long size) throws IOException {
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        if (content != null) {
            try (InputStream in = Files.newInputStream(content)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }

    /** Directories marked opaque, found with one getfattr run over the whole tree. */
    private static Set<Path> opaqueDirectories(Path upper) {
        String out = HostCommand.output(upper, List.of("getfattr", "-R", "-P", "--absolute-names", "-m",
                "^trusted\\.overlay\\.opaque$", "-d", upper.toString()));
        Set<Path> dirs = new HashSet<>();
        Path current = null;
        for (String line : out.lines().toList()) {
            if (line.startsWith("# file: ")) {
                current = Path.of(line.substring("# file: ".length()));
            } else if (line.equals("trusted.overlay.opaque=\"y\"") && current != null) {
                dirs.add(current);
            }
        }
        return dirs;
    }
}
