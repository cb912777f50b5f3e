package dev.berth.api.docker;

import dev.berth.api.http.Exchange;
import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.common.GoTime;
import dev.berth.common.Json;
import dev.berth.engine.ContainerArchive;
import dev.berth.engine.PathStat;
import java.io.OutputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /containers/{id}/archive}, what {@code docker cp} and Testcontainers' copy to and from containers use:
 * HEAD describes a path in the {@code X-Docker-Container-Path-Stat} header, GET also sends it as a tar, PUT extracts
 * a tar into a directory. Legal in every container state, created ones included.
 */
public final class ArchiveRoutes {
    static final String STAT_HEADER = "X-Docker-Container-Path-Stat";

    private final ContainerArchive archive;

    public ArchiveRoutes(ContainerArchive archive) {
        this.archive = archive;
    }

    public void register(Router r) {
        r.add("HEAD", "/containers/{id}/archive", x -> {
            withStat(x);
            x.respondStatus(200);
        }).add("GET", "/containers/{id}/archive", x -> {
            withStat(x);
            try (OutputStream out = x.stream(200, "application/x-tar")) {
                archive.write(x.pathParam("id"), path(x), out);
            }
        }).add("GET", "/containers/{id}/export", x -> {
            try (OutputStream out = x.stream(200, "application/x-tar")) {
                archive.export(x.pathParam("id"), out);
            }
        }).add("PUT", "/containers/{id}/archive", x -> {
            archive.extract(x.pathParam("id"), path(x), x.body(), x.queryBool("noOverwriteDirNonDir"), x.queryBool("copyUIDGID"));
            x.respondStatus(200);
        });
    }

    private void withStat(Exchange x) {
        x.responseHeader(STAT_HEADER, statHeader(archive.stat(x.pathParam("id"), path(x))));
    }

    private static String path(Exchange x) {
        return x.query("path").filter(p -> !p.isEmpty())
                .orElseThrow(() -> BerthException.invalid("bad parameter: path cannot be empty (want ?path=/in/the/container)"));
    }

    /** The header's value: base64 of moby's PathStat JSON, mtime as Go marshals a time.Time. */
    static String statHeader(PathStat stat) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", stat.name());
        json.put("size", stat.size());
        json.put("mode", stat.mode());
        json.put("mtime", GoTime.rfc3339Nano(stat.mtime()));
        json.put("linkTarget", stat.linkTarget());
        return Base64.getEncoder().encodeToString(Json.bytes(json));
    }
}
