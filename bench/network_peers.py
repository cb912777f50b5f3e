#!/usr/bin/env python3
"""Helper for bench/network (standard library only).

Subcommands:
  snapshot OUT.json               Host network state: iptables-save/ip6tables-save, nft ruleset and tables, links,
                                  netns, routes, FORWARD policies, a few sysctls.
  free-subnets CIDR...            Exit 1 (and say which) if a CIDR overlaps a route or address on the host.
  restore BEFORE.json OUT.json    Undo what the peers (dockerd, netavark) added since BEFORE: new iptables rules,
                                  then new chains, FORWARD/other policies, new iptables-nft tables left empty, new
                                  dkbench0/docker0/br-*/podmanN bridges, new podman netns-* namespaces, changed sysctls.
                                  Writes the actions taken and their failures to OUT.json.
  compare BEFORE.json OUT.json    What differs from BEFORE now (the leftovers), as a JSON list.
  trees-snapshot OUT.json         Paths under the shared state dirs podman/netavark and dockerd/containerd use whatever
                                  their flags say (/run/containers/networks holds netavark's ipam.db and aardvark-dns
                                  configs for every rootful podman, /run/containerd/s the shim sockets, ...).
  trees-clean BEFORE.json OUT.json  Remove the paths that are new since BEFORE (deepest first) and put back the
                                  bytes and mtime of files rewritten since (saved at snapshot, <= 4 MiB), unless an
                                  engine that may use the path still runs (someone else's podman/netavark/aardvark-dns/
                                  conmon for podman's trees, dockerd/containerd for docker's: ours are stopped by then);
                                  list what is new, removed, kept, modified.
  tput HOST:PORT                  Send 256 MiB to HOST:PORT, print MiB/s (the peer must close after EOF).
  report RESULTS_DIR              Table, then one JSON object as the last line.
"""
import ipaddress
import json
import os
import re
import shlex
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from container_start import read_json, write_json  # noqa: E402  (one copy of the JSON file helpers)

SYSCTLS = ["net/ipv4/ip_forward", "net/ipv4/conf/all/forwarding", "net/ipv6/conf/all/forwarding",
           "net/ipv4/conf/all/route_localnet", "net/ipv4/conf/default/route_localnet",
           "net/bridge/bridge-nf-call-iptables", "net/bridge/bridge-nf-call-ip6tables",
           "net/ipv4/ip_unprivileged_port_start", "net/ipv4/ping_group_range"]
IPT_TABLES = {"filter", "nat", "mangle", "raw", "security"}
PEER_LINK = re.compile(r"^(docker0|dkbench0|br-[0-9a-f]{12}|podman\d+)$")
OURS = re.compile(r"bn0bench|\bbn-|dkbench0|docker0|br-[0-9a-f]{12}|podman\d|netns-|veth|10\.24[0-5]\.|10\.88\.|"
                  r"table (ip6?|inet) (filter|nat|mangle|raw|security)\b")
PEER_NETNS = re.compile(r"^netns-[0-9a-f-]{36}$")


def sh(argv, check=False):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return 127, "", str(e)
    return p.returncode, p.stdout, p.stderr


# ---------------------------------------------------------------- host state

def parse_save(text):
    """iptables-save text -> {table: {"chains": {name: policy or "-"}, "rules": [line, ...]}}"""
    tables, cur = {}, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line == "COMMIT":
            continue
        if line.startswith("*"):
            cur = tables.setdefault(line[1:], {"chains": {}, "rules": []})
        elif line.startswith(":") and cur is not None:
            parts = line[1:].split()
            cur["chains"][parts[0]] = parts[1] if len(parts) > 1 else "-"
        elif line.startswith("-A") and cur is not None:
            cur["rules"].append(line)
    return tables


def nft_tables():
    rc, out, _ = sh(["nft", "list", "tables"])
    return sorted(l.strip()[len("table "):] for l in out.splitlines() if l.strip().startswith("table "))


def normalize_nft(text):
    # handles and counters change without anything being added
    text = re.sub(r" # handle \d+", "", text)
    text = re.sub(r"counter packets \d+ bytes \d+", "counter", text)
    return [l.rstrip() for l in text.splitlines() if l.strip()]


def links():
    rc, out, _ = sh(["ip", "-o", "link", "show"])
    res = {}
    for line in out.splitlines():
        m = re.match(r"^\d+:\s+([^:@]+)(@[^:]+)?:", line)
        if m:
            res[m.group(1)] = line.split(": ", 1)[1][:160]
    return res


def netns():
    rc, out, _ = sh(["ip", "netns", "list"])
    return sorted(l.split()[0] for l in out.splitlines() if l.strip())


def read_sysctls():
    vals = {}
    for s in SYSCTLS:
        try:
            with open("/proc/sys/" + s) as f:
                vals[s] = f.read().strip()
        except OSError:
            vals[s] = None
    return vals


def snapshot():
    snap = {"iptables": {}, "nft_tables": nft_tables(), "links": links(), "netns": netns(), "sysctls": read_sysctls()}
    for fam, cmd in (("ipv4", "iptables-save"), ("ipv6", "ip6tables-save")):
        rc, out, err = sh([cmd])
        snap["iptables"][fam] = parse_save(out) if rc == 0 else {"_error": err.strip()[:200]}
    rc, out, _ = sh(["nft", "list", "ruleset"])
    snap["nft_ruleset"] = normalize_nft(out)
    rc, out, _ = sh(["ip", "route", "show", "table", "all"])
    snap["routes"] = sorted(l.strip().replace(" linkdown", "") for l in out.splitlines() if l.strip())
    snap["forward_policy"] = {fam: (t.get("filter", {}).get("chains", {}).get("FORWARD", "ACCEPT (no filter table)"))
                              for fam, t in snap["iptables"].items()}
    return snap


def cmd_snapshot(out):
    write_json(out, snapshot())


def cmd_free_subnets(*cidrs):
    rc, out, _ = sh(["ip", "-j", "route", "show", "table", "all"])
    nets = []
    for r in json.loads(out or "[]"):
        dst = r.get("dst")
        if not dst or dst in ("default",) or ":" in dst:
            continue
        try:
            nets.append((ipaddress.ip_network(dst if "/" in dst else dst + "/32", strict=False), dst, r.get("dev")))
        except ValueError:
            pass
    rc, out, _ = sh(["ip", "-j", "-4", "addr", "show"])
    for l in json.loads(out or "[]"):
        for a in l.get("addr_info", []):
            nets.append((ipaddress.ip_network(f"{a['local']}/{a['prefixlen']}", strict=False), a["local"], l["ifname"]))
    bad = []
    for c in cidrs:
        n = ipaddress.ip_network(c, strict=False)
        for net, what, dev in nets:
            if n.overlaps(net) and not net.is_loopback:
                bad.append(f"{c} overlaps {what} on {dev}")
    if bad:
        print("; ".join(sorted(set(bad))))
        sys.exit(1)


def cmd_restore(before_path, out_path):
    before = read_json(before_path)
    actions, failures = [], []

    def do(argv):
        rc, out, err = sh(argv)
        (actions if rc == 0 else failures).append(" ".join(argv) + ("" if rc == 0 else f" -> {err.strip()[:200]}"))
        return rc == 0

    # 1. podman's leftover netns, then bridges the peers made (veths go with their netns or bridge).
    for n in netns():
        if n not in before["netns"] and PEER_NETNS.match(n):
            do(["ip", "netns", "delete", n])
    now = links()
    for name in now:
        if name not in before["links"] and PEER_LINK.match(name):
            do(["ip", "link", "delete", name])
    # 2. iptables: new rules (last first), new chains, changed policies, then new tables left empty.
    for fam, cmd in (("ipv4", "iptables"), ("ipv6", "ip6tables")):
        rc, out, err = sh([cmd + "-save"])
        if rc != 0:
            failures.append(f"{cmd}-save: {err.strip()[:200]}")
            continue
        cur, old = parse_save(out), before["iptables"].get(fam, {})
        for table, t in cur.items():
            o = old.get(table, {"chains": {}, "rules": []})
            remaining = list(o["rules"])
            added = []
            for r in t["rules"]:
                if r in remaining:
                    remaining.remove(r)
                else:
                    added.append(r)
            for r in reversed(added):
                args = shlex.split(r)
                do([cmd, "-w", "-t", table, "-D"] + args[1:])
            new_chains = [c for c in t["chains"] if c not in o["chains"] and t["chains"][c] == "-"]
            for c in new_chains:
                do([cmd, "-w", "-t", table, "-F", c])
            for c in new_chains:
                do([cmd, "-w", "-t", table, "-X", c])
            for c, pol in t["chains"].items():
                if pol == "-":
                    continue
                want = o["chains"].get(c, "ACCEPT")
                if want != "-" and pol != want:
                    do([cmd, "-w", "-t", table, "-P", c, want])
        # tables that iptables-nft created during the run and that hold nothing now
        nfam = "ip" if fam == "ipv4" else "ip6"
        rc, out, _ = sh([cmd + "-save"])
        cur = parse_save(out)
        for table, t in cur.items():
            if table in old or table not in IPT_TABLES:
                continue
            empty = not t["rules"] and all(p in ("ACCEPT", "-") for p in t["chains"].values()) \
                and all(p != "-" for p in t["chains"].values())
            if empty and f"{nfam} {table}" in nft_tables() and f"{nfam} {table}" not in before["nft_tables"]:
                do(["nft", "delete", "table", nfam, table])
            elif not empty:
                failures.append(f"{nfam} table {table} is new but not empty; left in place")
    # 3. sysctls the peers changed
    now = read_sysctls()
    for k, v in before["sysctls"].items():
        if v is not None and now.get(k) is not None and now[k] != v:
            try:
                with open("/proc/sys/" + k, "w") as f:
                    f.write(v)
                actions.append(f"sysctl {k}: {now[k]} -> {v}")
            except OSError as e:
                failures.append(f"sysctl {k}: {e}")
    write_json(out_path, {"actions": actions, "failures": failures})


def cmd_compare(before_path, out_path):
    b, a = read_json(before_path), snapshot()
    left = []
    for n in sorted(set(a["links"]) - set(b["links"])):
        left.append(f"link {n}: {a['links'][n]}")
    for n in sorted(set(b["links"]) - set(a["links"])):
        left.append(f"link {n} is gone")
    for n in sorted(set(a["netns"]) - set(b["netns"])):
        rc, out, _ = sh(["ip", "-n", n, "-4", "-o", "addr", "show", "scope", "global"])
        addrs = " ".join(l.split()[3] for l in out.splitlines() if len(l.split()) > 3)
        left.append(f"netns {n}" + (f" (addresses {addrs})" if addrs else " (no global address)"))
    for t in sorted(set(a["nft_tables"]) - set(b["nft_tables"])):
        left.append(f"nft table {t}")
    for t in sorted(set(b["nft_tables"]) - set(a["nft_tables"])):
        left.append(f"nft table {t} is gone")
    for fam in ("ipv4", "ipv6"):
        bt, at = b["iptables"].get(fam, {}), a["iptables"].get(fam, {})
        for table in sorted(set(bt) | set(at)):
            x, y = bt.get(table, {"chains": {}, "rules": []}), at.get(table, {"chains": {}, "rules": []})
            if isinstance(x, str) or isinstance(y, str):
                continue
            for c in sorted(set(y["chains"]) - set(x["chains"])):
                left.append(f"{fam} {table} chain {c}")
            for c in sorted(set(x["chains"]) & set(y["chains"])):
                if x["chains"][c] != y["chains"][c]:
                    left.append(f"{fam} {table} {c} policy {x['chains'][c]} -> {y['chains'][c]}")
            for r in y["rules"]:
                if r not in x["rules"]:
                    left.append(f"{fam} {table} rule {r}")
            for r in x["rules"]:
                if r not in y["rules"]:
                    left.append(f"{fam} {table} rule removed: {r}")
    if b["forward_policy"] != a["forward_policy"]:
        left.append(f"FORWARD policy {b['forward_policy']} -> {a['forward_policy']}")
    if not any(l.startswith(("nft table", "ipv4", "ipv6")) for l in left) and b["nft_ruleset"] != a["nft_ruleset"]:
        left.append("nft ruleset differs (same tables)")
    for r in sorted(set(a["routes"]) - set(b["routes"])):
        left.append(f"route {r}")
    for r in sorted(set(b["routes"]) - set(a["routes"])):
        left.append(f"route gone: {r}")
    for k, v in b["sysctls"].items():
        if a["sysctls"].get(k) != v:
            left.append(f"sysctl {k}: {v} -> {a['sysctls'].get(k)}")
    # Another session's engine may come and go meanwhile (its bridge going link-down, its veths and netns going):
    # what names none of our bridges, subnets or peers' patterns is reported apart. iptables is used only by the
    # peers here (Berth uses its own nft table), so every iptables difference counts, as do new netns and sysctls.
    ours, other = [], []
    for item in left:
        mine = item.startswith(("ipv4", "ipv6", "FORWARD", "sysctl")) or OURS.search(item) \
            or (item.startswith("netns") and "(addresses" not in item)  # a netns on someone else's subnet is theirs
        (ours if mine else other).append(item)
    write_json(out_path, {"leftovers": ours, "other_host_changes": other, "after": {"links": sorted(a["links"]), "netns": a["netns"],
                                                       "nft_tables": a["nft_tables"],
                                                       "forward_policy": a["forward_policy"]}})


TREES = ["/run/containers", "/run/containerd", "/run/docker", "/run/libpod", "/run/runc", "/var/lib/containers",
         "/etc/containers", "/etc/docker", "/etc/cni", "/var/run/docker.sock", "/var/lib/docker", "/var/lib/cni"]
# Whose processes may be using a path: podman's trees vs docker's trees (checked after ours are stopped).
PODMAN_PROCS = {"podman", "netavark", "aardvark-dns", "conmon"}
DOCKER_PROCS = {"dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v2", "docker-proxy"}


def users_of(path):
    docker = path.startswith(("/run/containerd", "/run/docker", "/var/run/docker", "/etc/docker", "/var/lib/docker"))
    return DOCKER_PROCS if docker else PODMAN_PROCS


def tree_listing():
    res = {}
    for top in TREES:
        if not os.path.lexists(top):
            continue
        res[top] = os.lstat(top).st_mtime_ns
        if os.path.isdir(top) and not os.path.islink(top):
            for root, dirs, files in os.walk(top):
                for n in dirs + files:
                    q = os.path.join(root, n)
                    try:
                        res[q] = os.lstat(q).st_mtime_ns
                    except OSError:
                        pass
    return res


def cmd_trees_snapshot(out):
    listing = tree_listing()
    backup = out + ".files"
    os.makedirs(backup, exist_ok=True)
    saved = {}
    for i, p in enumerate(sorted(listing)):
        if os.path.isfile(p) and not os.path.islink(p) and os.path.getsize(p) <= 4 << 20:
            dst = os.path.join(backup, str(i))
            try:
                with open(p, "rb") as a, open(dst, "wb") as b:
                    b.write(a.read())
                saved[p] = dst
            except OSError:
                pass
    write_json(out, {"mtimes": listing, "saved": saved})


def cmd_trees_clean(before_path, out_path):
    snap = read_json(before_path, {})
    before, saved, now = snap.get("mtimes", {}), snap.get("saved", {}), tree_listing()
    new = sorted((p for p in now if p not in before), key=lambda p: (-p.count("/"), p))
    running = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/comm") as f:
                    c = f.read().strip()
                if c == "conmon":  # Berth runs conmon too; podman's names podman in its exit command
                    with open(f"/proc/{d}/cmdline", "rb") as f:
                        if b"podman" not in f.read():
                            continue
                running.append((c, d))
            except OSError:
                continue

    def busy(p):  # someone else's engine that may use p runs now
        return [f"{c}[{d}]" for c, d in running if c in users_of(p)]

    foreign = sorted({x for p in now if p not in before or before[p] != now[p] for x in busy(p)})
    removed, kept = [], []
    for p in new:
        if busy(p):
            kept.append(p)
            continue
        try:
            if os.path.isdir(p) and not os.path.islink(p):
                os.rmdir(p)
            else:
                os.unlink(p)
            removed.append(p)
        except OSError as e:
            kept.append(f"{p} ({e.strerror})")
    # Files that existed and were rewritten (podman's blob-info cache, say): put the saved bytes and mtime back.
    modified, restored = [], []
    for p in sorted(now):
        if p not in before or before[p] == now[p] or os.path.isdir(p):
            continue
        if not busy(p) and p in saved:
            try:
                with open(saved[p], "rb") as a:
                    data = a.read()
                with open(p, "r+b") as b:
                    b.write(data)
                    b.truncate()
                os.utime(p, ns=(before[p], before[p]))
                restored.append(p)
                continue
            except OSError:
                pass
        modified.append(p)
    write_json(out_path, {"new": new, "removed": removed, "kept": kept, "modified_files": modified,
                          "restored_files": restored,
                          "foreign_processes": foreign[:10]})


# ---------------------------------------------------------------- throughput client

def cmd_tput(target):
    host, port = target.rsplit(":", 1)
    chunk = b"\0" * (1 << 20)
    s, last = None, None
    for _ in range(100):
        try:
            s = socket.create_connection((host, int(port)), timeout=5)
            break
        except OSError as e:
            last = e
            time.sleep(0.05)
    if s is None:
        raise SystemExit(f"connect {target}: {last}")
    s.settimeout(60)
    t = time.perf_counter()
    for _ in range(256):
        s.sendall(chunk)
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
    s.close()
    print(round(256 / (time.perf_counter() - t), 1))


# ---------------------------------------------------------------- report

ENGINES = ("berth", "podman", "docker")


def nums(path):
    try:
        with open(path) as f:
            return [float(x) for x in f.read().split()]
    except (OSError, ValueError):
        return []


def med(xs):
    return round(statistics.median(xs), 2) if xs else None


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def cmd_report(res):
    meta = read_json(os.path.join(res, "meta.json"), {})
    runs = read_json(os.path.join(res, "run_rm.json"), {})
    errors = {}
    for name in sorted(os.listdir(res)):
        if name.startswith("err."):
            eng, _, what = name[4:].partition(".")
            with open(os.path.join(res, name)) as f:
                errors.setdefault(eng, {})[what or "setup"] = f.read().strip()[:500]
    cleanup = read_json(os.path.join(res, "compare.json"), {})
    restore = read_json(os.path.join(res, "restore.json"), {})
    for e, st in runs.items():
        if st.get("error_count"):
            eng = e.split("_")[0]
            errors.setdefault(eng, {})[f"run_{e}"] = f"{st['error_count']} failed: " + " | ".join(st["errors"][:2])[:400]

    def rr(key):
        return (runs.get(key) or {}).get("median")

    tput = {e: {v: med(nums(os.path.join(res, f"tput.{e}.{v}"))) for v in ("port", "direct")} for e in ENGINES}
    tput_n = {e: {v: len(nums(os.path.join(res, f"tput.{e}.{v}"))) for v in ("port", "direct")} for e in ENGINES}
    dns = {}
    for e in ENGINES:
        d = nums(os.path.join(res, f"dns.{e}"))
        dns[e] = {"p50_ms": round(d[0] / 1000, 3), "p99_ms": round(d[1] / 1000, 3)} if len(d) == 2 else None

    bridge = {e: rr(f"{e}_bridge") for e in ENGINES}
    none = {e: rr(f"{e}_none") for e in ENGINES}
    ratios = {
        "run_rm_bridge_berth_vs_docker": ratio(bridge["berth"], bridge["docker"]),
        "run_rm_bridge_berth_vs_podman": ratio(bridge["berth"], bridge["podman"]),
        "port_vs_direct": {e: ratio(tput[e]["port"], tput[e]["direct"]) for e in ENGINES},
        "published_port_berth_vs_docker": ratio(tput["berth"]["port"], tput["docker"]["port"]),
        "published_port_berth_vs_podman": ratio(tput["berth"]["port"], tput["podman"]["port"]),
    }
    targets_met = {
        "run_rm_bridge_vs_docker_le_1/3": None if ratios["run_rm_bridge_berth_vs_docker"] is None
        else ratios["run_rm_bridge_berth_vs_docker"] <= 1 / 3,
        "run_rm_bridge_vs_podman_le_1/3": None if ratios["run_rm_bridge_berth_vs_podman"] is None
        else ratios["run_rm_bridge_berth_vs_podman"] <= 1 / 3,
        "berth_port_vs_direct_ge_0.8": None if ratios["port_vs_direct"]["berth"] is None
        else ratios["port_vs_direct"]["berth"] >= 0.8,
        "berth_dns_p50_le_1ms": None if not dns["berth"] else dns["berth"]["p50_ms"] <= 1.0,
    }

    p = print
    f = lambda v, w=9, d=1: f"{v:{w}.{d}f}" if v is not None else f"{'n/a':>{w}}"  # noqa: E731
    if meta.get("exit_reason") not in (None, "finished"):
        p(f"NOTE: the run did not finish ({meta.get('exit_reason')}); figures below are partial.")
    p("")
    p(f"1. run --rm busybox true ({meta.get('runs')} runs each after {meta.get('warmup')} warm-up, all six "
      f"interleaved round by round; ms)")
    p(f"   {'':8} {'bridge + -p 127.0.0.1::80':>26} {'p90':>8} {'--network none':>15} {'networking adds':>16}")
    for e in ENGINES:
        b, n = runs.get(f"{e}_bridge") or {}, runs.get(f"{e}_none") or {}
        add = round(bridge[e] - none[e], 1) if bridge[e] is not None and none[e] is not None else None
        p(f"   {e:8} {f(bridge[e], 26)} {f(b.get('p90'), 8)} {f(none[e], 15)} {f(add, 16)}")
    p(f"   berth / docker {f(ratios['run_rm_bridge_berth_vs_docker'], 6, 3)}   berth / podman "
      f"{f(ratios['run_rm_bridge_berth_vs_podman'], 6, 3)}   (target <= 0.333 each)")
    p("")
    p(f"2. throughput, 256 MiB from a host client into `nc -l` in a container (median MiB/s, "
      f"{meta.get('tput_rounds')} rounds)")
    p(f"   {'':8} {'127.0.0.1:published':>20} {'container IP':>13} {'port/direct':>12}")
    for e in ENGINES:
        p(f"   {e:8} {f(tput[e]['port'], 20, 0)} {f(tput[e]['direct'], 13, 0)} {f(ratios['port_vs_direct'][e], 12, 2)}")
    p("   (berth: kernel DNAT from loopback; docker: its default userland docker-proxy for 127.0.0.1; podman: "
      "netavark iptables DNAT; Berth's target port/direct >= 0.8)")
    p("")
    p(f"3. DNS: {meta.get('dns_queries')} A queries for another container's name on a user network, from inside a "
      f"container (ms)")
    for e, label in (("berth", "berth embedded DNS"), ("podman", "podman aardvark-dns"),
                     ("docker", "docker 127.0.0.11")):
        d = dns[e]
        p(f"   {label:22} p50 {f(d and d['p50_ms'], 7, 3)}   p99 {f(d and d['p99_ms'], 7, 3)}")
    p("   (target for Berth: p50 <= 1 ms)")
    if errors:
        p("")
        p("Errors")
        for e, m in errors.items():
            for k, v in m.items():
                p(f"   {e} {k}: {v}")
    p("")
    left = cleanup.get("leftovers", [])
    trees = read_json(os.path.join(res, "trees.json"), {})
    left = left + [f"path {p}" for p in trees.get("kept", [])]
    if trees.get("kept") and trees.get("foreign_processes"):
        left.append("(paths kept because other engines run: " + ", ".join(trees["foreign_processes"]) + ")")
    try:
        with open(os.path.join(res, "leftovers.extra")) as fh:
            left = left + [l.strip() for l in fh if l.strip()]
    except OSError:
        pass
    p("Host after cleanup: " + ("same as before (links, netns, nft tables, iptables rules/chains/policies, routes, "
                                "sysctls)" if not left else "DIFFERS: " + "; ".join(left)))
    if trees.get("modified_files"):
        p("Shared files the peers rewrote that could not be put back: " + ", ".join(trees["modified_files"]))
    if cleanup.get("other_host_changes"):
        p(f"Other changes on the host meanwhile, not on this run's bridges/subnets (another session's engines?): "
          f"{len(cleanup['other_host_changes'])}, listed in the JSON")
    if restore.get("failures"):
        p("Cleanup failures: " + "; ".join(restore["failures"]))
    p("")
    result = {
        "bench": "network", "runs": meta.get("runs"), "warmup": meta.get("warmup"),
        "tput_rounds": meta.get("tput_rounds"), "dns_queries": meta.get("dns_queries"),
        "host": meta.get("host"), "versions": meta.get("versions"), "subnets": meta.get("subnets"),
        "run_rm_ms": {k: ({"median": s.get("median"), "p90": s.get("p90"), "min": s.get("min"), "max": s.get("max"),
                           "n": s.get("n"), "errors": s.get("error_count")} if (s := runs.get(k)) else None)
                      for k in [f"{e}_{m}" for e in ENGINES for m in ("bridge", "none")]},
        "throughput_mib_s": tput, "throughput_samples": tput_n,
        "dns_ms": dns,
        "ratios": ratios,
        "targets": {"run_rm_bridge_berth_vs_peer": round(1 / 3, 4), "berth_port_vs_direct": 0.8,
                    "berth_dns_p50_ms": 1.0},
        "targets_met": targets_met,
        "errors": errors,
        "cleanup_actions": len(restore.get("actions", [])),
        "cleanup_failures": restore.get("failures", []),
        "leftovers": left,
        "other_host_changes": cleanup.get("other_host_changes", []),
        "shared_files_modified": trees.get("modified_files", []),
        "shared_paths_removed": trees.get("removed", []),
        "shared_files_restored": trees.get("restored_files", []),
        "exit_reason": meta.get("exit_reason"),
    }
    sys.stdout.flush()
    print(json.dumps(result, separators=(",", ":")))


def main(argv):
    cmds = {"snapshot": cmd_snapshot, "trees-snapshot": cmd_trees_snapshot, "trees-clean": cmd_trees_clean, "free-subnets": cmd_free_subnets, "restore": cmd_restore,
            "compare": cmd_compare, "tput": cmd_tput, "report": cmd_report}
    if len(argv) < 2 or argv[1] not in cmds:
        print(__doc__, file=sys.stderr)
        return 2
    cmds[argv[1]](*argv[2:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
