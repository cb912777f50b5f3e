package dev.berth.runtime.qemu;

import dev.berth.common.BerthException;
import dev.berth.common.GuestOs;
import dev.berth.common.Mount;
import dev.berth.runtime.ContainerSpec;
import dev.berth.runtime.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A VM's {@code /berth/spec.sh}: what the guest init (init.sh) does for this container, as calls of its helpers.
 * Every value is single-quoted, so nothing from the image or the user is ever interpreted by the shell. The
 * workload runs through busybox's nsenter, which enters the root disk (-r), the working directory (-w) and the
 * uid and gid (-S, -G) in one exec, with exactly the container's environment (env -i). nsenter opens both
 * directories before it changes root, so the working directory is named as seen from the initramfs. A full-OS VM
 * ({@link GuestOs}) ends its script handing the machine to its own init instead.
 *
 * @param script the script
 * @param files  contents of the files it copies, as {@code /berth/files/N}
 */
record GuestScript(String script, List<byte[]> files) {
    /** Bind mounts of files (hosts, resolv.conf, hostname) are copied in; larger ones are not what they are for. */
    static final long MAX_COPIED_FILE = 1024 * 1024;

    static GuestScript of(ContainerSpec spec) {
        return of(spec, Optional.empty());
    }

    /** With {@code network}, the guest configures its eth0 as the sandbox's was before the process runs. */
    static GuestScript of(ContainerSpec spec, Optional<GuestNetwork> network) {
        ProcessSpec process = spec.process();
        if (process.terminal() && !GuestOs.requested(spec.labels())) {
            throw BerthException.invalid("VMs that run an image have no terminal yet: run without -t (a full-OS VM's console is one)");
        }
        StringBuilder script = new StringBuilder();
        List<byte[]> files = new ArrayList<>();
        script.append("hostname ").append(quote(spec.hostname())).append('\n');
        network.ifPresent(n -> script.append(n.guestCall()));
        for (Mount mount : spec.mounts()) {
            switch (mount.type()) {
                case "tmpfs" -> script.append("mount_tmpfs ").append(quote(mount.destination())).append(' ')
                        .append(quote(String.join(",", mount.options()))).append('\n');
                case "bind" -> {
                    files.add(copiedFile(mount));
                    if (mount.options().contains("ro")) {
                        script.append("bind_file ").append(files.size() - 1).append(' ').append(quote(mount.destination())).append(' ')
                                .append(owner(mount)).append('\n');
                    } else {
                        script.append("copy_file ").append(files.size() - 1).append(' ').append(quote(mount.destination())).append('\n');
                    }
                }
                default -> throw BerthException.invalid("VMs cannot mount %s on %s yet".formatted(mount.type(), mount.destination()));
            }
        }
        // The working directory is made here, as runc makes a container's: the host leaves the image's root untouched.
        script.append("mkdir -p ").append(quote("/newroot" + process.cwd())).append(" || fail ")
                .append(quote("cannot make the working directory " + process.cwd())).append('\n');
        if (spec.readOnlyRoot()) {
            script.append("mount -o remount,ro /newroot || fail 'cannot make the root read-only'\n");
        }
        if (GuestOs.requested(spec.labels())) {
            script.append("boot_os ").append(process.args().stream().map(GuestScript::quote).collect(Collectors.joining(" "))).append('\n');
        } else {
            script.append("run_process() {\n    exec ").append(command(process)).append("\n}\n");
        }
        return new GuestScript(script.toString(), List.copyOf(files));
    }

    /**
     * A shell script that gives a guest resumed from a snapshot this VM's identity: its hostname, its NIC, and the
     * files copied in (hosts, resolv.conf, hostname), base64-encoded as they may hold anything. Run as root in the
     * initramfs by the guest agent; the workload keeps the environment it started with.
     */
    static String identity(ContainerSpec spec, Optional<GuestNetwork> network) {
        StringBuilder script = new StringBuilder("hostname ").append(quote(spec.hostname())).append(" || exit 1\n");
        network.ifPresent(n -> script.append(n.guestRenumber()));
        for (Mount mount : spec.mounts()) {
            // Read-only files (configs, secrets) stay bound as they were: a clone or restore has the same ones.
            if (mount.type().equals("bind") && !mount.options().contains("ro")) {
                script.append("echo ").append(Base64.getEncoder().encodeToString(copiedFile(mount)))
                        .append(" | /bin/busybox base64 -d > ").append(quote("/newroot" + mount.destination())).append(" || exit 1\n");
            }
        }
        return script.toString();
    }

    /**
     * The shell command, one line, that runs {@code process} on the root disk: the workload's in run_process, an
     * exec's in the guest agent's request.
     */
    static String command(ProcessSpec process) {
        return "env -i " + process.env().stream().map(GuestScript::quote).map(e -> e + " ").collect(Collectors.joining())
                + "/bin/busybox nsenter " + quote("-r/newroot") + ' ' + quote("-w/newroot" + process.cwd())
                + " -S " + process.uid() + " -G " + process.gid() + " -F "
                + process.args().stream().map(GuestScript::quote).collect(Collectors.joining(" "));
    }

    /** The host file's mode (octal), uid and gid, which the guest gives its copy: a secret's 0400 and owner hold there too. */
    private static String owner(Mount mount) {
        try {
            Map<String, Object> unix = Files.readAttributes(Path.of(mount.source()), "unix:mode,uid,gid");
            return Integer.toOctalString((Integer) unix.get("mode") & 07777) + " " + unix.get("uid") + " " + unix.get("gid");
        } catch (IOException e) {
            throw BerthException.invalid("cannot read the owner of %s to copy it into the VM: %s".formatted(mount.source(), e.getMessage()));
        }
    }

    private static byte[] copiedFile(Mount mount) {
        Path source = Path.of(mount.source());
        try {
            if (!Files.isRegularFile(source) || Files.size(source) > MAX_COPIED_FILE) {
                throw BerthException.invalid("VMs cannot bind-mount %s on %s: only files up to 1 MiB are copied in, not directories or volumes"
                        .formatted(source, mount.destination()));
            }
            return Files.readAllBytes(source);
        } catch (IOException e) {
            throw BerthException.invalid("cannot read %s to copy it into the VM: %s".formatted(source, e.getMessage()));
        }
    }

    /**
     * POSIX shell single quotes: everything literal, a quote itself as '\''. A newline becomes '"$nl"' (init.sh sets
     * {@code nl} to one), so that every command is one line, as the guest agent reads its requests.
     */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''").replace("\n", "'\"$nl\"'") + "'";
    }
}
