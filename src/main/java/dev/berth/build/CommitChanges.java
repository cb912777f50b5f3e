package dev.berth.build;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.common.BerthException;
import dev.berth.image.ImageConfig;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code docker commit --change}: Dockerfile instructions applied to the config a commit gives its image, as dockerd
 * applies them (moby builder's BuildFromConfig): the changes are read as one Dockerfile, one per line; only CMD,
 * ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME and WORKDIR may appear; variables
 * expand from the config's environment; a WORKDIR only sets the directory. Checked when parsed, so bad changes are
 * refused before anything is committed.
 */
public final class CommitChanges {
    private final Dockerfile.Fragment changes;

    private CommitChanges(Dockerfile.Fragment changes) {
        this.changes = changes;
    }

    /** INVALID_ARGUMENT for a change that does not parse or is not one a commit may make. */
    public static CommitChanges parse(List<String> changes) {
        Dockerfile.Fragment parsed = Dockerfile.parseFragment("--change", String.join("\n", changes));
        for (Instruction i : parsed.instructions()) {
            if (!allowed(i)) {
                String keyword = i.at().text().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
                throw BerthException.invalid(keyword + " is not a valid change command");
            }
        }
        return new CommitChanges(parsed);
    }

    /** {@code config} with the changes made, in order. */
    public ImageConfig applyTo(ImageConfig config) {
        ConfigDraft draft = ConfigDraft.of(config);
        ConfigEdit edit = new ConfigEdit(draft, changes.escape(), name -> Optional.ofNullable(draft.env.get(name)));
        for (Instruction i : changes.instructions()) {
            switch (i) {
                case Instruction.Workdir w -> edit.workdir(w);
                case Instruction.ConfigOnly c -> edit.apply(c);
                case Instruction.From _, Instruction.Arg _, Instruction.Run _, Instruction.Copy _ ->
                        throw BerthException.internal("commit change " + i.at().text() + " passed the check");
            }
        }
        return draft.toConfig();
    }

    /** dockerd's validCommitCommands. */
    private static boolean allowed(Instruction i) {
        return switch (i) {
            case Instruction.Cmd _, Instruction.Entrypoint _, Instruction.Env _, Instruction.Expose _, Instruction.Healthcheck _,
                 Instruction.Label _, Instruction.OnBuild _, Instruction.StopSignal _, Instruction.User _, Instruction.Volume _,
                 Instruction.Workdir _ -> true;
            case Instruction.From _, Instruction.Arg _, Instruction.Run _, Instruction.Copy _, Instruction.Shell _,
                 Instruction.Maintainer _ -> false;
        };
    }
}
