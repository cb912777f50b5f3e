package dev.berth.runtime;

/**
 * @param name          "runc" or "crun"
 * @param version       what the runtime says of its version
 * @param cgroupVersion 1 (v1 or hybrid hosts) or 2 (unified)
 */
public record RuntimeInfo(String name, String version, int cgroupVersion) {}
