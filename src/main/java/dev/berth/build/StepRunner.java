package dev.berth.build;

import dev.berth.common.RootPath;
import dev.berth.build.dockerfile.Instruction.Heredoc;
import dev.berth.common.BerthException;
import dev.berth.common.Mount;
import dev.berth.image.Image;
import dev.berth.network.EndpointRequest;
import dev.berth.network.NetworkService;
import dev.berth.runtime.ContainerSpec;
import dev.berth.runtime.ExitStatus;
import dev.berth.runtime.Isolation;
import dev.berth.runtime.LogEntry;
import dev.berth.runtime.LogQuery;
import dev.berth.runtime.ProcessSpec;
import dev.berth.runtime.Resources;
import dev.berth.runtime.UserSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Runs steps through the layer cache, and the steps that change files: RUN in a real container, WORKDIR. */
final class StepRunner {
    private final BuildSession session;

    StepRunner(BuildSession session) {
        this.session = session;
    }

    /** Makes a layer in {@code tar}; returns false when the step changed nothing worth a layer. */
    @FunctionalInterface
    interface LayerMaker {
        boolean write(Path tar) throws IOException;
    }

    /**
     * Runs one step: a cache hit (same parent, same step text, same resulting config, same {@code cacheExtra})
     * adopts the cached image; a miss makes the layer, if any, commits and remembers the result.
     */
    void commit(String createdBy, String cacheExtra, Optional<LayerMaker> layer, StageBuild stage) {
        String parent = stage.current().map(i -> i.id().toString()).orElse("scratch");
        String key = BuildCache.key(parent, createdBy, stage.config().json() + "\n" + cacheExtra);
        if (!session.request.noCache()) {
            Optional<Image> hit = session.cache.find(key);
            if (hit.isPresent()) {
                session.out.print(" ---> Using cache\n");
                stage.adopt(hit.get());
                return;
            }
        }
        Image image;
        if (layer.isEmpty()) {
            image = stage.commit(Optional.empty(), createdBy);
        } else {
            Path tar = null;
            try {
                tar = Files.createTempFile(session.workDir, "layer-", ".tar");
                image = stage.commit(layer.get().write(tar) ? Optional.of(tar) : Optional.empty(), createdBy);
            } catch (IOException e) {
                throw BerthException.internal("cannot make the layer of '" + createdBy + "': " + e.getMessage(), e);
            } finally {
                deleteQuietly(tar);
            }
        }
        session.cache.put(key, image);
        stage.adopt(image);
    }

    /** WORKDIR: a layer only when the directory does not exist yet in the image. */
    void workdir(String dir, StageBuild stage) {
        commit(stage.fileStepHistory("WORKDIR " + dir), "", Optional.of(tar -> {
            boolean[] created = {false};
            stage.changeInSnapshot(tar, (key, rootfs) ->
                    created[0] = new FileCopier(rootfs, 0, 0, Optional.empty()).createDirectory(RootPath.of(rootfs).resolve(dir)));
            return created[0];
        }), stage);
    }

    /**
     * RUN: {@code argv} runs in a container over the current image, with the stage's env, user and workdir and
     * the stage's ARG values; what it changes becomes the layer. History shows the ARGs used as Docker does
     * ({@code |2 A=1 B=2 /bin/sh -c ...}).
     */
    void run(List<String> argv, Map<String, String> runArgs, StageBuild stage) {
        runStep(argv, runArgs, "", List.of(), stage);
    }

    /**
     * {@code RUN <<EOF} with a {@code #!} document: the document is mounted read-only at {@code /dev/pipes/NAME}
     * (on the container's /dev tmpfs, so it never lands in the layer) and run by its interpreter, as BuildKit does.
     */
    void runProgram(Heredoc program, Map<String, String> runArgs, StageBuild stage) {
        try {
            Path file = Files.writeString(Files.createTempFile(session.workDir, "program-", ""), program.content());
            Files.setAttribute(file, "unix:mode", 0755);
            String target = "/dev/pipes/" + program.name();
            runStep(List.of(target), runArgs, program.content(), List.of(Mount.bind(file.toString(), target, true)), stage);
        } catch (IOException e) {
            throw BerthException.internal("cannot write the here-document " + program.name() + ": " + e.getMessage(), e);
        }
    }

    private void runStep(List<String> argv, Map<String, String> runArgs, String cacheExtra, List<Mount> mounts, StageBuild stage) {
        String usedArgs = runArgs.isEmpty() ? "" : "|" + runArgs.size() + " "
                + String.join(" ", runArgs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()) + " ";
        String createdBy = usedArgs + String.join(" ", argv);
        commit(createdBy, cacheExtra, Optional.of(tar -> {
            stage.changeInSnapshot(tar, (key, rootfs) -> runContainer(key, rootfs, argv, runArgs, mounts, stage.config()));
            return true;
        }), stage);
    }

    private void runContainer(String id, Path rootfs, List<String> argv, Map<String, String> runArgs, List<Mount> mounts,
                              ConfigDraft config) throws IOException {
        String cwd = config.workingDir.isEmpty() ? "/" : config.workingDir;
        Files.createDirectories(RootPath.of(rootfs).resolve(cwd)); // runc needs it; Docker creates it too
        UserSpec user = UserSpec.resolve(config.user, rootfs);
        List<String> env = new ArrayList<>(config.envList());
        runArgs.forEach((k, v) -> env.add(k + "=" + v));
        ProcessSpec process = new ProcessSpec(argv, env, cwd, user.uid(), user.gid(), user.additionalGids(), false);
        String shortId = id.substring(0, 12);
        session.out.print(" ---> Running in " + shortId + "\n");
        BuildRequest.RunNetwork network = session.request.network();
        try {
            Path namespace = null;
            if (network == BuildRequest.RunNetwork.DEFAULT) {
                namespace = session.networks.createSandbox(id);
                session.networks.connect(id, NetworkService.DEFAULT_BRIDGE, new EndpointRequest(Optional.empty(), List.of(), List.of()));
            }
            session.runtime.create(new ContainerSpec(id, rootfs, false, process, shortId, mounts, Resources.UNLIMITED,
                    network == BuildRequest.RunNetwork.HOST ? ContainerSpec.NetworkMode.HOST
                            : namespace != null ? ContainerSpec.NetworkMode.JOIN : ContainerSpec.NetworkMode.NONE,
                    Map.of(), ContainerSpec.Stdin.NONE, namespace, Isolation.CONTAINER, "", 0));
            session.runtime.start(id);
            try (Stream<LogEntry> logs = session.runtime.logs(id, LogQuery.lines(Optional.empty(), Optional.empty(), Optional.empty(), true))) {
                logs.forEach(e -> session.out.print(new String(e.content(), StandardCharsets.UTF_8) + (e.partial() ? "" : "\n")));
            }
            int code = session.runtime.state(id).exit().map(ExitStatus::code)
                    .orElseThrow(() -> BerthException.internal("the RUN container " + shortId + " ended without an exit code"));
            if (code != 0) {
                throw RunFailure.of(String.join(" ", argv), code);
            }
        } finally {
            if (session.runtime.list().contains(id)) {
                session.runtime.delete(id);
            }
            session.runtime.deleteLogs(id);
            session.networks.destroySandbox(id);
            session.out.print("Removing intermediate container " + shortId + "\n");
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temp file in the build work dir is removed with the build's directory
        }
    }
}
