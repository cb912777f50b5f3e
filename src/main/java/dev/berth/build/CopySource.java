package dev.berth.build;

import dev.berth.common.RootPath;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.DockerIgnore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One file or directory that COPY or ADD reads: from the build context, another stage or an image.
 *
 * @param path its host path (already resolved inside its root)
 * @param name its path relative to that root, for messages and the content hash
 */
record CopySource(Path path, String name) {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /**
     * The sources a COPY argument names in {@code root}: the path itself, or with {@code * ? [} every path that
     * matches (Go's filepath.Match, never crossing {@code /}). Missing sources are INVALID_ARGUMENT.
     */
    static List<CopySource> find(Path root, String argument, String where) {
        String cleaned = DockerIgnore.clean(argument);
        if (cleaned.equals("..") || cleaned.startsWith("../")) {
            throw BerthException.invalid(where + ": forbidden path outside the build context: " + argument);
        }
        if (!cleaned.matches(".*[*?\\[].*")) {
            Path path = cleaned.equals(".") ? root : RootPath.of(root).resolve(cleaned);
            if (!Files.exists(path, NOFOLLOW)) {
                throw BerthException.invalid(where + ": file not found in build context or excluded by .dockerignore: " + argument);
            }
            return List.of(new CopySource(path, cleaned));
        }
        Pattern glob = DockerIgnore.globRegex(cleaned);
        List<CopySource> matches = new ArrayList<>();
        collectMatches(root, root, glob, matches);
        if (matches.isEmpty()) {
            throw BerthException.invalid(where + ": no source files were specified (nothing matches " + argument + ")");
        }
        return matches;
    }

    /** Walks depth-first in name order; a matching directory is taken whole and not walked into. */
    private static void collectMatches(Path root, Path dir, Pattern glob, List<CopySource> matches) {
        for (Path child : sortedChildren(dir)) {
            String name = root.relativize(child).toString();
            if (glob.matcher(name).matches()) {
                matches.add(new CopySource(child, name));
            } else if (Files.isDirectory(child, NOFOLLOW)) {
                collectMatches(root, child, glob, matches);
            }
        }
    }

    boolean isDirectory() {
        return Files.isDirectory(path, NOFOLLOW);
    }

    /** Hashes names, types, modes, link targets and contents (not mtimes, as Docker's tarsum), for the layer cache. */
    static Digest contentHash(List<CopySource> sources) {
        MessageDigest sha = Digest.newSha256();
        for (CopySource source : sources) {
            hashTree(sha, source.path(), source.name());
        }
        return Digest.fromHash(sha.digest());
    }

    private static void hashTree(MessageDigest sha, Path path, String name) {
        try {
            int mode = (int) Files.getAttribute(path, "unix:mode", NOFOLLOW);
            sha.update((name + "\0" + Integer.toOctalString(mode) + "\0").getBytes(StandardCharsets.UTF_8));
            if (Files.isSymbolicLink(path)) {
                sha.update(Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8));
            } else if (Files.isRegularFile(path, NOFOLLOW)) {
                try (InputStream in = Files.newInputStream(path)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        sha.update(buffer, 0, n);
                    }
                }
            } else if (Files.isDirectory(path, NOFOLLOW)) {
                for (Path child : sortedChildren(path)) {
                    hashTree(sha, child, name + "/" + child.getFileName());
                }
            }
            sha.update((byte) 0);
        } catch (IOException e) {
            throw BerthException.internal("cannot read " + name + " to hash it: " + e.getMessage(), e);
        }
    }

    static List<Path> sortedChildren(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
