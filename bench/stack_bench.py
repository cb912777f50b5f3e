#!/usr/bin/env python3
"""Stack benchmark driver (called by bench/stack): measures against a running berthd through its API.

  heal SOCK STACK PORT ROUNDS OUT   kill -9 a replica; time until its replacement answers through the balancer
  roll SOCK SERVICE PORT IMAGE OUT  steady client load on the published port during a start-first rolling update
  lb   HOST PORT DIRECT OUT         throughput and per-connection latency: balancer vs one replica directly
  report RESULTS_DIR                one JSON object
"""
import json
import os
import socket
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from container_start import UnixHTTPConnection  # noqa: E402  (the benches' one HTTP-over-unix-socket client)

API = "/v1.50"


def api(sock, method, path, body=None):
    c = UnixHTTPConnection(sock)
    try:
        c.request(method, path, body=None if body is None else json.dumps(body).encode(),
                  headers={"Content-Type": "application/json"} if body is not None else {})
        r = c.getresponse()
        data = r.read()
        if r.status >= 300:
            raise RuntimeError(f"{method} {path}: HTTP {r.status} {data[:300]!r}")
        return json.loads(data) if data else None
    finally:
        c.close()


def get_hostname(host, port, timeout=2.0):
    """One GET /hostname through a fresh connection; the answer names the replica (httpd -h /etc)."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(b"GET /hostname HTTP/1.0\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.") or b" 200 " not in head.split(b"\r\n")[0]:
        raise RuntimeError(f"bad answer {head[:60]!r}")
    return body.decode().strip()


def replicas(sock, stack):
    flt = json.dumps({"label": [f"com.docker.compose.project={stack}"]})
    import urllib.parse
    return api(sock, "GET", f"{API}/containers/json?filters={urllib.parse.quote(flt)}")


def cmd_heal(sock, stack, port, rounds, out):
    samples = []
    for i in range(int(rounds)):
        running = sorted(replicas(sock, stack), key=lambda c: c["Names"][0])
        victim = running[i % len(running)]
        t0 = time.perf_counter()
        api(sock, "POST", f"{API}/containers/{victim['Id']}/kill?signal=KILL")
        before = {c["Id"][:12] for c in running}
        deadline = t0 + 30
        while True:
            try:
                served = get_hostname("127.0.0.1", int(port), timeout=1.0)
                if served not in before:
                    break
            except (OSError, RuntimeError):
                pass
            if time.perf_counter() > deadline:
                raise RuntimeError(f"round {i}: no replacement served within 30 s")
            time.sleep(0.01)
        samples.append((time.perf_counter() - t0) * 1000)
        print(f"heal round {i}: {samples[-1]:.0f} ms", file=sys.stderr)
        # let the next round start from 3 ready replicas
        settle = time.perf_counter() + 30
        while len(replicas(sock, stack)) < len(running) and time.perf_counter() < settle:
            time.sleep(0.1)
    json.dump({"heal_ms": samples}, open(out, "w"))


def cmd_roll(sock, service, port, image, out):
    stop = threading.Event()
    counts = {"ok": 0, "errors": 0, "error_kinds": {}}
    lock = threading.Lock()

    def client():
        while not stop.is_set():
            try:
                get_hostname("127.0.0.1", int(port), timeout=3.0)
                with lock:
                    counts["ok"] += 1
            except (OSError, RuntimeError) as e:
                with lock:
                    counts["errors"] += 1
                    kind = type(e).__name__
                    counts["error_kinds"][kind] = counts["error_kinds"].get(kind, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(4)]
    [t.start() for t in threads]
    time.sleep(1)
    t0 = time.perf_counter()
    api(sock, "POST", f"/berth/v1/services/{service}/update", {"Image": image})
    state = ""
    while state not in ("completed", "paused", "rollback_completed", "rollback_paused"):
        time.sleep(0.2)
        state = api(sock, "GET", f"/berth/v1/services/{service}")["UpdateStatus"]["State"]
        if time.perf_counter() - t0 > 300:
            break
    took = (time.perf_counter() - t0) * 1000
    time.sleep(1)
    stop.set()
    [t.join() for t in threads]
    counts.update({"state": state, "update_ms": took})
    json.dump(counts, open(out, "w"))


def latency(host, port, n):
    xs = []
    for _ in range(n):
        t0 = time.perf_counter()
        get_hostname(host, port, timeout=10.0)  # a SYN dropped by busybox's 9-deep backlog is resent after 1 s
        xs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(xs)


def throughput(host, port, seconds, path):
    """wrk (2 threads, 16 connections) on `path`: (requests per second, MiB per second)."""
    import re
    import subprocess
    argv = ["wrk", "-t2", "-c16", f"-d{seconds}s", f"http://{host}:{port}{path}"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30).stdout
    time.sleep(0.5)  # let the server's accept queue empty before the next measure
    rate = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    transfer = re.search(r"Transfer/sec:\s+([0-9.]+)([KMG]?B)", out)
    if not rate or not transfer:
        raise RuntimeError("wrk printed no rate: " + out[-300:])
    scale = {"B": 1 / 2**20, "KB": 1 / 1024, "MB": 1, "GB": 1024}[transfer.group(2)]
    return float(rate.group(1)), float(transfer.group(1)) * scale


def cmd_lb(host, port, direct, out):
    port = int(port)
    dhost, dport = direct.rsplit(":", 1)
    res = {"lat_lb": [], "lat_direct": [], "rps_lb": [], "rps_direct": [], "mib_lb": [], "mib_direct": []}
    paths = [((dhost, int(dport)), "direct"), ((host, port), "lb")]
    for r in range(5):  # interleaved rounds, in turn first: load from elsewhere hits both alike
        if r:
            # The host's closed client sockets wait 60 s in TIME_WAIT. Only loopback connections may reuse their
            # ports (tcp_tw_reuse=2), so without a pause the direct path runs out of ports first.
            time.sleep(15)
        for target, who in paths:
            res[f"lat_{who}"].append(latency(*target, 200))
        for path, key, seconds in (("/hostname", "rps", 1), ("/big", "mib", 2)):
            for target, who in paths:
                rate, mib = throughput(*target, seconds, path)
                res[f"{key}_{who}"].append(rate if key == "rps" else mib)
        paths.reverse()
        print(f"lb round {r}: direct {res['lat_direct'][-1]:.3f} ms {res['rps_direct'][-1]:.0f}/s {res['mib_direct'][-1]:.0f} MiB/s, "
              f"lb {res['lat_lb'][-1]:.3f} ms {res['rps_lb'][-1]:.0f}/s {res['mib_lb'][-1]:.0f} MiB/s", file=sys.stderr)
    json.dump(res, open(out, "w"))


def cmd_report(d):
    out = {"bench": "stack"}

    def load(name):
        p = os.path.join(d, name)
        return json.load(open(p)) if os.path.exists(p) else None

    heal = load("heal.json")
    if heal:
        out["heal_p50_ms"] = round(statistics.median(heal["heal_ms"]))
        out["heal_max_ms"] = round(max(heal["heal_ms"]))
        out["heal_target_2000ms_met"] = out["heal_p50_ms"] <= 2000
    roll = load("roll.json")
    if roll:
        out["roll_requests_ok"] = roll["ok"]
        out["roll_errors"] = roll["errors"]
        out["roll_error_kinds"] = roll["error_kinds"]
        out["roll_state"] = roll["state"]
        out["roll_ms"] = round(roll["update_ms"])
        out["roll_target_zero_errors_met"] = roll["errors"] == 0 and roll["state"] == "completed"
    lb = load("lb.json")
    if lb:
        lat_lb, lat_d = statistics.median(lb["lat_lb"]), statistics.median(lb["lat_direct"])
        rps_lb, rps_d = statistics.median(lb["rps_lb"]), statistics.median(lb["rps_direct"])
        out["lb_conn_latency_p50_ms"] = round(lat_lb, 3)
        out["direct_conn_latency_p50_ms"] = round(lat_d, 3)
        out["lb_added_latency_p50_ms"] = round(lat_lb - lat_d, 3)
        out["lb_rps"] = round(rps_lb)
        out["direct_rps"] = round(rps_d)
        out["lb_over_direct_throughput"] = round(rps_lb / rps_d, 2)
        bulk = statistics.median(a / b for a, b in zip(lb["mib_lb"], lb["mib_direct"]))
        out["lb_over_direct_mib_per_s_1mib"] = round(bulk, 2)
        out["lb_over_direct_first_round"] = round(lb["rps_lb"][0] / lb["rps_direct"][0], 2)
        out["lb_throughput_target_0_8_met"] = rps_lb / rps_d >= 0.8 and bulk >= 0.8
        out["lb_latency_target_0_2ms_met"] = lat_lb - lat_d <= 0.2
    print(json.dumps(out))


if __name__ == "__main__":
    cmd = sys.argv[1]
    {"heal": cmd_heal, "roll": cmd_roll, "lb": cmd_lb, "report": cmd_report}[cmd](*sys.argv[2:])
