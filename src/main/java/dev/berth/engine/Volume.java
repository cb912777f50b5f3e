package dev.berth.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** A named volume: a directory Berth owns, mounted into containers. */
public record Volume(String name, Path mountpoint, Instant created, Map<String, String> labels) {
    public Volume {
        labels = Map.copyOf(labels);
    }
}
