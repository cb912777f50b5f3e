package dev.berth.api.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.docker.CreateRequestParser;
import dev.berth.common.BerthException;
import dev.berth.common.GuestOs;
import dev.berth.common.Json;
import dev.berth.engine.CreateContainer;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /berth/v1/vms}: a full-OS VM, made of an image's files or of a disk image, with its own
 * init and optionally its own kernel. It becomes the container create that Docker's API would send for it (a VM
 * isolation, a terminal and stdin for the serial console, {@link GuestOs}'s labels), so that both paths make the same
 * VM and check it the same way.
 * <pre>
 * {"Image": "debian:bookworm" | "Disk": "/abs/disk.qcow2", "Init": "/sbin/init", "Kernel": "/abs/vmlinuz",
 *  "Initrd": "/abs/initrd", "Append": "root=/dev/vda", "Hostname": "h", "NanoCpus": 2000000000, "Memory": 536870912,
 *  "DiskSize": "2G", "Network": "net", "PortBindings": {"80/tcp": [{"HostPort": "8080"}]},
 *  "RestartPolicy": {"Name": "on-failure"}, "Labels": {"k": "v"}}
 * </pre>
 */
final class FullOsVmRequest {
    private static final Set<String> FIELDS = Set.of("Image", "Disk", "Init", "Kernel", "Initrd", "Append", "Hostname", "NanoCpus",
            "Memory", "DiskSize", "Network", "PortBindings", "RestartPolicy", "Labels");
    private static final Map<String, String> BOOT_FILES = Map.of("Disk", GuestOs.DISK_LABEL, "Kernel", GuestOs.KERNEL_LABEL,
            "Initrd", GuestOs.INITRD_LABEL, "Append", GuestOs.APPEND_LABEL);

    private FullOsVmRequest() {}

    static CreateContainer parse(JsonNode body, String name) {
        if (!body.isObject()) {
            throw BerthException.invalid("invalid VM config: want a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw BerthException.invalid("unknown field %s in a VM config: use %s".formatted(field, String.join(", ", FIELDS.stream().sorted().toList())));
            }
        }
        if (body.hasNonNull("Image") == body.hasNonNull("Disk")) {
            throw BerthException.invalid("a full-OS VM is made of an image (Image) or of a disk image (Disk): give one of them");
        }
        ObjectNode create = Json.object().put("Tty", true).put("OpenStdin", true);
        // A disk VM's Image names the disk, as users see it in ps; its files come from the disk alone.
        create.set("Image", body.hasNonNull("Image") ? body.get("Image") : body.get("Disk"));
        create.putArray("Cmd").add(body.path("Init").asText("/sbin/init"));
        copy(body, create, "Hostname");
        ObjectNode labels = create.putObject("Labels");
        if (body.has("Labels")) {
            labels.setAll((ObjectNode) requireObject(body, "Labels"));
        }
        labels.put(GuestOs.BOOT_LABEL, GuestOs.OS);
        BOOT_FILES.forEach((field, label) -> {
            if (body.hasNonNull(field)) {
                labels.put(label, body.get(field).asText());
            }
        });
        ObjectNode host = create.putObject("HostConfig").put("Isolation", "vm");
        copy(body, host, "NanoCpus");
        copy(body, host, "Memory");
        copy(body, host, "RestartPolicy");
        copy(body, host, "PortBindings");
        if (body.hasNonNull("Network")) {
            host.set("NetworkMode", body.get("Network"));
        }
        if (body.hasNonNull("DiskSize")) {
            host.putObject("StorageOpt").set("size", body.get("DiskSize"));
        }
        if (host.has("PortBindings")) {
            ObjectNode exposed = create.putObject("ExposedPorts");
            requireObject(body, "PortBindings").fieldNames().forEachRemaining(port -> exposed.putObject(port));
        }
        return CreateRequestParser.parse(create, name);
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.set(field, from.get(field));
        }
    }

    private static JsonNode requireObject(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (!value.isObject()) {
            throw BerthException.invalid("invalid type for field %s: want an object".formatted(field));
        }
        return value;
    }
}
