package dev.berth.build;

import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.Instruction.Heredoc;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shell script a shell-form RUN hands to its SHELL, here-documents included (as BuildKit runs them); a
 * {@code RUN <<EOF} whose document starts with {@code #!} is instead a program run by its interpreter.
 */
final class RunScript {
    private RunScript() {}

    /** The document of a {@code RUN <<EOF} that is a program of its own ({@code #!} first). */
    static Optional<Heredoc> executable(Instruction.Run run) {
        return wholeScript(run).filter(doc -> doc.content().startsWith("#!"));
    }

    static String of(Instruction.Run run) {
        String command = run.command().args().getFirst();
        if (run.heredocs().isEmpty()) {
            return command;
        }
        Optional<Heredoc> whole = wholeScript(run);
        if (whole.isPresent()) {
            return whole.get().content(); // RUN <<EOF: the document is the script
        }
        StringBuilder script = new StringBuilder(command).append('\n');
        for (Heredoc doc : run.heredocs()) {
            script.append(doc.content()).append(doc.name()).append('\n'); // the shell reads the documents itself
        }
        return script.toString();
    }

    /** The one document when the command is nothing but its {@code <<EOF}. */
    private static Optional<Heredoc> wholeScript(Instruction.Run run) {
        if (run.heredocs().size() != 1) {
            return Optional.empty();
        }
        Heredoc doc = run.heredocs().getFirst();
        boolean alone = run.command().args().getFirst().strip().matches("<<-?(['\"]?)" + Pattern.quote(doc.name()) + "\\1");
        return alone ? Optional.of(doc) : Optional.empty();
    }
}
