#!/usr/bin/env python3
"""Helper for bench/container-start (standard library only).

Subcommands:
  mkimage OUT.tar                 Docker archive of busybox:latest from the host's busybox-static (fallback
                                  when Berth cannot bootstrap one).
  unpack ARCHIVE DIR              Extract the layers of a Docker archive, in order, into DIR (a rootfs).
  runc-spec BUNDLE                Rewrite BUNDLE/config.json (from `runc spec`): terminal false, args ["true"].
  time-exit SPEC.json OUT.json    Run-to-exit timings, engines interleaved round by round.
  detached OUT.json -- CMD...     Start COUNT (env COUNT) detached containers one after another; total wall time
                                  and the ids printed.
  pss KIND IDS.json OUT.json      PSS of the per-container processes: monitors (KIND conmon or shim) whose command
                                  line names one of the ids, plus all their descendants.
  procmem PID OUT.json            RSS and PSS of one process.
  report RESULTS_DIR              Human table, then one JSON object as the last line.
"""
import gzip
import hashlib
import http.client
import io
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import time


# ---------------------------------------------------------------- small utilities

EXTRACT_KW = {"filter": "fully_trusted"} if hasattr(tarfile, "fully_trusted_filter") else {}


def write_json(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=1)
    os.replace(tmp, path)


def read_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def summarize(samples_ms):
    if not samples_ms:
        return {"n": 0, "median": None, "p90": None, "min": None, "max": None}
    s = sorted(samples_ms)
    p90 = s[max(0, math.ceil(0.9 * len(s)) - 1)]  # nearest rank
    return {"n": len(s), "median": round(statistics.median(s), 2), "p90": round(p90, 2),
            "min": round(s[0], 2), "max": round(s[-1], 2)}


# ---------------------------------------------------------------- images

def cmd_mkimage(out):
    """busybox:latest as a Docker archive: one layer with /bin/busybox and its applet links."""
    busybox = "/bin/busybox"
    applets = subprocess.run([busybox, "--list"], capture_output=True, text=True, check=True).stdout.split()
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as t:
        for d in ("bin", "dev", "etc", "proc", "sys", "tmp", "root", "var"):
            ti = tarfile.TarInfo(d)
            ti.type, ti.mode = tarfile.DIRTYPE, 0o1777 if d == "tmp" else 0o755
            t.addfile(ti)
        ti = t.gettarinfo(busybox, "bin/busybox")
        ti.uid = ti.gid = 0
        ti.uname = ti.gname = "root"
        with open(busybox, "rb") as f:
            t.addfile(ti, f)
        for a in applets:
            if a == "busybox":
                continue
            ti = tarfile.TarInfo("bin/" + a)
            ti.type, ti.linkname, ti.mode = tarfile.SYMTYPE, "busybox", 0o777
            t.addfile(ti)
        for name, data in (("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n"), ("etc/group", b"root:x:0:\n")):
            ti = tarfile.TarInfo(name)
            ti.size, ti.mode = len(data), 0o644
            t.addfile(ti, io.BytesIO(data))
    layer_bytes = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
    config = {
        "architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
        "config": {"Cmd": ["sh"], "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "bench/container_start.py mkimage"}],
    }
    config_bytes = json.dumps(config, separators=(",", ":")).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    layer_dir = diff_id.split(":")[1]
    manifest = [{"Config": config_name, "RepoTags": ["busybox:latest"], "Layers": [layer_dir + "/layer.tar"]}]
    with tarfile.open(out, "w") as t:
        for name, data in ((config_name, config_bytes), (layer_dir + "/layer.tar", layer_bytes),
                           ("manifest.json", json.dumps(manifest).encode())):
            ti = tarfile.TarInfo(name)
            ti.size, ti.mode = len(data), 0o644
            t.addfile(ti, io.BytesIO(data))


def cmd_unpack(archive, dest):
    with tarfile.open(archive) as outer:
        manifest = json.load(outer.extractfile("manifest.json"))
        for layer_name in manifest[0]["Layers"]:
            data = outer.extractfile(layer_name).read()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            with tarfile.open(fileobj=io.BytesIO(data)) as layer:
                for m in layer.getmembers():
                    base = os.path.basename(m.name)
                    if base.startswith(".wh."):  # whiteouts: remove what a lower layer had
                        target = os.path.join(dest, os.path.dirname(m.name), base[4:])
                        if base != ".wh..wh..opq" and os.path.lexists(target):
                            subprocess.run(["rm", "-rf", "--one-file-system", target], check=False)
                        continue
                    layer.extract(m, dest, numeric_owner=True, **EXTRACT_KW)


def cmd_runc_spec(bundle):
    path = os.path.join(bundle, "config.json")
    spec = read_json(path)
    spec["process"]["terminal"] = False
    spec["process"]["args"] = ["true"]
    write_json(path, spec)


# ---------------------------------------------------------------- Docker Engine API over a unix socket

API_PHASES = []  # per timed API run: where the time went


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=60):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self.unix_path)
        self.sock = s


def api_call(conn, method, path, body=None):
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def api_run_once(sock, version, image, cmd):
    """create + wait(next-exit, sent before start on a second connection) + start + wait's answer.
    Returns (elapsed ms, container id); removal is the caller's, outside the timed section."""
    pre = f"/v{version}"
    c1, c2 = UnixHTTPConnection(sock), UnixHTTPConnection(sock)
    cid = None
    try:
        t0 = time.perf_counter_ns()
        st, body = api_call(c1, "POST", pre + "/containers/create",
                            {"Image": image, "Cmd": cmd, "HostConfig": {"NetworkMode": "none"}})
        if st != 201:
            raise RuntimeError(f"create: HTTP {st} {body[:200]!r}")
        cid = json.loads(body)["Id"]
        t_created = time.perf_counter_ns()
        c2.request("POST", f"{pre}/containers/{cid}/wait?condition=next-exit")
        wait_resp = c2.getresponse()  # returns once the headers are in
        if wait_resp.status != 200:
            raise RuntimeError(f"wait: HTTP {wait_resp.status} {wait_resp.read()[:200]!r}")
        t_waiting = time.perf_counter_ns()
        st, body = api_call(c1, "POST", f"{pre}/containers/{cid}/start")
        if st != 204:
            raise RuntimeError(f"start: HTTP {st} {body[:200]!r}")
        t_started = time.perf_counter_ns()
        result = json.loads(wait_resp.read())
        t1 = time.perf_counter_ns()
        if result.get("StatusCode") != 0:
            raise RuntimeError(f"exit status {result}")
        API_PHASES.append({"create": (t_created - t0) / 1e6, "wait_headers": (t_waiting - t_created) / 1e6,
                           "start": (t_started - t_waiting) / 1e6, "exit_to_wait_answer": (t1 - t_started) / 1e6})
        return (t1 - t0) / 1e6, cid
    except Exception as e:
        e.cid = cid
        raise
    finally:
        c1.close()
        c2.close()


def api_remove(sock, version, cid):
    c = UnixHTTPConnection(sock)
    try:
        st, body = api_call(c, "DELETE", f"/v{version}/containers/{cid}?force=1")
        if st not in (204, 404):
            raise RuntimeError(f"delete: HTTP {st} {body[:200]!r}")
    finally:
        c.close()


# ---------------------------------------------------------------- run-to-exit timings

def run_engine_once(eng, i):
    """One run; returns elapsed ms or raises."""
    if eng.get("api"):
        ms, cid = None, None
        try:
            ms, cid = api_run_once(eng["api"], eng.get("version", "1.50"), eng.get("image", "busybox"),
                                   eng.get("cmd", ["true"]))
        except Exception as e:
            cid = getattr(e, "cid", None)
            raise
        finally:
            if cid:
                try:
                    api_remove(eng["api"], eng.get("version", "1.50"), cid)
                except Exception as e:  # noqa: BLE001 - reported, not fatal for the timing
                    print(f"  {eng['name']}: remove {cid[:12]} failed: {e}", file=sys.stderr)
        return ms
    argv = [a.replace("{i}", str(i)) for a in eng["argv"]]
    t0 = time.perf_counter_ns()
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=eng.get("timeout", 120))
    t1 = time.perf_counter_ns()
    if p.returncode != 0:
        raise RuntimeError(f"exit {p.returncode}: {p.stderr.decode(errors='replace').strip()[-300:]}")
    after = eng.get("after")
    if after:
        subprocess.run([a.replace("{i}", str(i)) for a in after], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    return (t1 - t0) / 1e6


def cmd_time_exit(spec_path, out_path):
    spec = read_json(spec_path)
    runs, warmup = int(spec["runs"]), int(spec["warmup"])
    engines = spec["engines"]
    state = {e["name"]: {"samples": [], "errors": [], "dead": False} for e in engines}
    seq = 0

    def attempt(eng, record):
        nonlocal seq
        seq += 1
        st = state[eng["name"]]
        try:
            ms = run_engine_once(eng, seq)
            if record:
                st["samples"].append(ms)
            elif eng.get("api") and API_PHASES:
                API_PHASES.pop()  # a warm-up run
            return True
        except Exception as e:  # noqa: BLE001
            st["errors"].append(str(e)[:400])
            print(f"  {eng['name']}: run failed: {str(e)[:300]}", file=sys.stderr)
            # Give up on an engine that keeps failing instead of burning the time budget.
            if len(st["errors"]) >= 3 and len(st["errors"]) > len(st["samples"]):
                st["dead"] = True
            return False

    def write():
        out = {}
        for eng in engines:
            st = state[eng["name"]]
            out[eng["name"]] = dict(summarize(st["samples"]), samples=[round(x, 2) for x in st["samples"]],
                                    errors=st["errors"][:5], error_count=len(st["errors"]))
            if eng.get("api") and API_PHASES:
                out[eng["name"]]["phases_median_ms"] = {
                    k: round(statistics.median(p[k] for p in API_PHASES), 2) for k in API_PHASES[0]}
        write_json(out_path, out)

    # On SIGTERM (the bench being stopped) keep what was measured so far.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        for eng in engines:
            for _ in range(warmup):
                if not state[eng["name"]]["dead"]:
                    attempt(eng, False)
        for r in range(runs):
            k = r % len(engines)  # rotate the order so no engine always goes first
            for eng in engines[k:] + engines[:k]:
                if not state[eng["name"]]["dead"]:
                    attempt(eng, True)
            done = ", ".join(f"{n} {statistics.median(s['samples']):.0f}" for n, s in state.items() if s["samples"])
            print(f"  round {r + 1}/{runs}: medians so far (ms): {done}", file=sys.stderr)
    finally:
        write()


# ---------------------------------------------------------------- detached starts

def cmd_detached(out_path, argv):
    count = int(os.environ.get("COUNT", "20"))
    ids, errors = [], []
    t0 = time.perf_counter_ns()
    for _ in range(count):
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
        lines = p.stdout.decode(errors="replace").split()
        if p.returncode != 0 or not lines:
            errors.append(f"exit {p.returncode}: {p.stderr.decode(errors='replace').strip()[-300:]}")
            if len(errors) >= 3:
                break
            continue
        ids.append(lines[-1].strip())
    t1 = time.perf_counter_ns()
    ok = len(ids) == count
    write_json(out_path, {"count": count, "started": len(ids), "total_ms": round((t1 - t0) / 1e6, 1) if ok else None,
                          "attempt_ms": round((t1 - t0) / 1e6, 1), "ids": ids, "errors": errors})


# ---------------------------------------------------------------- memory

def _read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return None


def proc_table():
    procs = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        stat = _read(f"/proc/{d}/stat")
        if not stat:
            continue
        rest = stat.rsplit(")", 1)[1].split()
        comm = stat[stat.index("(") + 1: stat.rindex(")")]
        cmd = _read(f"/proc/{d}/cmdline", "rb") or b""
        procs[int(d)] = {"ppid": int(rest[1]), "comm": comm,
                         "argv": [a.decode(errors="replace") for a in cmd.split(b"\0") if a]}
    return procs


def mem_of(pid):
    """(pss KiB, rss KiB) of one process, from smaps_rollup."""
    text = _read(f"/proc/{pid}/smaps_rollup") or ""
    pss = rss = 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            pss = int(line.split()[1])
        elif line.startswith("Rss:"):
            rss = int(line.split()[1])
    return pss, rss


def cmd_pss(kind, ids_path, out_path):
    ids = read_json(ids_path, {}).get("ids", [])
    keys = [i[:12] for i in ids if len(i) >= 12]
    procs = proc_table()
    children = {}
    for pid, p in procs.items():
        children.setdefault(p["ppid"], []).append(pid)

    def is_monitor(p):
        if kind == "conmon":
            return p["comm"] == "conmon"
        return p["comm"].startswith("containerd-shim")

    monitors, matched = [], set()
    for pid, p in procs.items():
        if not is_monitor(p):
            continue
        hit = [k for k in keys if any(k in a for a in p["argv"])]
        if hit:
            monitors.append(pid)
            matched.update(hit)
    mon_pss = mon_rss = ctr_pss = ctr_rss = 0
    members = []
    for m in monitors:
        stack = [m]
        while stack:
            pid = stack.pop()
            members.append(pid)
            pss, rss = mem_of(pid)
            if pid == m:
                mon_pss, mon_rss = mon_pss + pss, mon_rss + rss
            else:
                ctr_pss, ctr_rss = ctr_pss + pss, ctr_rss + rss
            stack.extend(children.get(pid, []))
    n = len(ids)
    out = {
        "kind": kind, "containers": n, "monitors_found": len(monitors), "ids_matched": len(matched),
        "processes": len(members), "comms": sorted({procs[p]["comm"] for p in members if p in procs}),
        "pss_total_mib": round((mon_pss + ctr_pss) / 1024, 3),
        "pss_per_container_mib": round((mon_pss + ctr_pss) / 1024 / n, 3) if n and monitors else None,
        "monitor_pss_per_container_mib": round(mon_pss / 1024 / n, 3) if n and monitors else None,
        "container_pss_per_container_mib": round(ctr_pss / 1024 / n, 3) if n and monitors else None,
        "rss_per_container_mib": round((mon_rss + ctr_rss) / 1024 / n, 3) if n and monitors else None,
    }
    write_json(out_path, out)


def cmd_procmem(pid, out_path):
    pss, rss = mem_of(int(pid))
    status = _read(f"/proc/{pid}/status") or ""
    vmrss = next((int(l.split()[1]) for l in status.splitlines() if l.startswith("VmRSS:")), rss)
    threads = next((int(l.split()[1]) for l in status.splitlines() if l.startswith("Threads:")), None)
    write_json(out_path, {"pid": int(pid), "rss_mib": round(vmrss / 1024, 1) if vmrss else None,
                          "pss_mib": round(pss / 1024, 1) if pss else None, "threads": threads})


# ---------------------------------------------------------------- report

ENGINE_LABELS = [
    ("runc", "runc run (raw bundle)"),
    ("berth_api", "Berth API create+wait+start"),
    ("berth_cli", "berth run --rm"),
    ("podman", "podman run --rm"),
    ("docker", "docker run --rm"),
    ("docker_on_berth", "docker run --rm against berthd"),
]


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def cmd_report(res):
    meta = read_json(os.path.join(res, "meta.json"), {})
    exits = read_json(os.path.join(res, "run_to_exit.json"), {})
    errors = {}
    for name in sorted(os.listdir(res)):
        if name.startswith("err."):
            with open(os.path.join(res, name)) as f:
                errors[name[4:]] = f.read().strip()[:600]
    det, pss = {}, {}
    for e in ("berth", "podman", "docker"):
        det[e] = read_json(os.path.join(res, f"detached_{e}.json"))
        pss[e] = read_json(os.path.join(res, f"pss_{e}.json"))
    idle = read_json(os.path.join(res, "berthd_idle.json"))
    fresh = read_json(os.path.join(res, "berthd_fresh.json"))
    cleanup = read_json(os.path.join(res, "cleanup.json"), {})

    def med(name):
        return (exits.get(name) or {}).get("median")

    def det_ms(e):
        return (det.get(e) or {}).get("total_ms")

    def pss_pc(e):
        return (pss.get(e) or {}).get("pss_per_container_mib")

    ratios = {
        "api_vs_runc": ratio(med("berth_api"), med("runc")),
        "cli_vs_podman": ratio(med("berth_cli"), med("podman")),
        "detached20_berth_vs_podman": ratio(det_ms("berth"), det_ms("podman")),
        "docker_cli_berthd_vs_dockerd": ratio(med("docker_on_berth"), med("docker")),
    }
    targets = [
        ("api_vs_runc", "Berth API run-to-exit / raw runc", ratios["api_vs_runc"], 1.5, ""),
        ("cli_vs_podman", "berth run --rm / podman run --rm", ratios["cli_vs_podman"], 0.5, ""),
        ("detached20_berth_vs_podman", f"Berth {meta.get('detached')} detached starts / podman's",
         ratios["detached20_berth_vs_podman"],
         1 / 3, ""),
        ("berth_pss_per_container_mib", "Berth PSS per running container", pss_pc("berth"), 0.6, " MiB"),
        ("berthd_idle_rss_mib", "berthd idle RSS", (idle or {}).get("rss_mib"), 120, " MiB"),
        ("docker_cli_berthd_vs_dockerd", "docker run --rm: berthd / dockerd", ratios["docker_cli_berthd_vs_dockerd"], 0.5, ""),
    ]
    met = {k: (v <= limit if v is not None else None) for k, _, v, limit, _ in targets}

    p = print
    runs = meta.get("runs")
    p("")
    if meta.get("exit_reason") not in (None, "finished"):
        p(f"NOTE: the run did not finish ({meta.get('exit_reason')}); figures below are partial.")
    p(f"Run-to-exit of `true`, busybox image (ms; {runs} runs each after {meta.get('warmup')} warm-up, engines "
      f"interleaved round by round)")
    p(f"  {'':34} {'median':>8} {'p90':>8} {'min':>8} {'max':>8} {'fails':>6}")
    for key, label in ENGINE_LABELS:
        s = exits.get(key)
        if not s:
            p(f"  {label:34} {'n/a':>8}   ({errors.get(key, 'not run')})")
            continue
        f = lambda v: f"{v:8.1f}" if v is not None else f"{'n/a':>8}"  # noqa: E731
        p(f"  {label:34} {f(s['median'])} {f(s['p90'])} {f(s['min'])} {f(s['max'])} {s['error_count']:6d}")
    phases = (exits.get("berth_api") or {}).get("phases_median_ms")
    if phases:
        p("  Berth API medians by step (ms): " + ", ".join(f"{k.replace('_', ' ')} {v:.1f}" for k, v in phases.items()))
    p("  (Berth API: the DELETE ?force=1 is after the timer stops; the three CLIs' --rm removal is inside it.)")
    p("")
    count = meta.get("detached")
    p(f"{count} detached `sleep 600` starts, one after another, then memory with all {count} running")
    p(f"  {'':10} {'total s':>9} {'ms/start':>9} {'PSS MiB/ctr':>12} {'monitor':>9} {'ctr procs':>10} {'RSS MiB/ctr':>12}")
    for e in ("berth", "podman", "docker"):
        d, m = det.get(e) or {}, pss.get(e) or {}
        if not d.get("total_ms"):
            why = errors.get("detached_" + e) or (d.get("errors") or ["not run"])[0]
            p(f"  {e:10} {'n/a':>9}   ({why})")
            continue
        g = lambda v, w=12: f"{v:{w}.3f}" if v is not None else f"{'n/a':>{w}}"  # noqa: E731
        p(f"  {e:10} {d['total_ms'] / 1000:9.2f} {d['total_ms'] / d['count']:9.1f} {g(m.get('pss_per_container_mib'))}"
          f" {g(m.get('monitor_pss_per_container_mib'), 9)} {g(m.get('container_pss_per_container_mib'), 10)}"
          f" {g(m.get('rss_per_container_mib'))}")
    for e in ("berth", "podman", "docker"):
        m = pss.get(e)
        if m and (m.get("monitors_found") != m.get("containers") or m.get("ids_matched") != m.get("containers")):
            p(f"  WARNING {e}: {m.get('containers')} containers but {m.get('monitors_found')} monitors found, "
              f"{m.get('ids_matched')} ids matched; the per-container figure divides by {m.get('containers')}")
    p("  (per container = PSS of conmon (Berth, podman) or containerd-shim-runc-v2 (docker) plus the container's")
    p("   processes, summed over all of them and divided by the count)")
    if idle or fresh:
        p("")
        if fresh:
            p(f"berthd after start + bootstrap: RSS {fresh.get('rss_mib')} MiB, PSS {fresh.get('pss_mib')} MiB")
        if idle:
            p(f"berthd idle (after the run-to-exit rounds, before the detached starts): RSS {idle.get('rss_mib')} MiB,"
              f" PSS {idle.get('pss_mib')} MiB, {idle.get('threads')} threads")
    p("")
    p("Targets")
    for k, label, v, limit, unit in targets:
        verdict = "n/a" if met[k] is None else ("met" if met[k] else "MISSED")
        vs = f"{v:.3f}{unit}" if v is not None else "n/a"
        p(f"  {label:40} {vs:>12}   target <= {limit:.3g}{unit}   {verdict}")
    if errors:
        p("")
        p("Errors")
        for k, v in errors.items():
            p(f"  {k}: {v}")
    if cleanup.get("leftovers"):
        p("")
        p("Cleanup left behind: " + "; ".join(cleanup["leftovers"]))

    result = {
        "bench": "container-start",
        "runs": runs, "warmup": meta.get("warmup"), "detached_count": count,
        "host": meta.get("host"), "versions": meta.get("versions"),
        "run_to_exit_ms": {k: ({"median": s.get("median"), "p90": s.get("p90"), "min": s.get("min"),
                                 "n": s.get("n"), "errors": s.get("error_count")} if (s := exits.get(k)) else None)
                           for k, _ in ENGINE_LABELS},
        "berth_api_phases_median_ms": (exits.get("berth_api") or {}).get("phases_median_ms"),
        "detached_total_ms": {e: det_ms(e) for e in det},
        "pss_per_container_mib": {e: pss_pc(e) for e in pss},
        "monitor_pss_per_container_mib": {e: (pss.get(e) or {}).get("monitor_pss_per_container_mib") for e in pss},
        "pss_found": {e: ({k: m.get(k) for k in ("containers", "ids_matched", "monitors_found", "processes", "comms")}
                          if (m := pss.get(e)) else None) for e in pss},
        "berthd_idle_rss_mib": (idle or {}).get("rss_mib"), "berthd_idle_pss_mib": (idle or {}).get("pss_mib"),
        "berthd_fresh_rss_mib": (fresh or {}).get("rss_mib"), "berthd_fresh_pss_mib": (fresh or {}).get("pss_mib"),
        "ratios": ratios,
        "targets": {"api_vs_runc": 1.5, "cli_vs_podman": 0.5, "detached20_berth_vs_podman": round(1 / 3, 4),
                    "berth_pss_per_container_mib": 0.6, "berthd_idle_rss_mib": 120, "docker_cli_berthd_vs_dockerd": 0.5},
        "targets_met": met,
        "image_source": meta.get("image_source"),
        "errors": errors,
        "cleanup_leftovers": cleanup.get("leftovers", []),
        "exit_reason": meta.get("exit_reason"),
    }
    p("")
    sys.stdout.flush()
    print(json.dumps(result, separators=(",", ":")))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "mkimage":
        cmd_mkimage(*args)
    elif cmd == "unpack":
        cmd_unpack(*args)
    elif cmd == "runc-spec":
        cmd_runc_spec(*args)
    elif cmd == "time-exit":
        cmd_time_exit(*args)
    elif cmd == "detached":
        out = args[0]
        rest = args[1:]
        if rest and rest[0] == "--":
            rest = rest[1:]
        cmd_detached(out, rest)
    elif cmd == "pss":
        cmd_pss(*args)
    elif cmd == "procmem":
        cmd_procmem(*args)
    elif cmd == "report":
        cmd_report(*args)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
