package dev.berth.api.berth;

import dev.berth.api.http.Router;
import dev.berth.image.Image;
import java.util.Map;
import java.util.function.Function;

/** Berth's native endpoints under {@code /berth/v1}, for what Docker's API has no words for. */
public final class BerthRoutes {
    private final Function<String, Image> bootstrap;

    /** @param bootstrap builds a base image by its name (busybox, debian:bookworm) without a registry */
    public BerthRoutes(Function<String, Image> bootstrap) {
        this.bootstrap = bootstrap;
    }

    public void register(Router r) {
        r.add("POST", "/berth/v1/images/bootstrap", x -> {
            Image image = bootstrap.apply(x.query("name").orElse("busybox"));
            x.respondJson(200, Map.of("Id", image.id().toString(), "RepoTags", image.repoTags()));
        });
    }
}
