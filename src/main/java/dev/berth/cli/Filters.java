package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.ApiPath;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import java.util.List;

/** {@code --filter key=value} flags as Docker's {@code filters} query: {@code {"key":["value",…]}}. */
final class Filters {
    private Filters() {}

    static void addTo(ApiPath path, List<String> filters) {
        if (filters.isEmpty()) {
            return;
        }
        ObjectNode json = Json.object();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw BerthException.invalid("bad format of filter '" + f + "' (expected name=value)");
            }
            json.withArray(f.substring(0, eq)).add(f.substring(eq + 1));
        }
        path.param("filters", Json.string(json));
    }
}
