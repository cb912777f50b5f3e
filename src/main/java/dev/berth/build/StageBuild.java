package dev.berth.build;

import dev.berth.build.dockerfile.Dockerfile.Stage;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.Instruction.ArgDeclaration;
import dev.berth.build.dockerfile.ShellWords;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.Ids;
import dev.berth.image.HistoryEntry;
import dev.berth.image.Image;
import dev.berth.image.ImageCommit;
import dev.berth.image.ImageConfig;
import dev.berth.image.RootFs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one stage: FROM, then each instruction as Docker's legacy builder does, every instruction committing an
 * image (with a layer for RUN, COPY, ADD and a WORKDIR that creates its directory; config-only otherwise) so the
 * layer cache can hand back any prefix of the stage unchanged.
 */
final class StageBuild {
    /** The empty root file system {@code FROM scratch} starts with; never stored. */
    private static final Image SCRATCH = new Image(Digest.sha256(new byte[0]), Digest.sha256(new byte[0]), List.of(), List.of(),
            ImageConfig.empty(), List.of(), Instant.EPOCH, 0, "", "linux");

    private final BuildSession session;
    private final Stage stage;
    private final StepRunner runner;
    private Optional<Image> current = Optional.empty();
    private ConfigDraft config = ConfigDraft.startingFrom(ImageConfig.empty());
    /** ARGs declared in this stage that have a value, in declaration order. */
    private final Map<String, String> args = new LinkedHashMap<>();

    StageBuild(BuildSession session, Stage stage) {
        this.session = session;
        this.stage = stage;
        this.runner = new StepRunner(session);
    }

    /** Builds the stage; {@code extraLabels} (from {@code --label}) end the final stage. Returns its image. */
    Image build(Map<String, String> metaArgs, Map<String, String> extraLabels) {
        from(stage.from(), metaArgs);
        for (Instruction i : stage.instructions()) {
            session.beginStep(i.at().text());
            try {
                apply(i);
            } catch (RunFailure e) {
                throw e.at(i.at());
            } catch (BerthException e) {
                throw located(i.at(), e);
            }
        }
        if (!extraLabels.isEmpty()) {
            String text = "LABEL " + String.join(" ", extraLabels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            session.beginStep(text);
            config.labels.putAll(extraLabels);
            commitConfig(text);
        }
        return current.orElseThrow(() -> BerthException.invalid(stage.from().at()
                + ": no image was generated: the stage is FROM scratch and has no instructions"));
    }

    /** The error with the instruction's file and line in front, unless its message names them already. */
    private static BerthException located(Instruction.Location at, BerthException e) {
        return e.getMessage().contains(at.toString()) ? e : new BerthException(e.kind(), at + ": " + e.getMessage(), e);
    }

    private void from(Instruction.From from, Map<String, String> metaArgs) {
        session.beginStep(from.at().text());
        String name = ShellWords.word(from.image(), escape(), n -> Optional.ofNullable(metaArgs.get(n)));
        if (name.equalsIgnoreCase("scratch")) {
            session.out.print(" ---> \n");
            return;
        }
        Image base = session.stage(name).or(() -> session.images.find(name)).orElseThrow(() -> BerthException.notFound(
                from.at() + ": base image " + name + " not found: No such image: " + name
                        + " (load it with berth load, or bootstrap busybox with berth image bootstrap busybox)"));
        current = Optional.of(base);
        config = ConfigDraft.startingFrom(base.config());
        session.out.print(" ---> " + base.id().shortHex() + "\n");
        runTriggers(base.config().onBuild(), from.at());
    }

    /** The base image's ONBUILD triggers run right after FROM, in order (Docker: "Executing N build triggers"). */
    private void runTriggers(List<String> triggers, Instruction.Location at) {
        if (triggers.isEmpty()) {
            return;
        }
        session.out.print("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
        for (String trigger : triggers) {
            apply(dev.berth.build.dockerfile.Dockerfile.trigger(new Instruction.Location(at.file(), at.line(),
                    "ONBUILD " + trigger), trigger, escape()));
        }
    }

    private void apply(Instruction instruction) {
        switch (instruction) {
            case Instruction.From f -> throw BerthException.internal("FROM inside a stage at " + f.at());
            case Instruction.Arg a -> arg(a);
            case Instruction.Run r -> run(r);
            case Instruction.Copy c -> new CopyStep(session, runner, this).apply(c);
            case Instruction.Workdir w -> runner.workdir(edit().workdir(w), this);
            case Instruction.ConfigOnly c -> commitConfig(edit().apply(c));
        }
    }

    /** Changes the stage's config with the stage's variables (ENV, then ARG) at this point. */
    private ConfigEdit edit() {
        return new ConfigEdit(config, escape(), this::variable);
    }

    /**
     * ARG: a build arg given for it wins, else its default (substituted), else the value of a same-named ARG
     * before FROM; it is usable from here on in this stage, and RUN sees it in its environment.
     */
    private void arg(Instruction.Arg a) {
        List<String> shown = new ArrayList<>();
        for (ArgDeclaration d : a.declarations()) {
            Optional<String> value = session.buildArg(d.name())
                    .or(() -> d.defaultValue().map(this::word))
                    .or(() -> Optional.ofNullable(session.metaArgs().get(d.name())));
            value.ifPresentOrElse(v -> args.put(d.name(), v), () -> args.remove(d.name()));
            shown.add(d.defaultValue().map(v -> d.name() + "=" + word(v)).orElse(d.name()));
        }
        commitConfig("ARG " + String.join(" ", shown));
    }

    private void run(Instruction.Run r) {
        Map<String, String> runArgs = new LinkedHashMap<>(args);
        runArgs.keySet().removeAll(config.env.keySet()); // ENV wins over ARG of the same name
        Optional<Instruction.Heredoc> program = RunScript.executable(r);
        if (program.isPresent()) {
            runner.runProgram(program.get(), runArgs, this);
            return;
        }
        runner.run(r.command().shellForm() ? edit().shellPlus(RunScript.of(r)) : r.command().args(), runArgs, this);
    }

    private void commitConfig(String text) {
        runner.commit(configStepHistory(text), "", Optional.empty(), this);
    }

    /**
     * Docker's {@code created_by} of a config-only step: the stage's SHELL, then {@code "#(nop) "} and the text as
     * two words, hence the two spaces ({@code /bin/sh -c #(nop)  ENV A=1}; moby's withCmdComment).
     */
    String configStepHistory(String text) {
        return String.join(" ", config.shellOrDefault()) + " #(nop)  " + text;
    }

    /** ... and of WORKDIR, COPY and ADD, where it is one word ({@code /bin/sh -c #(nop) WORKDIR /app}; withCmdCommentString). */
    String fileStepHistory(String text) {
        return String.join(" ", config.shellOrDefault()) + " #(nop) " + text;
    }

    // --- state the step runner reads and moves forward ---

    Optional<Image> current() {
        return current;
    }

    Image currentOrScratch() {
        return current.orElse(SCRATCH);
    }

    ConfigDraft config() {
        return config;
    }

    /** Moves the stage onto {@code image} (built or from the cache) and prints its id as Docker does. */
    void adopt(Image image) {
        current = Optional.of(image);
        session.out.print(" ---> " + image.id().shortHex() + "\n");
    }

    /** Commits {@code layer} (or no layer) onto the current image with the current config. */
    Image commit(Optional<Path> layer, String createdBy) {
        return session.images.commit(new ImageCommit(current, layer, config.toConfig(),
                new HistoryEntry(Instant.now(), createdBy, "", layer.isEmpty())));
    }

    /** Prepares a writable root over the current image, lets {@code change} alter it, and writes the diff to {@code tar}. */
    void changeInSnapshot(Path tar, SnapshotChange change) {
        String key = Ids.newId();
        session.cache.working(key);
        try {
            RootFs root = session.snapshots.prepare(key, currentOrScratch());
            change.apply(key, root.path());
            try (OutputStream out = Files.newOutputStream(tar)) {
                session.snapshots.diff(key, out);
            }
        } catch (IOException e) {
            throw BerthException.internal("cannot write the layer: " + e.getMessage(), e);
        } finally {
            session.snapshots.remove(key);
            session.cache.done(key);
        }
    }

    /** A change made to a prepared root file system. */
    @FunctionalInterface
    interface SnapshotChange {
        void apply(String key, Path rootfs) throws IOException;
    }

    /** A path made absolute against the stage's WORKDIR, keeping a trailing slash. */
    String absolute(String path) {
        return edit().absolute(path);
    }

    // --- substitution ---

    Optional<String> variable(String name) {
        return Optional.ofNullable(config.env.get(name)).or(() -> Optional.ofNullable(args.get(name)));
    }

    char escape() {
        return session.dockerfile.escape();
    }

    private String word(String text) {
        return edit().word(text);
    }

}
