package dev.berth.compose;

import dev.berth.common.BerthException;
import java.util.Map;

/**
 * A top-level named volume.
 *
 * @param name     the volume's name on the host: {@code name:} if given, else {@code <project>_<key>}, or the key itself
 *                 for an external volume
 * @param external whether the volume exists already and the project neither creates nor removes it
 * @param labels   labels of the volume
 */
public record ProjectVolume(String name, boolean external, Map<String, String> labels) {
    public ProjectVolume {
        Checks.resourceName(name, "volume");
        labels = Checks.orderedCopy(labels);
        if (external && !labels.isEmpty()) {
            throw BerthException.invalid("an external volume is labelled where it was created; drop its labels");
        }
    }
}
