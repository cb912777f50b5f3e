package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.client.RequestBody;
import dev.berth.client.Response;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth build [OPTIONS] PATH|-}: tars the context (honouring {@code .dockerignore}), POSTs it to /build and
 * prints the stream as {@code DOCKER_BUILDKIT=0 docker build} does. A failed RUN makes the command exit with
 * the RUN's exit code, as Docker's CLI does.
 */
@Command(name = "build", description = "Build an image from a Dockerfile")
final class BuildCommand implements Callable<Integer> {
    /** The name a Dockerfile from outside the context gets inside it (Docker picks a random .dockerfile.* name). */
    private static final String OUTSIDE_DOCKERFILE = ".dockerfile.berth";

    private final CliContext ctx;

    @Option(names = {"-t", "--tag"}, description = "Name and optionally a tag (name:tag)")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--file"}, description = "Name of the Dockerfile (default: PATH/Dockerfile; - reads it from stdin)")
    String file = "";

    @Option(names = "--build-arg", description = "Set build-time variables (KEY=VALUE, or KEY to take it from the environment)")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", description = "Set the target build stage to build")
    String target = "";

    @Option(names = "--no-cache", description = "Do not use cache when building the image")
    boolean noCache;

    @Option(names = "--label", description = "Set metadata for an image")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Suppress the build output and print image ID on success")
    boolean quiet;

    @Option(names = "--network", description = "Networking mode for the RUN instructions during build (default, none, host)")
    String network = "";

    @Option(names = "--pull", arity = "0..1", fallbackValue = "true",
            description = "Always attempt to pull a newer version of the image (only false works: no registry yet)")
    boolean pull;

    @Option(names = "--iidfile", description = "Write the image ID to the file")
    String iidFile = "";

    @Parameters(index = "0", paramLabel = "PATH|-")
    String context;

    BuildCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        if (pull) {
            throw BerthException.invalid("--pull needs a registry, which Berth does not reach yet; build with the local base image");
        }
        if (context.equals("-") && file.equals("-")) {
            throw BerthException.invalid("invalid argument: can't use stdin for both build context and dockerfile");
        }
        ApiPath path = ApiPath.of("/build").param("dockerfile", dockerfileInContext()).flag("nocache", noCache).flag("q", quiet);
        tags.forEach(t -> path.param("t", t));
        if (!target.isEmpty()) {
            path.param("target", target);
        }
        if (!network.isEmpty()) {
            path.param("networkmode", network);
        }
        path.param("buildargs", Json.string(keyValues(buildArgs, true))).param("labels", Json.string(keyValues(labels, false)));
        Path tar = Files.createTempFile("berth-context-", ".tar");
        try {
            writeContext(tar);
            if (!quiet) {
                ctx.out().println("Sending build context to Docker daemon  " + Human.decimalSize(Files.size(tar)));
            }
            try (InputStream body = Files.newInputStream(tar);
                 Response r = ctx.client().send("POST", path, RequestBody.tar(body, OptionalLong.of(Files.size(tar))))) {
                return printStream(r);
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /** Prints stream messages; returns the exit code (an error's code, else 1 for an error, else 0). */
    private int printStream(Response r) throws IOException {
        AtomicInteger exit = new AtomicInteger(ExitCodes.OK);
        List<String> ids = new ArrayList<>();
        r.jsonMessages(m -> {
            if (m.has("stream")) {
                ctx.out().print(m.get("stream").asText());
                ctx.out().flush();
            } else if (m.has("aux")) {
                ids.add(m.path("aux").path("ID").asText());
            } else if (m.has("error")) {
                ctx.err().println(m.get("error").asText());
                exit.set(m.path("errorDetail").path("code").asInt(ExitCodes.FAILURE));
            }
        });
        if (exit.get() == ExitCodes.OK && !iidFile.isEmpty() && !ids.isEmpty()) {
            Files.writeString(Path.of(iidFile), ids.getLast());
        }
        return exit.get();
    }

    /** The Dockerfile's path as the daemon sees it inside the context. */
    private String dockerfileInContext() {
        if (file.isEmpty()) {
            return "Dockerfile";
        }
        if (file.equals("-")) {
            return OUTSIDE_DOCKERFILE;
        }
        if (context.equals("-")) {
            return file; // a path inside the context tar on stdin
        }
        Path dockerfile = Path.of(file).toAbsolutePath().normalize();
        Path root = Path.of(context).toAbsolutePath().normalize();
        return dockerfile.startsWith(root) ? root.relativize(dockerfile).toString() : OUTSIDE_DOCKERFILE;
    }

    private void writeContext(Path tar) throws IOException {
        try (OutputStream out = Files.newOutputStream(tar)) {
            if (context.equals("-")) {
                writeStdin(out);
                return;
            }
            Path root = Path.of(context);
            if (!Files.isDirectory(root)) {
                throw BerthException.invalid("unable to prepare context: path \"" + context + "\" not found");
            }
            Map<String, byte[]> extra = !dockerfileInContext().equals(OUTSIDE_DOCKERFILE) ? Map.of()
                    : Map.of(OUTSIDE_DOCKERFILE, file.equals("-") ? ctx.in().readAllBytes() : Files.readAllBytes(Path.of(file)));
            ContextTar.write(root, dockerfileInContext(), extra, out);
        }
    }

    /** {@code -}: stdin is a context tar, or else a Dockerfile alone (Docker tells them apart the same way). */
    private void writeStdin(OutputStream out) throws IOException {
        byte[] input = ctx.in().readAllBytes();
        boolean tarLike = input.length >= 262 && new String(input, 257, 5, StandardCharsets.US_ASCII).equals("ustar")
                || input.length > 2 && (input[0] & 0xff) == 0x1f && (input[1] & 0xff) == 0x8b;
        if (tarLike) {
            new ByteArrayInputStream(input).transferTo(out);
            return;
        }
        Path empty = Files.createTempDirectory("berth-empty-context-");
        try {
            ContextTar.write(empty, "Dockerfile", Map.of("Dockerfile", input), out);
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    /** {@code KEY=VALUE} list as a JSON object; a bare {@code KEY} of a build arg takes its value from the environment. */
    private ObjectNode keyValues(List<String> pairs, boolean fromEnvironment) {
        ObjectNode node = Json.object();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                node.put(pair.substring(0, eq), pair.substring(eq + 1));
            } else if (fromEnvironment) {
                ctx.env(pair).ifPresentOrElse(v -> node.put(pair, v), () -> node.set(pair, null));
            } else {
                node.put(pair, "");
            }
        }
        return node;
    }

}
