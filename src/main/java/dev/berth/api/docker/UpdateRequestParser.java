package dev.berth.api.docker;

import static dev.berth.api.docker.CreateRequestParser.longField;
import static dev.berth.api.docker.CreateRequestParser.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.BerthException;
import dev.berth.engine.ContainerUpdate;

/**
 * The body of {@code POST /containers/{id}/update} (Docker's {@code UpdateConfig}): limits that are absent, null or 0
 * stay as they are, and a RestartPolicy with an empty name keeps the old policy, as dockerd reads it. Fields Berth
 * does not apply (blkio, devices, ulimits…) are ignored when empty and refused when set, so nothing is silently lost.
 */
final class UpdateRequestParser {
    /** Docker's default CFS period for {@code --cpu-quota} without {@code --cpu-period}. */
    private static final long DEFAULT_CPU_PERIOD = 100_000;

    private UpdateRequestParser() {}

    static ContainerUpdate parse(JsonNode body) {
        if (!body.isObject()) {
            throw BerthException.invalid("invalid update: want a JSON object");
        }
        for (String unsupported : new String[] {"CpusetCpus", "CpusetMems", "BlkioWeight", "KernelMemory", "CpuRealtimeRuntime"}) {
            JsonNode n = body.get(unsupported);
            if (n != null && !n.isNull() && !n.asText().isEmpty() && !n.asText().equals("0")) {
                throw BerthException.invalid("updating " + unsupported + " is not supported by Berth; recreate the container with it");
            }
        }
        long nanoCpus = longField(body, "NanoCpus");
        long quota = longField(body, "CpuQuota");
        if (quota > 0) {
            if (nanoCpus > 0) {
                throw BerthException.invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
            }
            long period = longField(body, "CpuPeriod") > 0 ? longField(body, "CpuPeriod") : DEFAULT_CPU_PERIOD;
            nanoCpus = quota * 1_000_000_000L / period;
        }
        JsonNode policy = body.path("RestartPolicy");
        boolean replacesPolicy = policy.isObject() && !text(policy, "Name").isEmpty();
        return new ContainerUpdate(longField(body, "Memory"), longField(body, "MemorySwap"), nanoCpus,
                longField(body, "CpuShares"), longField(body, "PidsLimit"),
                CreateRequestParser.restartPolicy(replacesPolicy ? policy : com.fasterxml.jackson.databind.node.MissingNode.getInstance()),
                replacesPolicy);
    }
}
