package dev.berth.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One host side of a published port in Docker's shape; {@code HostPort} "" asks for any free port. */
public record PortBinding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {

    public PortBinding {
        hostIp = hostIp == null ? "" : hostIp;
        hostPort = hostPort == null ? "" : hostPort;
    }
}
