package dev.berth.build;

import dev.berth.common.TarExtractor;
import dev.berth.common.RootPath;
import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.Dockerfile.Stage;
import dev.berth.build.dockerfile.Instruction.ArgDeclaration;
import dev.berth.build.dockerfile.ShellWords;
import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.common.FileTrees;
import dev.berth.image.Image;
import dev.berth.image.ImageRef;
import dev.berth.image.ImageService;
import dev.berth.image.Snapshotter;
import dev.berth.network.NetworkService;
import dev.berth.runtime.ContainerRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds images from a Dockerfile and a context tar, as {@code docker build} with the legacy builder does, with
 * the output it prints. Each step commits an untagged image, which is also the layer cache; the tags move only
 * after the whole build succeeded, so a failed build leaves every tag where it was.
 */
public final class ImageBuilder {
    private final ImageService images;
    private final Snapshotter snapshots;
    private final ContainerRuntime runtime;
    private final NetworkService networks;
    private final BuildCache cache;
    private final Path workDir;

    /** {@code workDir} holds each build's context and temp layers while it runs, e.g. {@code <data-root>/build}. */
    public ImageBuilder(ImageService images, Snapshotter snapshots, ContainerRuntime runtime, NetworkService networks, Database db,
                        Path workDir) {
        this.images = images;
        this.snapshots = snapshots;
        this.runtime = runtime;
        this.networks = networks;
        this.cache = new BuildCache(db, images);
        this.workDir = workDir;
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw BerthException.internal("cannot create the build directory " + workDir + ": " + e.getMessage(), e);
        }
        removeLeftovers();
    }

    /** What builds cut short by a daemon crash left: RUN containers, snapshots, contexts. Legal before any build. */
    private void removeLeftovers() {
        for (String key : cache.leftovers()) {
            if (runtime.list().contains(key)) {
                runtime.delete(key);
            }
            runtime.deleteLogs(key);
            snapshots.remove(key);
            cache.done(key);
        }
        try (var dirs = Files.list(workDir)) {
            dirs.filter(d -> d.getFileName().toString().startsWith("build-")).forEach(FileTrees::deleteRecursively);
        } catch (IOException e) {
            throw BerthException.internal("cannot clean the build directory " + workDir + ": " + e.getMessage(), e);
        }
    }

    /** Builds from {@code contextTar} (plain or compressed), reporting to {@code out}; returns the image. */
    public Image build(InputStream contextTar, BuildRequest request, BuildOutput out) {
        Path dir = createBuildDirectory();
        try {
            Path context = Files.createDirectory(dir.resolve("context"));
            TarExtractor.extract(contextTar, RootPath.of(context), "/", TarExtractor.Options.contained("the build context", false));
            Dockerfile dockerfile = Dockerfile.parse(request.dockerfile(), readDockerfile(context, request.dockerfile()));
            List<Stage> stages = StagePlan.needed(dockerfile, request.target());
            int total = stages.stream().mapToInt(s -> 1 + s.instructions().size()).sum() + (request.labels().isEmpty() ? 0 : 1);
            BuildSession session = new BuildSession(images, snapshots, runtime, networks, cache, request, out, dockerfile, context, dir, total);
            resolveMetaArgs(session);
            Image result = null;
            for (Stage stage : stages) {
                result = new StageBuild(session, stage).build(session.metaArgs(),
                        stage == stages.getLast() ? request.labels() : Map.of());
                session.stageBuilt(stage.index(), result);
            }
            warnUnusedArgs(session);
            out.built(result.id());
            out.print("Successfully built " + result.id().shortHex() + "\n");
            for (ImageRef tag : request.tags()) {
                images.tag(result.id().toString(), tag);
                out.print("Successfully tagged " + tag + "\n");
            }
            return images.find(result.id().toString()).orElse(result);
        } catch (IOException e) {
            throw BerthException.internal("cannot prepare the build context: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteRecursively(dir);
        }
    }

    private Path createBuildDirectory() {
        try {
            return Files.createTempDirectory(workDir, "build-");
        } catch (IOException e) {
            throw BerthException.internal("cannot create a build directory in " + workDir + ": " + e.getMessage(), e);
        }
    }

    private static String readDockerfile(Path context, String name) throws IOException {
        Path file = RootPath.of(context).resolve(name);
        if (!Files.isRegularFile(file)) {
            throw BerthException.invalid("Cannot locate specified Dockerfile: " + name + " (it is not in the build context)");
        }
        return Files.readString(file);
    }

    /** ARGs before the first FROM: a build arg wins, else the default, which may use earlier ones. */
    private static void resolveMetaArgs(BuildSession session) {
        Map<String, String> values = session.metaArgs();
        session.dockerfile.metaArgs().stream().flatMap(a -> a.declarations().stream()).forEach((ArgDeclaration d) ->
                session.buildArg(d.name())
                        .or(() -> d.defaultValue().map(v -> ShellWords.word(v, session.dockerfile.escape(), n -> Optional.ofNullable(values.get(n)))))
                        .ifPresent(v -> values.put(d.name(), v)));
    }

    private static void warnUnusedArgs(BuildSession session) {
        TreeSet<String> unused = new TreeSet<>(session.request.buildArgs().keySet());
        unused.removeAll(session.consumedArgs);
        if (!unused.isEmpty()) {
            session.out.print("[Warning] One or more build-args " + unused + " were not consumed\n");
        }
    }
}
