package dev.berth.runtime;

/**
 * How a VM started: with which accelerator, and how long from launching the hypervisor until the guest's init
 * said it was ready to run the workload.
 *
 * @param accelerator "kvm" or "tcg"
 */
public record VmBoot(String accelerator, long bootToReadyMillis) {}
