package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The flags for the process that {@code run}/{@code create} and {@code exec} start, which Docker gives both. */
final class ProcessOptions {
    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>])")
    Optional<String> user = Optional.empty();

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container")
    Optional<String> workdir = Optional.empty();

    /** Docker's attach fields: stdout and stderr follow {@code attachOutput}; stdin also needs {@code -i}. */
    void putAttach(ObjectNode body, boolean attachOutput) {
        body.put("AttachStdin", interactive && attachOutput);
        body.put("AttachStdout", attachOutput);
        body.put("AttachStderr", attachOutput);
        body.put("Tty", tty);
    }
}
