package dev.berth.cli;

import dev.berth.common.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training run behind the CLI's ahead-of-time cache ({@code bin/berth} records it with
 * {@code -XX:AOTCacheOutput} when the jar is newer than the cache). It parses and runs the common command lines
 * against a socket that does not exist: each one builds its picocli model, its request body and its error report
 * as a real launch would, so the classes they need are loaded and linked from the cache at every later start,
 * and no daemon is ever touched.
 */
public final class AotTraining {
    private static final List<List<String>> COMMAND_LINES = List.of(
            List.of("--help"),
            List.of("run", "--help"),
            List.of("run", "--rm", "-i", "-e", "A=1", "-p", "127.0.0.1::80", "-v", "/tmp:/data", "--memory", "64m", "--name", "n", "busybox", "true"),
            List.of("run", "-d", "--network", "none", "busybox", "sleep", "1"),
            List.of("create", "busybox"),
            List.of("start", "-a", "n"),
            List.of("ps", "-a", "--format", "{{.ID}} {{.Names}}"),
            List.of("ps", "-q", "--filter", "status=running"),
            List.of("images"),
            List.of("logs", "-f", "--tail", "10", "n"),
            List.of("exec", "-e", "A=1", "n", "true"),
            List.of("inspect", "n"),
            List.of("stop", "-t", "1", "n"),
            List.of("rm", "-f", "n"),
            List.of("version"),
            List.of("pull", "busybox"),
            List.of("network", "ls"),
            List.of("volume", "ls"),
            List.of("service", "ls"),
            List.of("compose", "-f", "COMPOSE_FILE", "config"),
            List.of("build", "-t", "trained:1", "CONTEXT_DIR"));

    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("berth-aot-training");
        try {
            run(dir, new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        } finally {
            FileTrees.deleteRecursively(dir);
        }
    }

    /** Runs every training command line with {@code dir} as home and daemon socket directory, printing to {@code sink}. */
    static void run(Path dir, PrintStream sink) throws IOException {
        Path compose = Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  web:
                    image: busybox
                    command: ["httpd", "-f"]
                    ports: ["8080:80"]
                    deploy: {replicas: 2}
                """);
        Path context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nCOPY app.txt /\nCMD [\"cat\", \"/app.txt\"]\n");
        Files.writeString(context.resolve("app.txt"), "trained\n");
        Files.writeString(context.resolve(".dockerignore"), "*.log\n");
        Map<String, String> environment = Map.of("BERTH_HOST", "unix://" + dir.resolve("no-daemon.sock"), "HOME", dir.toString());
        Map<String, String> paths = Map.of("COMPOSE_FILE", compose.toString(), "CONTEXT_DIR", context.toString());
        for (List<String> line : COMMAND_LINES) {
            String[] words = line.stream().map(w -> paths.getOrDefault(w, w)).toArray(String[]::new);
            Main.run(words, environment, InputStream.nullInputStream(), sink, sink);
        }
    }
}
