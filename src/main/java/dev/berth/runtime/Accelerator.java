package dev.berth.runtime;

/**
 * Which accelerator VMs get on this host, for {@code info}.
 *
 * @param name      "kvm" or "tcg"; "none" when VMs cannot run (no QEMU)
 * @param kvmUsable whether a probe guest really ran under KVM
 * @param detail    why KVM is not used, or empty
 */
public record Accelerator(String name, boolean kvmUsable, String detail) {}
