package dev.berth.orchestrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.common.BerthException;
import dev.berth.common.Digest;
import dev.berth.common.Json;
import dev.berth.compose.Deploy;
import dev.berth.compose.Service;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A service as the daemon stores it: the Compose service plus what it refers to in its project, so one stored
 * row is enough to make its replicas. Its JSON is the service's spec; the hash of what replicas are made from is
 * the service's version, so a change to any of it (a config's content included) rolls the service.
 *
 * @param networks     network key → the network's name on the host
 * @param volumes      volume key → the volume's name on the host
 * @param fileDigests  "configs/NAME" or "secrets/NAME" → digest of its content (the content itself is never here)
 * @param composeMode  made by {@code compose up}: Compose's container {@code restart} key governs instead of
 *                     {@code deploy.restart_policy}
 */
public record ServiceDefinition(Service service, Map<String, String> networks, Map<String, String> volumes,
                                Map<String, String> fileDigests, boolean composeMode) {
    public ServiceDefinition {
        networks = Map.copyOf(networks);
        volumes = Map.copyOf(volumes);
        fileDigests = Map.copyOf(fileDigests);
    }

    /** Canonical JSON: map entries sorted, so the same definition always gives the same spec and version. */
    public String json() {
        try {
            return Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw BerthException.internal("cannot encode service " + service.name() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static ServiceDefinition parse(String json) {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8), ServiceDefinition.class, "stored service");
    }

    /**
     * The version replicas are labelled with: the first 12 hex digits of the SHA-256 of what they are made from.
     * Of the deploy section only the resources count: a replica count or rollout setting changes no replica.
     */
    public String version() {
        Deploy d = service.deploy();
        Deploy shape = new Deploy(1, d.resources(), Deploy.RestartPolicy.ANY, Deploy.UpdateConfig.DEFAULT, Deploy.UpdateConfig.DEFAULT,
                Map.of());
        String made = new ServiceDefinition(service.toBuilder().deploy(shape).build(), networks, volumes, fileDigests, composeMode).json();
        return Digest.sha256(made.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 12);
    }
}
