package dev.berth.build;

import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.Instruction.Heredoc;
import dev.berth.build.dockerfile.ShellWords;
import dev.berth.common.BerthException;
import dev.berth.common.FileTrees;
import dev.berth.common.Ids;
import dev.berth.image.Image;
import dev.berth.runtime.UserSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * COPY and ADD: sources from the context, from an earlier stage or an image ({@code --from}), or here-documents;
 * the layer cache key includes a hash of their content, so a changed file misses and an unchanged one hits.
 */
final class CopyStep {
    private final BuildSession session;
    private final StepRunner runner;
    private final StageBuild stage;
    /** Snapshot keys mounted to read {@code --from} sources, and temp dirs of here-documents: removed at the end. */
    private final List<String> mounted = new ArrayList<>();
    private final List<Path> tempDirs = new ArrayList<>();

    CopyStep(BuildSession session, StepRunner runner, StageBuild stage) {
        this.session = session;
        this.runner = runner;
        this.stage = stage;
    }

    void apply(Instruction.Copy copy) {
        try {
            String where = copy.at() + ": " + copy.name();
            String written = word(copy.destination());
            // "." and "dir/." name a directory, as a trailing "/" does
            String destination = stage.absolute(written.equals(".") || written.endsWith("/.") ? written.substring(0, written.length() - 1) : written);
            List<CopySource> sources = sources(copy, where);
            String hash = CopySource.contentHash(sources).hex();
            String kind = sources.size() > 1 ? "multi" : sources.getFirst().isDirectory() ? "dir" : "file";
            // Docker's history shows the destination as written
            String createdBy = stage.fileStepHistory(copy.name() + " " + kind + ":" + hash + " in " + written + " ");
            Optional<String> chown = copy.chown().map(this::word);
            Optional<Integer> chmod = copy.chmod().map(this::word).map(m -> Integer.parseInt(m, 8));
            runner.commit(createdBy, "chown=" + chown.orElse("") + " chmod=" + chmod.map(Integer::toOctalString).orElse(""),
                    Optional.of(tar -> {
                        stage.changeInSnapshot(tar, (key, rootfs) -> {
                            int[] owner = owner(chown, rootfs);
                            new FileCopier(rootfs, owner[0], owner[1], chmod).copy(sources, destination, copy.add(), where);
                        });
                        return true;
                    }), stage);
        } catch (NumberFormatException e) {
            throw BerthException.invalid(copy.at() + ": invalid --chmod: " + copy.chmod().orElse(""));
        } finally {
            for (String key : mounted) {
                session.snapshots.remove(key);
                session.cache.done(key);
            }
            tempDirs.forEach(FileTrees::deleteRecursively);
        }
    }

    private List<CopySource> sources(Instruction.Copy copy, String where) {
        Path root = copy.from().map(this::word).map(this::stageOrImageRoot).orElse(session.context);
        List<CopySource> sources = new ArrayList<>();
        int heredoc = 0;
        for (String raw : copy.sources()) {
            if (raw.startsWith("<<") && heredoc < copy.heredocs().size()) {
                sources.add(heredocFile(copy.heredocs().get(heredoc++)));
                continue;
            }
            String source = word(raw);
            if (copy.add() && source.matches("(?i)(https?|git)://.*|git@.*")) {
                throw BerthException.invalid(where + " " + source + ": downloading remote sources needs network access,"
                        + " which Berth's builder does not do yet; download the file into the build context and ADD it from there");
            }
            sources.addAll(CopySource.find(root, source, where));
        }
        return sources;
    }

    /** The root file system of an earlier stage or of an image, mounted for reading. */
    private Path stageOrImageRoot(String ref) {
        Image image = session.stage(ref).or(() -> session.images.find(ref)).orElseThrow(() -> BerthException.notFound(
                "COPY --from=" + ref + ": no stage or image named " + ref + " (No such image: " + ref + ")"));
        String key = Ids.newId();
        session.cache.working(key);
        mounted.add(key);
        return session.snapshots.prepare(key, image).path();
    }

    private CopySource heredocFile(Heredoc doc) {
        try {
            Path dir = Files.createTempDirectory(session.workDir, "heredoc-");
            tempDirs.add(dir);
            String content = doc.expand() ? ShellWords.expandOnly(doc.content(), stage.escape(), stage::variable) : doc.content();
            Path file = Files.writeString(dir.resolve(doc.name()), content);
            Files.setAttribute(file, "unix:mode", 0644);
            return new CopySource(file, doc.name());
        } catch (IOException e) {
            throw BerthException.internal("cannot write the here-document " + doc.name() + ": " + e.getMessage(), e);
        }
    }

    /** {@code --chown=USER[:GROUP]}: names from the image's own passwd and group; without a group, GID = UID (Docker's rule). */
    private static int[] owner(Optional<String> chown, Path rootfs) {
        if (chown.isEmpty()) {
            return new int[] {0, 0};
        }
        UserSpec user = UserSpec.resolve(chown.get(), rootfs);
        return new int[] {user.uid(), chown.get().contains(":") ? user.gid() : user.uid()};
    }

    private String word(String text) {
        return ShellWords.word(text, stage.escape(), stage::variable);
    }
}
