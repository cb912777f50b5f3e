#!/bin/busybox sh
# Berth's guest init (PID 1 of a VM run with --isolation vm). The host packs it with a static busybox and the
# kernel modules listed in /berth/modules; /berth/spec.sh, written per VM, says what to run through the helpers
# below. Protocol on the virtio-serial ports: the process's stdout and stderr on berth.stdout and berth.stderr;
# "ready", then "exit CODE" (or "error MESSAGE") lines on berth.status; signal numbers to forward arrive as lines
# on berth.signal.
export PATH=/bin

fail() {
    echo "error $*" > "${status:-/dev/console}"
    poweroff -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
while read -r module; do
    insmod "/lib/modules/$module" || fail "cannot load kernel module $module"
done < /berth/modules

# Without udev the ports have no /dev/virtio-ports links: find each by the name QEMU gave it (shell builtins
# only, as every fork costs under emulation).
for p in /sys/class/virtio-ports/*; do
    read -r name < "$p/name"
    case "$name" in
        berth.status) status=/dev/${p##*/} ;;
        berth.stdout) stdout=/dev/${p##*/} ;;
        berth.stderr) stderr=/dev/${p##*/} ;;
        berth.signal) signals=/dev/${p##*/} ;;
    esac
done
for port in status stdout stderr signals; do
    eval "[ -n \"\$$port\" ]" || fail "no virtio-serial port for $port"
done

# The kernel leaves lo down; workloads expect 127.0.0.1, with or without a network.
ip link set lo up || fail "cannot bring up the loopback interface"
mount -t ext4 /dev/vda /newroot || fail "cannot mount the root disk /dev/vda"
mkdir -p /newroot/proc /newroot/sys /newroot/dev
mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t devtmpfs devtmpfs /newroot/dev

# Helpers for spec.sh.
copy_file() { # copy_file N DESTINATION: a file the host sent (hosts, resolv.conf, hostname)
    mkdir -p "/newroot$(dirname "$2")" && cat "/berth/files/$1" > "/newroot$2" || fail "cannot write $2"
}
network() { # network ADDRESS/PREFIX [GATEWAY]: eth0 (with the sandbox's MAC, from QEMU) as the sandbox's was
    ip addr add "$1" dev eth0 && ip link set eth0 up || fail "cannot configure eth0 with $1"
    [ -z "$2" ] || ip route add default via "$2" dev eth0 || fail "cannot add the default route via $2"
}
mount_tmpfs() { # mount_tmpfs DESTINATION OPTIONS
    mkdir -p "/newroot$1" && mount -t tmpfs -o "$2" tmpfs "/newroot$1" || fail "cannot mount tmpfs on $1"
}
. /berth/spec.sh

# spec.sh defines run_process; it runs with the output on the ports and its pid known for signals.
run_process < /dev/null > "$stdout" 2> "$stderr" &
pid=$!
( while read -r signal; do kill "-$signal" "$pid"; done < "$signals" ) &
echo ready > "$status"
wait "$pid"
code=$?
sync
echo "exit $code" > "$status"
poweroff -f
