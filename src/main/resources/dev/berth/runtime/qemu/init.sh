#!/bin/busybox sh
# Berth's guest init (PID 1 of a VM run with --isolation vm). The host packs it with a static busybox and the
# kernel modules listed in /berth/modules; /berth/spec.sh, written per VM, says what to run through the helpers
# below. Protocol on the virtio-serial ports: the process's stdout and stderr on berth.stdout and berth.stderr;
# "ready", then "exit CODE" (or "error MESSAGE") lines on berth.status; signal numbers to forward arrive as lines
# on berth.signal. The guest agent (serve_agent, below) runs execs for berthd on berth.agent and the exec slots'
# ports berth.exec.N.in/out/err.
export PATH=/bin
# The host quotes every value on one line and writes a newline inside one as '"$nl"'.
nl='
'

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
# only, as every fork costs under emulation). QEMU names a port a moment after the driver made it, so
# find_ports VARIABLE... waits until those are set, 10 s at most, and leaves the missing ones in $missing: a read
# with a timeout from a FIFO that nobody writes is a sleep without a fork.
exec 9<> /berth/run/idle
find_ports() {
    waited=0
    while :; do
        for p in /sys/class/virtio-ports/*; do
            [ -r "$p/name" ] || continue
            read -r name < "$p/name"
            case "$name" in
                berth.status) status=/dev/${p##*/} ;;
                berth.stdout) stdout=/dev/${p##*/} ;;
                berth.stderr) stderr=/dev/${p##*/} ;;
                berth.signal) signals=/dev/${p##*/} ;;
                berth.agent) agent=/dev/${p##*/} ;;
                berth.exec.*) n=${name#berth.exec.} && eval "exec_${n%.*}_${n##*.}=/dev/${p##*/}" ;;
            esac
        done
        missing=
        for port in "$@"; do
            eval "[ -n \"\$$port\" ]" || missing="$missing $port"
        done
        [ -n "$missing" ] || return 0
        [ "$waited" -lt 1000 ] || return 1
        waited=$((waited + 1))
        read -t 0.01 idle <&9
    done
}
find_ports status stdout stderr signals || fail "no virtio-serial port for$missing"

# The kernel leaves lo down; workloads expect 127.0.0.1, with or without a network.
ip link set lo up || fail "cannot bring up the loopback interface"
# A full-OS VM's own disk may hold its root in a partition.
mount -t ext4 /dev/vda /newroot 2> /dev/null || mount -t ext4 /dev/vda1 /newroot 2> /dev/null || mount -t ext4 /dev/vda2 /newroot ||
    fail "cannot mount the root disk: no ext4 file system on /dev/vda or its first two partitions"
mkdir -p /newroot/proc /newroot/sys /newroot/dev
mount -t proc proc /newroot/proc
mount -t sysfs sysfs /newroot/sys
mount -t devtmpfs devtmpfs /newroot/dev

# Helpers for spec.sh.
copy_file() { # copy_file N DESTINATION: a file the host sent (hosts, resolv.conf, hostname)
    mkdir -p "/newroot$(dirname "$2")" && cat "/berth/files/$1" > "/newroot$2" || fail "cannot write $2"
}
bind_file() { # bind_file N DESTINATION MODE UID GID: a read-only file (a config, a secret) that stays in this RAM, never on the disk
    f="/berth/files/$1" && chmod "$3" "$f" && chown "$4:$5" "$f" && mkdir -p "/newroot$(dirname "$2")" && touch "/newroot$2" &&
        mount --bind "$f" "/newroot$2" && mount -o remount,bind,ro "/newroot$2" || fail "cannot mount $2"
}
network() { # network ADDRESS/PREFIX [GATEWAY]: eth0 (with the sandbox's MAC, from QEMU) as the sandbox's was
    ip addr add "$1" dev eth0 && ip link set eth0 up || fail "cannot configure eth0 with $1"
    [ -z "$2" ] || ip route add default via "$2" dev eth0 || fail "cannot add the default route via $2"
}
mount_tmpfs() { # mount_tmpfs DESTINATION OPTIONS
    mkdir -p "/newroot$1" && mount -t tmpfs -o "$2" tmpfs "/newroot$1" || fail "cannot mount tmpfs on $1"
}
boot_os() { # boot_os INIT [ARG...]: a full-OS VM's own init becomes PID 1 on the root disk, with the serial port as
    # its console; the modules its power button needs come first, so that berth stop (ACPI) reaches that init.
    while read -r module; do
        insmod "/lib/modules/$module" || fail "cannot load kernel module $module"
    done < /berth/os-modules
    [ -x "/newroot$1" ] || [ -L "/newroot$1" ] || fail "the root disk has no init $1"
    echo ready > "$status"
    exec switch_root /newroot "$@"
}
. /berth/spec.sh

# The guest agent. berthd keeps one connection to berth.agent and sends lines (dev.berth.runtime.qemu.AgentProtocol):
#   hello                       answered with "hello 1"
#   exec ID SLOT STDIN COMMAND  runs COMMAND (shell words) on exec slot SLOT, with the slot's in port as its stdin
#                               when STDIN is 1: "accepted ID" or "busy ID OWNER", then "pid ID PID", "exit ID CODE",
#                               and "done ID" once the slot is free again
#   kill ID SLOT SIGNAL         signals exec ID's process group
# The agent writes "hello 1" on each new connection too: a write to a port blocks while no host is connected, and
# a read returns end of file, so the loop waits there instead of spinning. Replies from several execs are single
# writes, which a port delivers whole. Execs are reaped by "jobs", which needs no fork.
serve_agent() {
    find_ports agent || { echo "berth: the guest agent has no virtio-serial port" > /dev/console; return; }
    exec 3<> "$agent"
    while :; do
        echo "hello 1" >&3
        while read -r verb id slot arg command <&3; do
            case "$verb" in
                hello) echo "hello 1" >&3 ;;
                exec) start_exec "$id" "$slot" "$arg" "$command" ;;
                kill)
                    owner=- && [ ! -e "/berth/run/$slot" ] || read -r owner pid < "/berth/run/$slot"
                    # The process group exists once setsid ran; before, the pid is the process.
                    [ "$owner" != "$id" ] || kill "-$arg" "-$pid" 2> /dev/null || kill "-$arg" "$pid" 2> /dev/null
                    ;;
            esac
            jobs > /dev/null
        done
    done
}

# /berth/run/SLOT holds "-" when the slot is free, else "ID" or "ID PID" of the exec it runs.
start_exec() { # ID SLOT STDIN COMMAND
    owner=- && [ ! -e "/berth/run/$2" ] || read -r owner pid < "/berth/run/$2"
    if [ "$owner" != - ]; then
        echo "busy $1 $owner" >&3
        return
    fi
    # berthd plugs a slot's ports in before its first exec; the guest sees them a moment later.
    if ! eval "[ -n \"\$exec_$2_err\" ]" && ! find_ports "exec_$2_in" "exec_$2_out" "exec_$2_err"; then
        echo "error $1 no virtio-serial port for$missing" >&3
        return
    fi
    echo "$1" > "/berth/run/$2"
    echo "accepted $1" >&3
    run_exec "$@" < /dev/null &
}

# One exec, in the background. stdout and stderr go through FIFOs to copiers that write the slot's ports, so the
# end marker follows once every writer is gone (a process the exec left running included); a guest closing a port
# is not seen by the host, so the marker is how berthd knows the stream ended. With STDIN, the process reads the
# in port itself, after a byte written to it has waited for berthd to connect (before that it would read end of
# file); berthd disconnecting is its end of file. setsid makes it a process group for kill.
run_exec() { # ID SLOT STDIN COMMAND
    eval "in=\$exec_$2_in out=\$exec_$2_out err=\$exec_$2_err"
    [ "$3" = 1 ] || in=/dev/null
    # "command": a failed redirection of exec itself would end this shell without a word to berthd.
    if ! { command exec 4> "$out" 5> "$err" 6<> "$in"; } 2> /dev/null; then
        echo - > "/berth/run/$2"
        echo "error $1 cannot open the ports of exec slot $2" >&3
        return
    fi
    [ "$3" != 1 ] || printf r >&6
    cat "/berth/run/$2.out" >&4 3>&- 5>&- 6<&- 9<&- &
    copy_out=$!
    cat "/berth/run/$2.err" >&5 3>&- 4>&- 6<&- 9<&- &
    copy_err=$!
    # Opened here, where the copiers' opens meet them: a process killed before its own opens cannot leave the
    # copiers waiting for a writer.
    exec 7> "/berth/run/$2.out" 8> "/berth/run/$2.err"
    eval "exec setsid $4" <&6 >&7 2>&8 3>&- 4>&- 5>&- 6<&- 7>&- 8>&- 9<&- &
    pid=$!
    exec 6<&- 7>&- 8>&-
    echo "$1 $pid" > "/berth/run/$2"
    echo "pid $1 $pid" >&3
    wait "$pid"
    echo "exit $1 $?" >&3
    wait "$copy_out" "$copy_err"
    printf 'berth:exec:end:%s' "$1" >&4
    printf 'berth:exec:end:%s' "$1" >&5
    exec 4>&- 5>&-
    echo - > "/berth/run/$2"
    echo "done $1" >&3
}

# spec.sh defines run_process; it runs with the output on the ports and its pid known for signals. The agent
# starts next, in the background: the workload does not wait for it.
run_process < /dev/null > "$stdout" 2> "$stderr" 9<&- &
pid=$!
serve_agent < /dev/null > /dev/null 2>&1 &
( while read -r signal; do kill "-$signal" "$pid"; done < "$signals" ) &
echo ready > "$status"
wait "$pid"
code=$?
sync
echo "exit $code" > "$status"
poweroff -f
