#!/usr/bin/env python3
"""Helper for bench/build (standard library only).

Subcommands:
  context DIR                      Write the benchmark's build context: the seed article's 6-step Dockerfile
                                   (FROM, WORKDIR, COPY package files, RUN, COPY ., CMD) and a small app.
  api-build SOCK CONTEXT OUT.json [nocache]
                                   One build through Berth's Docker API (POST /build with the context tar), timed
                                   from the first byte sent to the last byte read; for the daemon-side time
                                   without the CLI's JVM start.
  rounds SPEC.json OUT.json        Timed rounds, engines interleaved round by round: each engine's "full" argv
                                   (a build with --no-cache), then its "rebuild" argv (the same build, cached).
  du DIR...                        Bytes used under each DIR (st_blocks, hard links once), as JSON on stdout.
  report RESULTS_DIR               Human table on stderr, then one JSON object as the last line of stdout.
"""
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import time

from container_start import UnixHTTPConnection  # bench/ is on sys.path: it holds this script

DOCKERFILE = """FROM busybox
WORKDIR /app
COPY package.json package-lock.json ./
RUN mkdir -p node_modules && for p in express lodash; do mkdir -p node_modules/$p && echo "module.exports={}" > node_modules/$p/index.js; done && echo installed
COPY . .
CMD ["sh", "-c", "cat /app/server.js"]
"""


def cmd_context(out):
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
    files = {
        "Dockerfile": DOCKERFILE,
        ".dockerignore": "node_modules\n*.log\n",
        "package.json": json.dumps({"name": "bench", "version": "1.0.0", "dependencies": {"express": "4", "lodash": "4"}}),
        "package-lock.json": json.dumps({"lockfileVersion": 3, "packages": {}}),
        "server.js": "require('http').createServer((q, s) => s.end('ok')).listen(8080)\n",
        "debug.log": "ignored\n",
    }
    for i in range(50):  # a modest source tree, ~200 KB
        files[f"src/module{i:02d}.js"] = f"// module {i}\n" + ("exports.value = %d;\n" % i) * 200
    for name, text in files.items():
        with open(os.path.join(out, name), "w") as f:
            f.write(text)


def context_tar(directory):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for root, dirs, names in os.walk(directory):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, directory)
                if rel == "debug.log":
                    continue  # what .dockerignore leaves out
                info = t.gettarinfo(path, rel)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                with open(path, "rb") as f:
                    t.addfile(info, f)
    return buf.getvalue()


def cmd_api_build(sock, directory, out, nocache=""):
    body = context_tar(directory)
    conn = UnixHTTPConnection(sock, timeout=300)
    t0 = time.perf_counter_ns()
    query = "t=bench-api:latest&networkmode=none" + ("&nocache=1" if nocache == "nocache" else "")
    conn.request("POST", "/v1.50/build?" + query, body=body, headers={"Content-Type": "application/x-tar"})
    resp = conn.getresponse()
    text = resp.read().decode()
    elapsed = (time.perf_counter_ns() - t0) / 1e6
    conn.close()
    ok = resp.status == 200 and '"aux"' in text and '"error"' not in text
    with open(out, "w") as f:
        json.dump({"ms": elapsed, "ok": ok, "cached_steps": text.count("Using cache")}, f)
    return 0 if ok else 1


def timed(argv, log):
    t0 = time.perf_counter_ns()
    with open(log, "ab") as f:
        rc = subprocess.run(argv, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=600).returncode
    return (time.perf_counter_ns() - t0) / 1e6, rc


def cmd_rounds(spec_path, out):
    spec = json.load(open(spec_path))
    results = {e["name"]: {"full": [], "rebuild": [], "errors": []} for e in spec["engines"]}
    for r in range(spec["warmup"] + spec["runs"]):
        for e in spec["engines"]:
            for phase in ("full", "rebuild"):
                ms, rc = timed(e[phase], spec["log"] % e["name"])
                if rc != 0:
                    results[e["name"]]["errors"].append(f"round {r} {phase}: exit {rc}")
                elif r >= spec["warmup"]:
                    results[e["name"]][phase].append(ms)
        print(f"round {r + 1}/{spec['warmup'] + spec['runs']} done", file=sys.stderr)
    with open(out, "w") as f:
        json.dump(results, f)


def disk_usage(path):
    seen, total = set(), 0
    for root, dirs, names in os.walk(path):
        for name in dirs + names:
            try:
                st = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            total += st.st_blocks * 512
    return total


def cmd_du(paths):
    print(json.dumps({p: disk_usage(p) for p in paths}))


def median(xs):
    return round(statistics.median(xs), 1) if xs else None


def cmd_report(res):
    load = lambda name, default=None: json.load(open(os.path.join(res, name))) if os.path.exists(os.path.join(res, name)) else default
    rounds = load("rounds.json", {})
    api = [load(n) for n in sorted(os.listdir(res)) if n.startswith("api_rebuild_")]
    api_full = [load(n) for n in sorted(os.listdir(res)) if n.startswith("api_full_")]
    disk = load("disk.json", {})
    errors = {n[4:]: open(os.path.join(res, n)).read().strip() for n in os.listdir(res) if n.startswith("err.")}
    summary = {"bench": "build", "full_ms": {}, "rebuild_ms": {}, "errors": errors}
    for engine, r in rounds.items():
        summary["full_ms"][engine] = median(r["full"])
        summary["rebuild_ms"][engine] = median(r["rebuild"])
        if r["errors"]:
            errors[engine] = "; ".join(r["errors"][:3])
    summary["full_ms"]["berth_api"] = median([a["ms"] for a in api_full if a and a["ok"]])
    summary["rebuild_ms"]["berth_api"] = median([a["ms"] for a in api if a and a["ok"] and a["cached_steps"] >= 5])
    ratios = {}
    for phase in ("full_ms", "rebuild_ms"):
        b = summary[phase].get("berth_cli")
        for peer in ("podman", "docker"):
            p = summary[phase].get(peer)
            if b and p:
                ratios[f"{phase[:-3]}_berth_cli_vs_{peer}"] = round(b / p, 2)
            ba = summary[phase].get("berth_api")
            if ba and p:
                ratios[f"{phase[:-3]}_berth_api_vs_{peer}"] = round(ba / p, 2)
    summary["ratios"] = ratios
    summary["ten_images_disk"] = disk
    summary["runs"] = load("meta.json", {}).get("runs")
    summary["leftovers"] = load("cleanup.json", {}).get("leftovers", [])
    print("%-12s %12s %14s" % ("engine", "full (ms)", "rebuild (ms)"), file=sys.stderr)
    for engine in summary["full_ms"]:
        print("%-12s %12s %14s" % (engine, summary["full_ms"][engine], summary["rebuild_ms"].get(engine)), file=sys.stderr)
    for k, v in ratios.items():
        print(f"{k}: {v}", file=sys.stderr)
    for engine, d in disk.items():
        print(f"ten images FROM one base, {engine}: {d}", file=sys.stderr)
    print(json.dumps(summary))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    sys.exit({"context": lambda: cmd_context(*args), "api-build": lambda: cmd_api_build(*args),
              "rounds": lambda: cmd_rounds(*args), "du": lambda: cmd_du(args),
              "report": lambda: cmd_report(*args)}[cmd]() or 0)
