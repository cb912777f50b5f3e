package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import dev.berth.client.DaemonException;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import dev.berth.common.BerthException;
import dev.berth.common.GoFileMode;
import dev.berth.common.Json;
import dev.berth.common.RootPath;
import dev.berth.common.TarExtractor;
import dev.berth.common.TreeTar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth cp [-a] [-L] CONTAINER:SRC DEST|-} and {@code berth cp [-a] [-L] SRC|- CONTAINER:DEST}, as
 * {@code docker cp} copies (moby pkg/archive CopyInfo rules): a copy into an existing directory goes inside it,
 * otherwise it takes the destination's name; {@code SRC/.} copies a directory's contents; {@code -} is a tar on
 * stdout or stdin. This side of the copy writes or reads the tar itself; the daemon's is HEAD/GET/PUT
 * {@code /containers/{id}/archive}.
 */
@Command(name = "cp", description = "Copy files/folders between a container and the local filesystem")
final class CpCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)")
    boolean archive;

    @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH")
    boolean followLink;

    @Parameters(index = "0", paramLabel = "SRC")
    String source;

    @Parameters(index = "1", paramLabel = "DEST")
    String destination;

    CpCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** One side of a copy: a local path, or a path in a container. */
    record Location(String container, String path) {
        /** moby's splitCpArg: an absolute path, or one whose part before ':' starts with '.', is local. */
        static Location parse(String arg) {
            int colon = arg.indexOf(':');
            if (arg.startsWith("/") || colon < 0 || arg.substring(0, colon).startsWith(".")) {
                return new Location("", arg);
            }
            return new Location(arg.substring(0, colon), arg.substring(colon + 1));
        }

        boolean inContainer() {
            return !container.isEmpty();
        }
    }

    /** What the daemon's path stat header says about a path in a container. */
    record ContainerPath(String name, long mode, String linkTarget) {
        boolean isDirectory() {
            return (mode & GoFileMode.DIR) != 0;
        }

        boolean isSymlink() {
            return (mode & GoFileMode.SYMLINK) != 0;
        }

        static ContainerPath decode(String header) {
            JsonNode stat = Json.parse(Base64.getDecoder().decode(header), JsonNode.class, "the path stat header");
            return new ContainerPath(stat.path("name").asText(), stat.path("mode").asLong(), stat.path("linkTarget").asText());
        }
    }

    @Override
    public Integer call() throws IOException {
        Location from = Location.parse(source);
        Location to = Location.parse(destination);
        if (from.inContainer() && to.inContainer()) {
            throw BerthException.invalid("copying between containers is not supported");
        }
        if (!from.inContainer() && !to.inContainer()) {
            throw BerthException.invalid("must specify at least one container source");
        }
        if (from.inContainer()) {
            copyOut(from, to.path());
        } else {
            copyIn(from.path(), to);
        }
        return ExitCodes.OK;
    }

    private void copyOut(Location from, String target) throws IOException {
        ContainerPath asked = existing(from.container(), from.path());
        String path = followLink && asked.isSymlink() ? asked.linkTarget() : from.path();
        ContainerPath stat = path.equals(from.path()) ? asked : existing(from.container(), path);
        ApiPath get = ApiPath.of("/containers/%s/archive", from.container()).param("path", path);
        try (Response r = ctx.client().send("GET", get, RequestBody.empty())) {
            if (target.equals("-")) {
                r.body().transferTo(ctx.out());
                ctx.out().flush();
                return;
            }
            String wanted = RootPath.baseName(from.path());
            Path dest = Path.of(target).toAbsolutePath();
            Path directory;
            String name;
            if (Files.isDirectory(dest)) {
                directory = dest;
                name = wanted;
            } else {
                requireCopyableTo(Files.exists(dest), target.endsWith("/"), stat.isDirectory(), target);
                directory = dest.getParent();
                name = dest.getFileName().toString();
            }
            if (!Files.isDirectory(directory)) {
                throw BerthException.notFound("destination directory " + directory + " does not exist");
            }
            TarExtractor.extract(r.body(), RootPath.of(directory), "/",
                    TarExtractor.Options.copy(from.container() + ":" + path, archive, false).rebased(stat.name(), name));
        }
    }

    private void copyIn(String local, Location to) throws IOException {
        ApiPath put = ApiPath.of("/containers/%s/archive", to.container()).flag("noOverwriteDirNonDir", true)
                .flag("copyUIDGID", archive);
        if (local.equals("-")) {
            if (ctx.isTerminal(0)) {
                throw BerthException.invalid("cannot copy from stdin: it is a terminal, redirect a tar archive into it");
            }
            send(put.param("path", to.path()), RequestBody.tar(ctx.in(), OptionalLong.empty()));
            return;
        }
        Path source = Path.of(local).toAbsolutePath();
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.notFound("could not find the file " + local + ": no such file or directory");
        }
        String sourcePath = followLink ? source.toRealPath().toString() : source.toString();
        boolean sourceIsDirectory = Files.isDirectory(Path.of(sourcePath), LinkOption.NOFOLLOW_LINKS);
        String target = to.path();
        Optional<ContainerPath> stat = stat(to.container(), target);
        if (stat.isPresent() && stat.get().isSymlink()) { // a link to a directory is copied into, as Docker does
            target = stat.get().linkTarget();
            stat = stat(to.container(), target);
        }
        String directory;
        String name;
        if (stat.isPresent() && stat.get().isDirectory()) {
            directory = target;
            name = RootPath.baseName(local);
        } else {
            requireCopyableTo(stat.isPresent(), to.path().endsWith("/"), sourceIsDirectory, to.container() + ":" + to.path());
            directory = RootPath.parentOf(target);
            name = RootPath.baseName(target);
        }
        Path tar = Files.createTempFile("berth-cp-", ".tar");
        try {
            try (OutputStream out = Files.newOutputStream(tar)) {
                TreeTar.write(RootPath.of(Path.of("/")), local.endsWith("/.") ? sourcePath + "/." : sourcePath, name, out);
            }
            try (InputStream in = Files.newInputStream(tar)) {
                send(put.param("path", directory), RequestBody.tar(in, OptionalLong.of(Files.size(tar))));
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /**
     * moby's CopyInfoDestinationPath rules where the destination is not an existing directory: a directory cannot
     * replace a file, and a path ending in {@code /} must be an existing directory.
     */
    static void requireCopyableTo(boolean exists, boolean assertsDirectory, boolean sourceIsDirectory, String target) {
        if (exists && sourceIsDirectory) {
            throw BerthException.invalid("cannot copy a directory to the file " + target);
        }
        if (!exists && assertsDirectory && !sourceIsDirectory) {
            throw BerthException.notFound("destination directory " + target + " does not exist");
        }
    }

    private ContainerPath existing(String container, String path) {
        return stat(container, path).orElseThrow(() -> BerthException.notFound("No such container:path: " + container + ":" + path));
    }

    /** HEAD /containers/{id}/archive: the path's stat, empty when it does not exist. */
    private Optional<ContainerPath> stat(String container, String path) {
        try (Response r = ctx.client().send("HEAD", ApiPath.of("/containers/%s/archive", container).param("path", path),
                RequestBody.empty())) {
            return Optional.of(ContainerPath.decode(r.head().header("X-Docker-Container-Path-Stat").orElseThrow(
                    () -> BerthException.internal("the daemon sent no X-Docker-Container-Path-Stat for " + container + ":" + path))));
        } catch (DaemonException e) {
            if (e.status() != 404) {
                throw e;
            }
            ctx.client().get(ApiPath.of("/containers/%s/json", container)); // a missing container is its own error
            return Optional.empty();
        }
    }

    private void send(ApiPath put, RequestBody body) {
        try (Response r = ctx.client().send("PUT", put, body)) {
            r.body().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw BerthException.internal("cannot read the daemon's answer: " + e.getMessage(), e);
        }
    }
}
