#!/usr/bin/env python3
"""Helper for `bench/vm restore` (standard library only): restore from a memory snapshot vs a cold boot.

  vm_restore.py BERTH SOCKET RUNS WARMUP

Readiness is the same for both: a busybox httpd in the VM answers GET /hostname on a port published on 127.0.0.1,
timed from the CLI call until the first answer, seen from the host.
  cold:    `berth run -d --isolation vm -p 127.0.0.1:PORT:80 busybox httpd ...` (create, root disk overlay, boot,
           guest init, httpd), then removed untimed;
  restore: `berth vm restore VM ready` of a running VM whose snapshot "ready" was taken once its httpd answered
           (QEMU replaced, disk copied back, memory loaded, guest identity and clock set, httpd answers on).
Rounds interleave the two so load from elsewhere hits both alike. Prints a table, then one JSON object as the
last line of stdout. Progress goes to stderr.
"""
import json
import socket
import statistics
import subprocess
import sys
import time

HTTPD = ["busybox", "httpd", "-f", "-p", "80", "-h", "/etc"]
READY_TIMEOUT_S = 120


def log(message):
    print(f"[{time.strftime('%T')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port):
    """One GET /hostname; the body, or None while nothing answers."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.settimeout(2)
            s.sendall(b"GET /hostname HTTP/1.0\r\n\r\n")
            data = b""
            while chunk := s.recv(4096):
                data += chunk
        return data.decode() if b" 200 " in data else None
    except OSError:
        return None


class Berth:
    def __init__(self, cli, sock):
        self.base = [cli, "-H", f"unix://{sock}"]

    def __call__(self, *args):
        r = subprocess.run(self.base + list(args), capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise RuntimeError(f"berth {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
        return r.stdout.strip()


def timed_until_answer(start_command, port):
    """Milliseconds from running start_command until the VM behind port answers, and the body it answered."""
    t0 = time.monotonic()
    start_command()
    while time.monotonic() - t0 < READY_TIMEOUT_S:
        body = answers(port)
        if body is not None:
            return (time.monotonic() - t0) * 1000, body
        time.sleep(0.01)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port} within {READY_TIMEOUT_S} s")


def main():
    cli, sock, runs, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    berth = Berth(cli, sock)
    accel = berth("info", "--format", "{{.BerthVm.Accelerator}}")
    restored_port, cold_port = free_port(), free_port()

    log("booting the VM to snapshot, and snapshotting it once its httpd answers")
    vm = berth("run", "-d", "--isolation", "vm", "--name", "restore-bench", "-p", f"127.0.0.1:{restored_port}:80", *HTTPD)
    timed_until_answer(lambda: None, restored_port)
    t0 = time.monotonic()
    berth("vm", "snapshot", vm, "ready")
    snapshot_ms = (time.monotonic() - t0) * 1000
    snapshot_bytes = json.loads(berth("vm", "snapshot", "ls", vm, "--format", "json"))[0]["Size"]

    def cold():
        name = f"cold-{time.monotonic_ns()}"
        ms, _ = timed_until_answer(lambda: berth("run", "-d", "--isolation", "vm", "--name", name,
                                                 "-p", f"127.0.0.1:{cold_port}:80", *HTTPD), cold_port)
        berth("rm", "-f", name)
        return ms

    def restore():
        ms, body = timed_until_answer(lambda: berth("vm", "restore", vm, "ready"), restored_port)
        if vm[:12] not in body:
            raise RuntimeError(f"the restored VM answered as someone else: {body!r}")
        return ms, int(berth("inspect", "-f", "{{.BerthVm.BootToReadyMs}}", vm))

    cold_ms, restore_ms, resume_inside_ms = [], [], []
    for i in range(warmup + runs):
        c = cold()
        r, inside = restore()
        if i >= warmup:
            cold_ms.append(c)
            restore_ms.append(r)
            resume_inside_ms.append(inside)
        log(f"round {i + 1 - warmup}/{runs}{' (warm-up)' if i < warmup else ''}: cold boot {c:.0f} ms, restore {r:.0f} ms")
    berth("rm", "-f", vm)

    cold_med, restore_med = statistics.median(cold_ms), statistics.median(restore_ms)
    ratio = cold_med / restore_med
    print(f"cold boot to httpd answering (berth run -d --isolation vm)   median {cold_med:8.0f} ms")
    print(f"restore to httpd answering (berth vm restore)             median {restore_med:8.0f} ms   "
          f"cold / restore {ratio:.1f}x (target >= 5)")
    print(f"  of which berthd's resume-to-ready (inspect BootToReadyMs)  median {statistics.median(resume_inside_ms):8.0f} ms")
    print(f"snapshot of the running VM (berth vm snapshot)                     {snapshot_ms:8.0f} ms   "
          f"{snapshot_bytes / 1e6:.0f} MB on disk, accelerator {accel}")
    print(json.dumps({"bench": "vm-restore", "accelerator": accel, "runs": runs,
                      "cold_boot_to_ready_ms": round(cold_med), "restore_to_ready_ms": round(restore_med),
                      "cold_vs_restore": round(ratio, 2), "target_cold_vs_restore": 5,
                      "restore_resume_to_ready_ms": round(statistics.median(resume_inside_ms)),
                      "snapshot_ms": round(snapshot_ms), "snapshot_bytes": snapshot_bytes,
                      "cold_ms": [round(x) for x in cold_ms], "restore_ms": [round(x) for x in restore_ms]}))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # the last line is one JSON object, whatever happened
        print(json.dumps({"bench": "vm-restore", "error": str(e)}))
        sys.exit(1)
