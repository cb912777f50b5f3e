package dev.berth.api.docker;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.api.http.ApiVersions;
import dev.berth.api.http.Exchange;
import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import dev.berth.engine.ContainerService;
import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.ImageService;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The Docker Engine API's {@code /images/...} endpoints; pulls and pushes go to {@link RegistryRoutes}. */
public final class ImageRoutes {
    private final ImageService images;
    private final ContainerService containers;
    private final RegistryRoutes registry;

    public ImageRoutes(ImageService images, ContainerService containers, RegistryRoutes registry) {
        this.images = images;
        this.containers = containers;
        this.registry = registry;
    }

    public void register(Router r) {
        r.add("GET", "/images/json", this::list)
                .add("POST", "/images/create", this::create)
                .add("POST", "/images/load", this::load)
                .add("GET", "/images/get", x -> save(x, x.queryAll("names")))
                .add("POST", "/images/prune", this::prune)
                .add("GET", "/images/{name*}/json", x -> x.respondJson(200, inspect(images.resolve(x.pathParam("name")))))
                .add("GET", "/images/{name*}/get", x -> save(x, List.of(x.pathParam("name"))))
                .add("POST", "/images/{name*}/tag", this::tag)
                .add("DELETE", "/images/{name*}", this::remove);
    }

    private void list(Exchange x) {
        Filters f = Filters.parse(x.query("filters")).allow("dangling", "label", "reference");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Image i : images.list()) {
            boolean dangling = !i.isReferenced();
            // As in dockerd, a reference filter also keeps only the references it matches: `docker images REPO` lists those.
            Predicate<String> shown = r -> f.matchesAny("reference", pattern -> Filters.referenceMatches(pattern, r));
            List<String> tags = i.repoTags().stream().filter(shown).toList();
            List<String> digests = i.repoDigests().stream().filter(shown).toList();
            if (!f.matchesAny("dangling", d -> Boolean.parseBoolean(d) == dangling) || !f.matchesLabels(i.config().labels())
                    || !f.get("reference").isEmpty() && tags.isEmpty() && digests.isEmpty()) {
                continue;
            }
            rows.add(summary(i, tags, digests, -1, x.apiVersion()));
        }
        x.respondJson(200, rows);
    }

    /**
     * A row of {@code GET /images/json}; {@code containers} is -1 where it was not counted, as dockerd says. Before
     * API 1.44 it carries VirtualSize too, which older clients read (the 20.10 CLI's system df counts by it).
     */
    static Map<String, Object> summary(Image i, List<String> repoTags, List<String> repoDigests, long containers, String apiVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", i.id().toString());
        m.put("ParentId", "");
        m.put("RepoTags", repoTags);
        m.put("RepoDigests", repoDigests);
        m.put("Created", i.created().getEpochSecond());
        m.put("Size", i.size());
        if (ApiVersions.before(apiVersion, 44)) {
            m.put("VirtualSize", i.size());
        }
        m.put("SharedSize", -1);
        m.put("Labels", i.config().labels());
        m.put("Containers", containers);
        return m;
    }

    static Map<String, Object> inspect(Image i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", i.id().toString());
        m.put("RepoTags", i.repoTags());
        m.put("RepoDigests", i.repoDigests());
        m.put("Parent", "");
        m.put("Comment", "");
        m.put("Created", i.created().toString());
        m.put("DockerVersion", "");
        m.put("Author", "");
        m.put("Config", configView(i.config()));
        m.put("Architecture", i.architecture());
        m.put("Os", i.os());
        m.put("Size", i.size());
        m.put("GraphDriver", Map.of("Name", "overlay2", "Data", Map.of()));
        m.put("RootFS", Map.of("Type", "layers", "Layers", i.diffIds().stream().map(Object::toString).toList()));
        m.put("Metadata", Map.of("LastTagTime", "0001-01-01T00:00:00Z"));
        return m;
    }

    /**
     * An image's Config with the keys dockerd always sends, null or "" when the image sets nothing there (the
     * stored config leaves them out, as the image spec allows).
     */
    private static Map<String, Object> configView(ImageConfig config) {
        Map<String, Object> m = Json.MAPPER.convertValue(config, new TypeReference<LinkedHashMap<String, Object>>() {});
        m.putIfAbsent("User", "");
        m.putIfAbsent("WorkingDir", "");
        for (String key : List.of("Env", "Cmd", "Volumes", "Entrypoint", "OnBuild", "Labels")) {
            m.putIfAbsent(key, Json.NULL);
        }
        return m;
    }

    /** {@code POST /images/create}: a pull with {@code fromImage}, an import of a rootfs tar with {@code fromSrc=-}. */
    private void create(Exchange x) throws IOException {
        if (x.query("fromSrc").isEmpty()) {
            if (x.query("fromImage").filter(name -> !name.isEmpty()).isEmpty()) {
                throw BerthException.invalid("images/create needs fromImage (pull) or fromSrc=- (import)");
            }
            registry.pull(x);
            return;
        }
        if (!x.query("fromSrc").get().equals("-")) {
            throw BerthException.invalid("importing from a URL is not supported: send the tar as the request body (fromSrc=-)");
        }
        String repo = x.query("repo").orElse("");
        ImageRef ref = ImageRef.parse(repo + (x.query("tag").filter(t -> !t.isEmpty()).map(t -> ":" + t).orElse("")));
        Image image = images.importRootfs(x.body(), ref, ImageConfig.empty());
        event("import", image.id().toString(), ref.toString());
        OutputStream out = x.stream(200, "application/json");
        out.write(Json.bytes(Map.of("status", image.id().toString())));
        out.write('\n');
        out.close();
    }

    private void load(Exchange x) throws IOException {
        List<Image> loaded = images.load(x.body());
        loaded.forEach(i -> event("load", i.id().toString(), String.join(", ", i.repoTags())));
        OutputStream out = x.stream(200, "application/json");
        for (Image i : loaded) {
            List<String> names = i.repoTags().isEmpty() ? List.of("ID: " + i.id()) : i.repoTags();
            for (String n : names) {
                String line = n.startsWith("ID: ") ? "Loaded image " + n + "\n" : "Loaded image: " + n + "\n";
                out.write(Json.bytes(Map.of("stream", line)));
                out.write('\n');
            }
        }
        out.close();
    }

    private void save(Exchange x, List<String> names) throws IOException {
        if (names.isEmpty()) {
            throw BerthException.invalid("no image names given to save");
        }
        names.forEach(images::resolve);
        ImageService.ArchiveFormat format = x.query("format").filter("oci"::equals).isPresent()
                ? ImageService.ArchiveFormat.OCI : ImageService.ArchiveFormat.DOCKER;
        OutputStream out = x.stream(200, "application/x-tar");
        images.save(names, format, out);
        out.close();
    }

    private void tag(Exchange x) {
        String repo = x.query("repo").orElseThrow(() -> BerthException.invalid("tag needs a repo"));
        String tag = x.query("tag").filter(t -> !t.isEmpty()).orElse("latest");
        ImageRef target = new ImageRef(ImageRef.parse(repo).repository(), tag);
        images.tag(x.pathParam("name"), target);
        event("tag", images.resolve(target.toString()).id().toString(), target.toString());
        x.respondStatus(201);
    }

    private void remove(Exchange x) {
        List<Map<String, String>> lines = new ArrayList<>();
        for (ImageService.RemovalLine l : images.remove(x.pathParam("name"), x.queryBool("force"), containers.containerByImage())) {
            l.untagged().ifPresent(u -> {
                lines.add(Map.of("Untagged", u));
                event("untag", x.pathParam("name"), u);
            });
            l.deleted().ifPresent(d -> {
                lines.add(Map.of("Deleted", d));
                event("delete", d, x.pathParam("name"));
            });
        }
        containers.releaseVmDisks();
        x.respondJson(200, lines);
    }

    /** An image event as dockerd sends it: the image id (or the name asked for) and its name. */
    private void event(String action, String id, String name) {
        containers.events().publish("image", action, id, Map.of("name", name));
    }

    private void prune(Exchange x) {
        Filters f = Filters.parse(x.query("filters")).allow("dangling", "label", "until");
        boolean all = f.get("dangling").stream().anyMatch(v -> v.equals("false") || v.equals("0"));
        ImageService.PruneReport report = images.prune(all, containers.containerByImage().keySet());
        containers.releaseVmDisks();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ImagesDeleted", report.deletedImages().stream().map(d -> Map.of("Deleted", d)).toList());
        m.put("SpaceReclaimed", report.reclaimedBytes());
        x.respondJson(200, m);
    }
}
