package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.ApiPath;
import dev.berth.common.Json;
import dev.berth.compose.ComposeProject;

/** Sends a loaded project to the daemon, which stores it as a stack and converges to it. */
final class StackDeploy {
    private StackDeploy() {}

    /** POST /berth/v1/stacks/{name}[?compose=1]; prints one line per service as Docker's stack deploy does. */
    static JsonNode deploy(CliContext ctx, String name, ComposeProject project, boolean compose) {
        JsonNode answer = ctx.client().post(ApiPath.of("/berth/v1/stacks/%s", name).flag("compose", compose),
                Json.MAPPER.valueToTree(project));
        for (JsonNode s : answer.path("Services")) {
            ctx.out().println((compose ? "Service " : "Creating service ") + s.path("Name").asText()
                    + (s.path("UpdateState").asText().equals("updating") ? " (updating)" : ""));
        }
        return answer;
    }
}
