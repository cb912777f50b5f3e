package dev.berth.cli;

import dev.berth.client.ApiPath;
import dev.berth.client.DaemonException;
import dev.berth.common.BerthException;
import dev.berth.compose.Build;
import dev.berth.compose.ComposeProject;
import dev.berth.compose.Service;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the images of services with a {@code build} key, as {@code docker compose build} does: through the
 * daemon's /build, each tagged with the service's {@code image} or else {@code PROJECT-SERVICE}; the project that
 * comes back names those images, ready to deploy.
 */
final class ComposeBuild {
    private ComposeBuild() {}

    /**
     * @param always build even when the image exists already ({@code --build}, {@code compose build})
     */
    static ComposeProject buildImages(CliContext ctx, ComposeProject project, boolean always) throws IOException {
        Map<String, Service> services = new LinkedHashMap<>();
        for (Service s : project.services().values()) {
            if (!s.build().present()) {
                services.put(s.name(), s);
                continue;
            }
            String tag = s.image().isEmpty() ? project.name() + "-" + s.name() : s.image();
            if (always || !exists(ctx, tag)) {
                build(ctx, s.name(), s.build(), tag);
            }
            services.put(s.name(), s.toBuilder().image(tag).build());
        }
        return new ComposeProject(project.name(), services, project.networks(), project.volumes(), project.configs(), project.secrets());
    }

    private static boolean exists(CliContext ctx, String image) {
        try {
            ctx.client().get(ApiPath.of("/images/%s/json", image));
            return true;
        } catch (DaemonException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static void build(CliContext ctx, String service, Build b, String tag) throws IOException {
        BuildCommand build = new BuildCommand(ctx);
        build.context = b.context();
        Path dockerfile = Path.of(b.context()).resolve(b.dockerfile().isEmpty() ? "Dockerfile" : b.dockerfile());
        build.file = dockerfile.toString();
        build.tags = new ArrayList<>(List.of(tag));
        List<String> args = new ArrayList<>();
        b.args().forEach((k, v) -> args.add(k + "=" + v));
        build.buildArgs = args;
        build.target = b.target();
        ctx.out().println("Building " + service);
        if (build.call() != ExitCodes.OK) {
            throw BerthException.invalid("building the image of service " + service + " failed (see above)");
        }
    }
}
