package dev.berth.api.berth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.http.Router;
import dev.berth.common.BerthException;
import dev.berth.common.Json;
import dev.berth.compose.ComposeProject;
import dev.berth.engine.Container;
import dev.berth.orchestrate.ServiceDefinition;
import dev.berth.orchestrate.ServiceRecord;
import dev.berth.orchestrate.ServiceUpdate;
import dev.berth.orchestrate.StackService;
import dev.berth.orchestrate.StackStore;
import java.util.List;
import java.util.Map;

/**
 * Stacks and services under {@code /berth/v1}: Docker's own service API belongs to swarm mode, whose shapes
 * (tasks, nodes, raft versions) do not fit one host, so Berth has its own small one. Config and secret contents
 * are accepted in a deploy and never returned.
 */
public final class StackRoutes {
    private final StackService stacks;

    public StackRoutes(StackService stacks) {
        this.stacks = stacks;
    }

    public void register(Router r) {
        r.add("POST", "/berth/v1/stacks/{name}", x -> {
            ComposeProject project = x.bodyJson(ComposeProject.class);
            List<ServiceRecord> services = stacks.deploy(x.pathParam("name"), project, x.queryBool("compose"));
            x.respondJson(200, Map.of("Name", x.pathParam("name"), "Services", services.stream().map(this::summary).toList()));
        }).add("GET", "/berth/v1/stacks", x -> x.respondJson(200, stacks.stacks().stream().map(this::stackView).toList()))
                .add("DELETE", "/berth/v1/stacks/{name}", x -> {
                    stacks.remove(x.pathParam("name"), x.queryBool("volumes"));
                    x.respondStatus(204);
                })
                .add("GET", "/berth/v1/services", x -> x.respondJson(200,
                        stacks.services(x.query("stack")).stream().map(this::serviceView).toList()))
                .add("GET", "/berth/v1/services/{name}", x -> x.respondJson(200, serviceView(stacks.service(x.pathParam("name")))))
                .add("POST", "/berth/v1/services/{name}/scale", x -> {
                    int replicas = x.queryInt("replicas").orElseThrow(() -> BerthException.invalid("scale needs replicas=N"));
                    x.respondJson(200, serviceView(stacks.scale(x.pathParam("name"), replicas)));
                })
                .add("POST", "/berth/v1/services/{name}/update",
                        x -> x.respondJson(200, serviceView(stacks.update(x.pathParam("name"), x.bodyJson(ServiceUpdate.class)))))
                .add("POST", "/berth/v1/services/{name}/rollback",
                        x -> x.respondJson(200, serviceView(stacks.rollback(x.pathParam("name")))));
    }

    private Map<String, Object> summary(ServiceRecord s) {
        return Map.of("Name", s.stack() + "_" + s.name(), "Replicas", s.replicas(), "UpdateState", s.state().dockerName());
    }

    private Map<String, Object> stackView(StackStore.StackRow row) {
        return Map.of("Name", row.name(), "Services", stacks.services(java.util.Optional.of(row.name())).size(),
                "CreatedAt", row.created().toString());
    }

    /** One service: its definition (file contents are never part of it), desired and running replicas, rollout. */
    private ObjectNode serviceView(ServiceRecord s) {
        ServiceDefinition d = ServiceDefinition.parse(s.spec());
        List<Container> replicas = stacks.replicas(s);
        ObjectNode v = Json.object();
        v.put("ID", s.stack() + "_" + s.name());
        v.put("Name", s.stack() + "_" + s.name());
        v.put("Stack", s.stack());
        v.put("Service", s.name());
        v.put("Image", d.service().image());
        v.put("Mode", "replicated");
        v.put("Replicas", s.replicas());
        v.put("Running", replicas.stream().filter(c -> c.state().isRunning()).count());
        v.put("Version", d.version());
        v.set("Spec", Json.MAPPER.valueToTree(d.service()));
        v.set("Ports", Json.MAPPER.valueToTree(d.service().ports()));
        v.set("Endpoints", Json.MAPPER.valueToTree(stacks.publishedAddresses(s).stream()
                .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList()));
        ObjectNode status = v.putObject("UpdateStatus");
        status.put("State", s.state().dockerName());
        status.put("Message", s.message());
        status.put("UpdatedAt", s.updatedAt().toString());
        v.set("Tasks", Json.MAPPER.valueToTree(replicas.stream().map(c -> Map.of("ID", c.id(), "Name", c.name(),
                "State", c.state().status())).toList()));
        return v;
    }
}
