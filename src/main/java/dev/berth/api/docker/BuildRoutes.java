package dev.berth.api.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.http.Exchange;
import dev.berth.api.http.Router;
import dev.berth.build.BuildOutput;
import dev.berth.build.BuildRequest;
import dev.berth.build.CommitChanges;
import dev.berth.build.ImageBuilder;
import dev.berth.build.RunFailure;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.Json;
import dev.berth.engine.ContainerCommitter;
import dev.berth.image.HistoryEntry;
import dev.berth.image.Image;
import dev.berth.image.ImageRef;
import dev.berth.image.ImageService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /build} as the legacy builder serves it (what {@code DOCKER_BUILDKIT=0 docker build} and docker-java
 * use): a tar context as the body, progress as JSON lines {@code {"stream": ...}}, the id as {@code {"aux":{"ID"}}},
 * a failure as {@code {"errorDetail":{"code","message"},"error"}} once the stream has begun. Also how images are
 * made otherwise and how they were made: {@code POST /commit} and {@code GET /images/{name}/history}.
 */
public final class BuildRoutes {
    private final ImageBuilder builder;
    private final ImageService images;
    private final ContainerCommitter committer;

    public BuildRoutes(ImageBuilder builder, ImageService images, ContainerCommitter committer) {
        this.builder = builder;
        this.images = images;
        this.committer = committer;
    }

    public void register(Router r) {
        r.add("POST", "/build", this::build)
                .add("GET", "/images/{name*}/history", this::history)
                .add("POST", "/commit", this::commit);
    }

    /** {@code POST /commit?container=&repo=&tag=&comment=&pause=&changes=}: 201 {@code {"Id": "sha256:..."}}. */
    private void commit(Exchange x) {
        String container = x.query("container").filter(c -> !c.isEmpty())
                .orElseThrow(() -> BerthException.invalid("commit needs a container (?container=NAME)"));
        Optional<ImageRef> tag = x.query("repo").filter(r -> !r.isEmpty()).map(repo -> ImageRef.parse(repo
                + x.query("tag").filter(t -> !t.isEmpty()).map(t -> ":" + t).orElse("")));
        CommitChanges changes = CommitChanges.parse(x.queryAll("changes").stream().filter(c -> !c.isEmpty()).toList());
        boolean pause = x.query("pause").map(p -> x.queryBool("pause")).orElse(true);
        Image image = committer.commit(container, tag, x.query("comment").orElse(""), pause, changes::applyTo);
        x.respondJson(201, Map.of("Id", image.id().toString()));
    }

    private void build(Exchange x) throws IOException {
        BuildRequest request = parse(x);
        boolean quiet = x.queryBool("q");
        OutputStream out = x.stream(200, "application/json");
        BuildOutput progress = new BuildOutput() {
            @Override
            public void print(String text) {
                if (!quiet) {
                    send(out, Map.of("stream", text));
                }
            }

            @Override
            public void built(Digest imageId) {
                send(out, Map.of("aux", Map.of("ID", imageId.toString())));
            }
        };
        try {
            Image image = builder.build(x.body(), request, progress);
            if (quiet) {
                send(out, Map.of("stream", image.id() + "\n"));
            }
        } catch (BerthException e) {
            Map<String, Object> detail = new LinkedHashMap<>();
            if (e instanceof RunFailure failure) {
                detail.put("code", failure.exitCode());
            }
            detail.put("message", e.getMessage());
            send(out, Map.of("errorDetail", detail, "error", e.getMessage()));
        }
        out.close();
    }

    /** The query of {@code POST /build}; unsupported options are refused before the context is read. */
    private static BuildRequest parse(Exchange x) {
        if (x.query("remote").filter(r -> !r.isEmpty()).isPresent()) {
            throw BerthException.invalid("building from a remote context (" + x.query("remote").get()
                    + ") is not supported: send the context as a tar");
        }
        BuildRequest.RunNetwork network = switch (x.query("networkmode").orElse("")) {
            case "", "default", "bridge" -> BuildRequest.RunNetwork.DEFAULT;
            case "none" -> BuildRequest.RunNetwork.NONE;
            case "host" -> BuildRequest.RunNetwork.HOST;
            default -> throw BerthException.invalid("network mode " + x.query("networkmode").get()
                    + " is not supported for builds: use default, none or host");
        };
        List<ImageRef> tags = x.queryAll("t").stream().filter(t -> !t.isEmpty()).map(ImageRef::parse).toList();
        return new BuildRequest(x.query("dockerfile").orElse("Dockerfile"), jsonMap(x, "buildargs"),
                x.query("target").filter(t -> !t.isEmpty()), x.queryBool("nocache"), jsonMap(x, "labels"), tags, network);
    }

    /** A JSON object of strings from the query; null values (a build arg without a value and no env) are dropped. */
    private static Map<String, String> jsonMap(Exchange x, String name) {
        Map<String, String> values = new LinkedHashMap<>();
        x.query(name).filter(v -> !v.isEmpty()).ifPresent(text -> {
            JsonNode node = Json.tree(text.getBytes(StandardCharsets.UTF_8), "the " + name + " parameter");
            if (!node.isObject()) {
                throw BerthException.invalid("the " + name + " parameter must be a JSON object of strings");
            }
            node.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    values.put(e.getKey(), e.getValue().asText());
                }
            });
        });
        return values;
    }

    /** Docker's history rows, newest first: the image id on the top row only, each layer's size on its step. */
    private void history(Exchange x) {
        Image image = images.resolve(x.pathParam("name"));
        List<HistoryEntry> entries = images.history(image);
        List<Long> sizes = images.layerSizes(image);
        List<Map<String, Object>> rows = new ArrayList<>();
        int layer = 0;
        for (int i = 0; i < entries.size(); i++) {
            HistoryEntry h = entries.get(i);
            boolean top = i == entries.size() - 1;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("Id", top ? image.id().toString() : "<missing>");
            row.put("Created", h.created().getEpochSecond());
            row.put("CreatedBy", h.createdBy());
            row.put("Tags", top ? image.repoTags() : List.of());
            row.put("Size", h.emptyLayer() || layer >= sizes.size() ? 0L : sizes.get(layer++));
            row.put("Comment", h.comment());
            rows.addFirst(row);
        }
        x.respondJson(200, rows);
    }

    private static void send(OutputStream out, Map<String, ?> message) {
        try {
            out.write(Json.bytes(message));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the build client went away", e);
        }
    }
}
