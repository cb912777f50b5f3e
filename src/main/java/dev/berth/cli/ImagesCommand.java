package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.Ids;
import dev.berth.common.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth images} / {@code image ls}: GET /images/json[?all=1][&filters=…], one row per tag (and digest). */
@Command(name = "images", description = "List images")
final class ImagesCommand implements Callable<Integer> {
    private static final ListingFormat.Column REPOSITORY = new ListingFormat.Column("REPOSITORY", "Repository");
    private static final ListingFormat.Column TAG = new ListingFormat.Column("TAG", "Tag");
    private static final List<ListingFormat.Column> REST = List.of(new ListingFormat.Column("IMAGE ID", "ID"),
            new ListingFormat.Column("CREATED", "CreatedSince"), new ListingFormat.Column("SIZE", "Size"));
    private static final List<ListingFormat.Column> COLUMNS = Stream.concat(Stream.of(REPOSITORY, TAG), REST.stream()).toList();
    private static final List<ListingFormat.Column> WITH_DIGESTS = Stream.concat(Stream.of(REPOSITORY, TAG,
            new ListingFormat.Column("DIGEST", "Digest")), REST.stream()).toList();
    private static final String NONE = "<none>";

    private final CliContext ctx;

    @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Mixin
    ListingQuery query;

    @Mixin
    ListingFormat format;

    ImagesCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        List<JsonNode> images = query.list(ctx, ApiPath.of("/images/json").flag("all", all));
        boolean noTrunc = query.noTrunc;
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            images.forEach(i -> ids.add(id(i.path("Id").asText(), noTrunc)));
            ids.forEach(ctx.out()::println);
            return ExitCodes.OK;
        }
        if (format.format.equals("json")) {
            format.print(ctx.out(), images, COLUMNS, i -> i);
            return ExitCodes.OK;
        }
        List<JsonNode> rows = new ArrayList<>();
        Instant now = Instant.now();
        for (JsonNode image : images) {
            references(image, digests).forEach(ref -> rows.add(row(image, ref, noTrunc, now)));
        }
        format.print(ctx.out(), rows, digests ? WITH_DIGESTS : COLUMNS, r -> r);
        return ExitCodes.OK;
    }

    /** A repository, a tag and a digest, each {@code <none>} when there is none. */
    record Reference(String repository, String tag, String digest) {}

    /**
     * The rows of one image as the docker CLI lists them: one per tag, times its repository's digests when they are
     * shown; a repository known only by digest gets a {@code <none>} tag; an image named by nothing is all {@code <none>}.
     */
    static List<Reference> references(JsonNode image, boolean showDigests) {
        Map<String, List<String>> tags = new LinkedHashMap<>();
        image.path("RepoTags").forEach(t -> {
            ImageName name = ImageName.parse(t.asText());
            tags.computeIfAbsent(name.repository(), r -> new ArrayList<>()).add(name.tag());
        });
        Map<String, List<String>> digestsByRepository = new LinkedHashMap<>();
        image.path("RepoDigests").forEach(d -> {
            String[] parts = d.asText().split("@", 2);
            digestsByRepository.computeIfAbsent(parts[0], r -> new ArrayList<>()).add(parts.length > 1 ? parts[1] : NONE);
        });
        List<Reference> refs = new ArrayList<>();
        tags.forEach((repository, repositoryTags) -> {
            List<String> repositoryDigests = digestsByRepository.remove(repository);
            List<String> shown = showDigests && repositoryDigests != null ? repositoryDigests : List.of(NONE);
            repositoryTags.forEach(tag -> shown.forEach(digest -> refs.add(new Reference(repository, tag, digest))));
        });
        digestsByRepository.forEach((repository, repositoryDigests) ->
                (showDigests ? repositoryDigests : List.of(NONE)).forEach(digest -> refs.add(new Reference(repository, NONE, digest))));
        return refs.isEmpty() ? List.of(new Reference(NONE, NONE, NONE)) : refs;
    }

    static ObjectNode row(JsonNode image, Reference ref, boolean noTrunc, Instant now) {
        ObjectNode row = Json.object();
        row.put("Repository", ref.repository());
        row.put("Tag", ref.tag());
        row.put("Digest", ref.digest());
        row.put("ID", id(image.path("Id").asText(), noTrunc));
        Instant created = Instant.ofEpochSecond(image.path("Created").asLong());
        row.put("CreatedSince", Human.ago(created, now));
        row.put("CreatedAt", created.toString());
        row.put("Size", Human.decimalSize(image.path("Size").asLong()));
        return row;
    }

    private static String id(String id, boolean noTrunc) {
        return noTrunc ? id : Ids.shortId(id.startsWith("sha256:") ? id.substring(7) : id);
    }
}
