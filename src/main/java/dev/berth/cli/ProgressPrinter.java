package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints Docker's JSON progress stream of a pull or push. On a terminal every layer keeps one line that is redrawn
 * in place with its bytes, speed and time left; otherwise each step is one plain line and byte counts are left
 * out, as Docker's CLI does. An {@code error} message ends the stream as a failure.
 */
final class ProgressPrinter {
    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, Instant> startedAt = new LinkedHashMap<>();
    private int drawn;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void print(JsonNode message) {
        if (message.hasNonNull("error")) {
            throw BerthException.internal(message.path("errorDetail").path("message").asText(message.path("error").asText()));
        }
        String status = message.path("status").asText("");
        if (status.isEmpty()) {
            return; // aux messages carry data for programs, not text
        }
        String id = message.path("id").asText("");
        JsonNode detail = message.path("progressDetail");
        boolean isBytes = detail.has("total") && detail.path("total").asLong() > 0;
        if (id.isEmpty() || !isLayer(status, id)) {
            redrawThen(id.isEmpty() ? status : id + ": " + status);
            return;
        }
        if (!terminal) {
            if (!isBytes) {
                out.println(id + ": " + status);
            }
            return;
        }
        String line = id + ": " + status;
        if (isBytes) {
            line += " " + bytes(id, detail.path("current").asLong(), detail.path("total").asLong());
        }
        lines.put(id, line);
        redraw();
    }

    /** "Pulling from x" carries the tag as its id; layer lines carry 12 hex digits. */
    private static boolean isLayer(String status, String id) {
        return id.matches("[0-9a-f]{12}") && !status.startsWith("Pulling from");
    }

    private String bytes(String id, long current, long total) {
        Instant start = startedAt.computeIfAbsent(id, k -> Instant.now());
        double seconds = Math.max(Duration.between(start, Instant.now()).toMillis(), 1) / 1000.0;
        double rate = current / seconds;
        String eta = rate > 0 && current < total ? " " + Math.round((total - current) / rate) + "s left" : "";
        return String.format("%s/%s %s/s%s", Human.binarySize(current), Human.binarySize(total), Human.binarySize(rate), eta);
    }

    /** Prints a line below the layer block, which stays where it is. */
    private void redrawThen(String line) {
        if (terminal) {
            redraw();
            drawn = 0;
            lines.clear();
        }
        out.println(line);
    }

    private void redraw() {
        if (drawn > 0) {
            out.print("\033[" + drawn + "A");
        }
        lines.values().forEach(l -> out.print("\033[2K" + l + "\n"));
        drawn = lines.size();
        out.flush();
    }
}
