package dev.berth.api.berth;

import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.image.Image;
import java.util.Map;
import java.util.function.Supplier;

/** Berth's native endpoints under {@code /berth/v1}, for what Docker's API has no words for. */
public final class BerthRoutes {
    private final Supplier<Image> busyboxBootstrap;

    public BerthRoutes(Supplier<Image> busyboxBootstrap) {
        this.busyboxBootstrap = busyboxBootstrap;
    }

    public void register(Router r) {
        r.add("POST", "/berth/v1/images/bootstrap", x -> {
            String name = x.query("name").orElse("busybox");
            if (!name.equals("busybox")) {
                throw BerthException.invalid("unknown bootstrap image '" + name + "': only busybox can be bootstrapped offline yet");
            }
            Image image = busyboxBootstrap.get();
            x.respondJson(200, Map.of("Id", image.id().toString(), "RepoTags", image.repoTags()));
        });
    }
}
