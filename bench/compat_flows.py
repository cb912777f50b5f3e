#!/usr/bin/env python3
"""Helper for bench/compat (standard library only).

Subcommands:
  run                  Runs every flow against both daemons (the two side by side, one flow after another) and
                       writes $COMPAT_RESULTS/flows.json. Env from bench/compat: COMPAT_T, COMPAT_RESULTS,
                       DOCKER_SOCK, BERTH_SOCK, REGISTRY, DOCKER_BRIDGE, BERTH_BRIDGE, COMPAT_FLOWS (regex).
  report RESULTS_DIR   The table (flow | docker | berth | same/different, a short diff under each difference) and
                       one JSON object as the last line of stdout.

A flow is a short sequence of `docker` CLI commands. Each command's exit code, stdout and stderr are normalised
(IDs, digests, times, sizes, addresses, ports, the daemons' own names and paths) and compared with the same
command's against the other daemon: exit codes always, the output as text, as sorted lines, as the shape of a
JSON document (keys and types), or as the keys of `Key: value` lines.
"""
import difflib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import threading
import time
import urllib.request

ALWAYS = ("setup-web", "cleanup")  # flows the others depend on, run whatever COMPAT_FLOWS selects

# ---------------------------------------------------------------- normalisation

GENERIC = [
    (r"sha256:[0-9a-f]{64}", "sha256:<digest>"),
    (r"\b[0-9a-f]{64}\b", "<id>"),
    (r"\b[0-9a-f]{12}\b", "<id12>"),
    (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", "<time>"),
    (r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d( [+-]\d{4} [A-Z]+)?", "<time>"),
    (r"(About an? |Less than a |\d+ )(second|minute|hour|day|week|month|year)s?( ago)?", "<ago>"),
    (r"\b\d+(\.\d+)?\s?(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\b", "<size>"),
    (r"\b\d+(\.\d+)?%", "<pct>"),
    (r"\b\d{1,3}(\.\d{1,3}){3}\b", "<ip>"),
    (r"<ip>:\d+", "<ip>:<port>"),
    (r'"HostPort": ?"\d+"', '"HostPort":"<port>"'),
    (r"\b(file|dir|multi):[0-9a-f]+", r"\1:<hash>"),  # COPY sources: Docker's tarsum, Berth's content hash
    (r"digest: sha256:<digest> size: \d+", "digest: sha256:<digest> size: <n>"),
    # Which letter a daemon's message starts with changed between dockerd versions ("Invalid filter" → "invalid filter").
    (r"(Error response from daemon: )(\w)", lambda m: m.group(1) + m.group(2).lower()),
    (r"\b\d\d:\d\d(:\d\d)?\b", "<clock>"),
]
GENERIC = [(re.compile(p), r) for p, r in GENERIC]


def normalise(text, engine):
    for literal, token in engine.literals:
        text = text.replace(literal, token)
    for pattern, token in GENERIC:
        text = pattern.sub(token, text)
    # The CLI's own log lines (e.g. `docker cp` into a missing directory racing its tar writer) are client noise.
    lines = [l for l in text.rstrip("\n").split("\n") if not l.startswith('time="<time>" level=')]
    return "\n".join(re.sub(r" {2,}", "  ", l.rstrip()) for l in lines) if text else ""


def shape(value, path="", out=None):
    """Flattened JSON shape: {path: type}; a list's elements merge under path[]."""
    out = {} if out is None else out
    if isinstance(value, dict):
        out[path or "."] = "object" if value else "empty"
        for k, v in value.items():
            shape(v, f"{path}.{re.sub(r'^[0-9a-f]{64}$', '<id>', k)}", out)
    elif isinstance(value, list):
        out[path or "."] = "array" if value else "empty"
        for v in value:
            shape(v, path + "[]", out)
    else:
        out[path or "."] = {bool: "bool", int: "number", float: "number", str: "string"}.get(type(value), "null")
    return out


def json_shape(text):
    text = text.strip()
    if not text:
        return {}
    try:
        return shape(json.loads(text))
    except ValueError:
        pass
    merged = {}  # JSON lines (`--format json` of listings, events)
    for line in text.split("\n"):
        try:
            shape(json.loads(line), "[]", merged)
        except ValueError:
            merged["<not json>"] = line[:60]
    return merged


def keys_of(text):
    """`Key: value` lines (docker info, docker version) as their keys with indentation, values dropped."""
    keys = set()
    for line in text.split("\n"):
        m = re.match(r"^(\s*)([^\s:][^:]*):", line)
        if m:
            keys.add(m.group(1).replace("\t", "  ") + m.group(2).strip())
    return keys


# Keys dockerd stopped sending in a later API version: missing at that version or above is no difference.
IMAGE_DROPPED = [
    (r"\[\]\.Config\.(Hostname|Domainname|AttachStdin|AttachStdout|AttachStderr|Tty|OpenStdin|StdinOnce|Image)", "1.50"),
    (r"\[\]\.(Container|ContainerConfig)(\..*|\[\].*)?", "1.45"),
    (r"\[\]\.VirtualSize", "1.44"),
]


def api_tuple(v):
    return tuple(int(x) for x in v.split(".")) if v and re.fullmatch(r"\d+\.\d+", v) else (0, 0)


def dropped_by_api(key, step):
    return any(re.fullmatch(p, key) and api_tuple(step.get("api")) >= api_tuple(v) for p, v in step.get("dropped", []))


def compatible(a, b):
    """Two JSON types a client can read the same way: equal, or null beside an empty or absent container."""
    return a == b or {a, b} <= {"null", "empty"} or {a, b} <= {"empty", "array"} or {a, b} <= {"empty", "object"}


def compare_step(d, b):
    """(differences, notes) between the docker step d and the berth step b."""
    diffs, notes = [], []
    if d["rc"] != b["rc"]:
        diffs.append(f"exit code {d['rc']} vs {b['rc']}")
    mode = d["cmp"]
    streams = [("stdout", d["out"], b["out"]), ("stderr", d["err"], b["err"])]
    if mode in ("shape", "keys"):
        if mode == "shape":
            ds, bs = json_shape(d["out"]), json_shape(b["out"])
            gone = sorted(k for k in ds if k not in bs and dropped_by_api(k, b))
            if gone:
                notes.append(f"not sent at API {b.get('api')} (dropped by newer APIs): {', '.join(gone[:6])}{' ...' if len(gone) > 6 else ''}")
            missing = sorted(k for k in ds if k not in bs and k not in gone)
            wrong = sorted(f"{k}: {ds[k]} vs {bs[k]}" for k in ds if k in bs and not compatible(ds[k], bs[k]))
        else:
            ds, bs = keys_of(d["out"]), keys_of(b["out"])
            missing, wrong = sorted(ds - bs), []
        extra = sorted(k for k in bs if k not in ds)
        if missing:
            diffs.append(f"missing in berth: {', '.join(missing[:12])}{' ...' if len(missing) > 12 else ''} ({len(missing)})")
        if wrong:
            diffs.append(f"other types: {', '.join(wrong[:8])}{' ...' if len(wrong) > 8 else ''}")
        if extra:
            notes.append(f"only in berth: {', '.join(extra[:8])}{' ...' if len(extra) > 8 else ''} ({len(extra)})")
        streams = streams[1:]
    for name, x, y in streams:
        if mode == "sorted":
            x, y = "\n".join(sorted(x.split("\n"))), "\n".join(sorted(y.split("\n")))
        if x != y:
            lines = [l for l in difflib.unified_diff(x.split("\n"), y.split("\n"), "docker", "berth", lineterm="", n=0)
                     if not l.startswith(("---", "+++", "@@"))]
            diffs.append(f"{name}: " + " | ".join(lines[:6]) + (" | ..." if len(lines) > 6 else ""))
    return diffs, notes


# ---------------------------------------------------------------- running commands

class Engine:
    def __init__(self, name, sock, tmp, bridge, registry):
        self.name, self.tmp, self.registry = name, tmp, registry
        os.makedirs(tmp, exist_ok=True)
        self.env = dict(os.environ, DOCKER_HOST=f"unix://{sock}", DOCKER_CONFIG=os.path.join(tmp, "cli-config"),
                        DOCKER_BUILDKIT="0", DOCKER_CLI_HINTS="false")
        self.env.pop("DOCKER_API_VERSION", None)
        os.makedirs(self.env["DOCKER_CONFIG"], exist_ok=True)
        self.repo = f"cx{name}"  # this engine's repository prefix in the shared registry
        self.literals = [(tmp, "<tmp>"), (sock, "<sock>"), (bridge, "<bridge>"), (registry, "<registry>"),
                         (self.repo, "cx<engine>")]
        self.steps = []
        self.api = None  # the API version the CLI negotiated with this daemon

    def cmd(self, argv, stdin=None, timeout=30, cmp="text", norm=None, record=True, dropped=()):
        t0 = time.monotonic()
        try:
            data = stdin.encode() if isinstance(stdin, str) else stdin
            p = subprocess.run(argv, input=data, capture_output=True,
                               timeout=timeout, env=self.env, cwd=self.tmp,
                               stdin=subprocess.DEVNULL if stdin is None else None)
            rc, out, err = p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired as e:
            rc = "timeout"
            out = (e.stdout or b"").decode(errors="replace")
            err = (e.stderr or b"").decode(errors="replace")
        step = {"cmd": " ".join(argv), "rc": rc, "raw_out": out, "raw_err": err, "cmp": cmp,
                "ms": round((time.monotonic() - t0) * 1000), "api": self.api, "dropped": list(dropped)}
        self._finish(step, norm)
        if record:
            self.steps.append(step)
        return step

    def _finish(self, step, norm):
        step["out"], step["err"] = normalise(step["raw_out"], self), normalise(step["raw_err"], self)
        if norm:
            step["out"], step["err"] = norm(step["out"]), norm(step["err"])

    def d(self, *args, **kw):
        return self.cmd(["docker", *args], **kw)

    def run(self, *args, **kw):
        """docker run that never pulls: a missing image is an error, not a trip to Docker Hub."""
        return self.d("run", "--pull=never", *args, **kw)

    def sh(self, script, **kw):
        return self.cmd(["sh", "-c", script], **kw)

    def note(self, what, rc, out="", err="", cmp="text"):
        """A check made in Python (an HTTP GET, a tar listing), recorded like a command."""
        step = {"cmd": what, "rc": rc, "raw_out": out, "raw_err": err, "cmp": cmp, "ms": 0}
        self._finish(step, None)
        self.steps.append(step)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def until(self, check, seconds=10):
        """Polls check() (not recorded) until it is true; so flows wait for a state, not a fixed time."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if check():
                return True
            time.sleep(0.1)
        return False

    def quiet(self, *args):
        return self.d(*args, record=False)


def top_norm(text):
    """docker top: process ids and the CPU column vary."""
    return re.sub(r"^(\S+)  \d+  \d+  \d+  ", r"\1  <pid>  <pid>  <c>  ", text, flags=re.M)


def tar_names(path, depth=None):
    with tarfile.open(path) as t:
        names = {m.name.rstrip("/").removeprefix("./") for m in t.getmembers()}
    if depth:
        names = {"/".join(n.split("/")[:depth]) for n in names}
    return "\n".join(sorted(n for n in names if n))


# ---------------------------------------------------------------- flows

FLOWS = []


def flow(name):
    def register(fn):
        FLOWS.append((name, fn))
        return fn
    return register


@flow("setup-web")
def f_setup_web(e):
    """run -d with a published port, env, a memory limit and a label: the container later flows use."""
    e.run("-d", "--name", "c-web", "-p", "127.0.0.1::80", "-e", "FOO=bar", "--memory", "64m", "--label", "compat=web",
          "busybox", "httpd", "-f", "-p", "80", "-h", "/etc")
    port = e.d("port", "c-web", "80")
    m = re.search(r":(\d+)\s*$", port["raw_out"].split("\n")[0])
    status, body = "no port", ""
    if m:
        url = f"http://127.0.0.1:{m.group(1)}/hostname"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=3) as r:
                    status, body = r.status, r.read().decode(errors="replace")
                break
            except OSError as ex:
                status = f"error {type(ex).__name__}"
                time.sleep(0.2)
    e.note("GET http://127.0.0.1:PORT/hostname", status, body)
    e.d("exec", "c-web", "sh", "-c", "echo $FOO")
    e.d("inspect", "-f", "{{.HostConfig.Memory}} {{.Config.Labels}} {{.State.Status}}", "c-web")
    e.d("exec", "c-web", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes")


@flow("run-rm-exit-0")
def f_run0(e):
    e.run("--rm", "busybox", "true")
    e.run("--rm", "busybox", "echo", "hello")
    e.run("--rm", "-e", "A=1", "-w", "/tmp", "busybox", "sh", "-c", "echo $A $(pwd)")


@flow("run-rm-exit-3")
def f_run3(e):
    e.run("--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3")


@flow("run-rm-exit-125")
def f_run125(e):
    e.run("--rm", "--cpus", "999", "busybox", "true")  # refused by the daemon
    e.run("--rm", "--memory", "lots", "busybox", "true")  # refused by the CLI
    e.run("--rm", "--pull=never", "compat/nosuch:1", "true")


@flow("run-rm-exit-126-127")
def f_run127(e):
    e.run("--rm", "busybox", "nosuchcmd")
    e.run("--rm", "busybox", "/etc/passwd")


@flow("run-rm-stdin")
def f_run_stdin(e):
    e.run("--rm", "-i", "busybox", "sh", "-c", "cat; exit 2", stdin="piped\n")


@flow("run-tty")
def f_run_tty(e):
    e.cmd(["script", "-qec", "docker run --pull=never --rm -t busybox sh -c 'tty; echo out'", "/dev/null"])


@flow("run-d-user")
def f_run_user(e):
    e.run("--rm", "busybox", "id")
    e.run("-d", "--name", "c-user", "--user", "1000:1000", "busybox", "sleep", "300")
    e.d("exec", "c-user", "id")
    e.d("inspect", "-f", "{{.Config.User}}", "c-user")
    e.d("top", "c-user", norm=top_norm)
    e.d("rm", "-f", "c-user")


@flow("ps")
def f_ps(e):
    e.d("ps", "--filter", "name=c-web", "--format", "{{.Names}}|{{.Image}}|{{.Command}}|{{.Status}}|{{.Ports}}")
    e.d("ps", "--filter", "name=c-web")
    e.run("--name", "c-exited", "busybox", "sh", "-c", "exit 3")
    e.d("ps", "-a", "--filter", "name=c-exited", "--format", "{{.Names}} {{.Status}}")
    e.d("ps", "-a", "--filter", "status=exited", "--filter", "name=c-", "--format", "{{.Names}}")
    e.d("ps", "-a", "--filter", "exited=3", "--format", "{{.Names}}")
    e.d("ps", "--filter", "label=compat=web", "--format", "{{.Names}}")
    e.d("ps", "-a", "--filter", "ancestor=busybox", "--format", "{{.Names}}", cmp="sorted")
    e.d("ps", "-q", "--filter", "name=c-web")
    e.d("ps", "--no-trunc", "-q", "--filter", "name=c-web")
    e.d("ps", "-a", "-n", "1", "--format", "{{.Names}}")
    e.d("ps", "--filter", "name=c-web", "--format", "json", cmp="shape")
    e.d("ps", "--filter", "status=bogus")
    e.d("rm", "c-exited")


@flow("logs")
def f_logs(e):
    # One line at a time: the order of stdout and stderr lines written at once is up to each daemon's copiers.
    e.run("-d", "--name", "c-logs", "busybox", "sh", "-c",
          "for i in 1 2 3; do echo out$i; sleep 0.05; echo err$i >&2; sleep 0.05; done; sleep 300")
    e.until(lambda: "err3" in e.quiet("logs", "c-logs")["raw_err"])
    e.d("logs", "c-logs")
    e.d("logs", "--tail", "2", "c-logs")
    e.d("logs", "-t", "--tail", "1", "c-logs")
    e.d("logs", "--since", "1h", "--until", "1s", "c-logs")
    e.cmd(["timeout", "2", "docker", "logs", "-f", "--tail", "1", "c-logs"])
    e.run("-d", "--name", "c-follow", "busybox", "sh", "-c", "echo a; sleep 1; echo b")
    e.d("logs", "-f", "c-follow")
    e.run("-d", "-t", "--name", "c-tty", "busybox", "echo", "tty-out")
    e.d("wait", "c-tty")
    e.d("logs", "c-tty")
    e.d("logs", "nosuch")
    e.d("rm", "-f", "c-logs", "c-follow", "c-tty")


@flow("exec")
def f_exec(e):
    e.d("exec", "c-web", "sh", "-c", "exit 7")
    e.d("exec", "-e", "A=1", "-e", "B=2", "c-web", "sh", "-c", "echo $A$B")
    e.d("exec", "-u", "1000:1000", "c-web", "id")
    e.d("exec", "-u", "nobody", "c-web", "id")
    e.d("exec", "-w", "/tmp", "c-web", "pwd")
    e.d("exec", "-i", "c-web", "cat", stdin="in\n")
    e.d("exec", "c-web", "nosuchcmd")
    e.d("exec", "-d", "c-web", "sleep", "1")
    e.d("exec", "nosuch", "true")
    e.cmd(["script", "-qec", "docker exec -t c-web sh -c 'tty; echo tty'", "/dev/null"])
    e.run("--name", "c-stopped", "busybox", "true")
    e.d("exec", "c-stopped", "true")
    e.d("rm", "c-stopped")


@flow("attach")
def f_attach(e):
    e.run("-d", "-i", "--name", "c-att", "busybox", "sh", "-c", "read x; echo got $x; sleep 1; exit 4")
    # Whether dockerd still relays output once the client's stdin has ended is a race on its side (Berth relays it
    # until the exit): the exit code is compared here, the output through the log.
    e.d("attach", "c-att", stdin="abc\n", norm=lambda text: "")
    e.d("logs", "c-att")
    e.d("attach", "c-att")
    e.run("-d", "--name", "c-att2", "busybox", "sh", "-c", "sleep 1; echo later; echo later-err >&2; exit 5")
    e.d("attach", "--no-stdin", "c-att2")
    e.run("--name", "c-att3", "busybox", "sh", "-c", "echo started; exit 6")
    e.d("start", "-a", "c-att3")
    e.d("rm", "c-att", "c-att2", "c-att3")


@flow("cp")
def f_cp(e):
    os.makedirs(e.path("in", "dir"), exist_ok=True)
    os.makedirs(e.path("out"), exist_ok=True)
    for name, text in (("hello.txt", "hello\n"), ("dir/a", "a\n"), ("dir/b", "b\n")):
        with open(e.path("in", name), "w") as f:
            f.write(text)
    e.d("cp", "in/hello.txt", "c-web:/tmp/hello.txt")
    e.d("exec", "c-web", "cat", "/tmp/hello.txt")
    e.d("cp", "in/dir", "c-web:/tmp/")
    e.d("exec", "c-web", "sh", "-c", "cd /tmp/dir && ls && stat -c '%a %u %s %n' a b")
    e.d("cp", "c-web:/etc/passwd", "out/passwd")
    e.note("cat out/passwd", 0, open(e.path("out", "passwd")).read() if os.path.exists(e.path("out", "passwd")) else "")
    e.d("cp", "c-web:/tmp/dir", "out/")
    e.note("ls out/dir", 0, "\n".join(sorted(os.listdir(e.path("out", "dir")))) if os.path.isdir(e.path("out", "dir")) else "")
    e.sh("docker cp c-web:/etc/passwd - | tar t")
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        data = b"from a tar\n"
        info = tarfile.TarInfo("fromtar.txt")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    e.cmd(["docker", "cp", "-", "c-web:/tmp"], stdin=buf.getvalue())
    e.d("exec", "c-web", "cat", "/tmp/fromtar.txt")
    e.d("cp", "c-web:/nonexistent", "out/x")
    e.d("cp", "in/hello.txt", "c-web:/nonexistent/dir/")
    e.d("cp", "nosuch:/etc/passwd", "out/y")


@flow("stats")
def f_stats(e):
    e.d("stats", "--no-stream", "c-web")
    e.d("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}} {{.PIDs}}", "c-web")
    e.d("stats", "--no-stream", "--format", "json", "c-web", cmp="shape")
    e.d("stats", "--no-stream", "nosuch")


@flow("inspect")
def f_inspect(e):
    e.d("inspect", "c-web", cmp="shape")
    e.d("inspect", "busybox", cmp="shape", dropped=IMAGE_DROPPED)
    e.d("container", "inspect", "--size", "c-web", cmp="shape")
    e.d("inspect", "-f", "{{.State.Status}} {{.State.Running}} {{.Config.Image}} {{.Name}} {{.RestartCount}} {{.Path}} {{.Args}}", "c-web")
    e.d("inspect", "-f", "{{json .NetworkSettings.Ports}}", "c-web")
    e.d("inspect", "-f", "{{.HostConfig.NetworkMode}} {{.HostConfig.RestartPolicy.Name}} {{.Config.Hostname}}", "c-web")
    e.d("inspect", "--type", "container", "busybox")
    e.d("inspect", "nosuch")


@flow("lifecycle")
def f_lifecycle(e):
    e.run("-d", "--name", "c-life", "busybox", "sleep", "300")
    e.d("top", "c-life", norm=top_norm)
    e.d("pause", "c-life")
    e.d("ps", "--filter", "name=c-life", "--format", "{{.Status}}")
    e.d("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "c-life")
    e.d("pause", "c-life")
    e.d("unpause", "c-life")
    e.d("unpause", "c-life")
    e.d("rename", "c-life", "c-life2")
    e.d("rename", "c-life2", "c-web")
    e.d("update", "--memory", "128m", "--memory-swap", "256m", "c-life2")
    e.d("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}", "c-life2")
    e.d("update", "--cpus", "0.5", "--restart", "on-failure:2", "c-life2")
    e.d("inspect", "-f", "{{.HostConfig.NanoCpus}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", "c-life2")
    e.d("exec", "c-life2", "sh", "-c", "touch /tmp/new && rm /bin/sync")
    e.d("diff", "c-life2", cmp="sorted")
    e.d("port", "c-life2")
    e.d("restart", "-t", "1", "c-life2")
    e.d("stop", "-t", "1", "c-life2")
    e.d("wait", "c-life2")
    e.d("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "c-life2")
    e.d("start", "c-life2")
    e.d("kill", "c-life2")
    e.d("wait", "c-life2")
    e.d("kill", "c-life2")
    e.d("export", "-o", "out-life.tar", "c-life2")
    e.note("tar t out-life.tar (top level)", 0, tar_names(e.path("out-life.tar"), 1) if os.path.exists(e.path("out-life.tar")) else "")
    e.sh("docker export c-life2 | tar t >/dev/null")  # GNU tar reads it without complaint
    e.d("rm", "c-life2")
    e.d("stop", "nosuch")
    e.d("start", "nosuch")
    e.d("restart", "nosuch")
    e.d("wait", "nosuch")
    e.d("rm", "nosuch")
    e.d("rename", "nosuch", "x")


@flow("images")
def f_images(e):
    e.d("images", "--filter", "reference=busybox", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")
    e.d("images", "busybox")
    e.d("tag", "busybox", "compat/bb:1")
    e.d("images", "compat/bb", "--format", "{{.Repository}} {{.Tag}} {{.ID}} {{.Size}}")
    e.d("image", "inspect", "-f", "{{.RepoTags}} {{.Os}} {{.Architecture}}", "compat/bb:1")
    e.d("images", "-q", "compat/bb")
    e.d("history", "busybox")
    e.d("history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Size}}|{{.Comment}}", "busybox")
    e.d("save", "-o", "bb.tar", "compat/bb:1")
    e.note("tar t bb.tar", 0, tar_names(e.path("bb.tar")) if os.path.exists(e.path("bb.tar")) else "")
    e.d("rmi", "compat/bb:1")
    e.d("load", "-i", "bb.tar")
    e.d("load", "-q", "-i", "bb.tar")
    e.d("commit", "c-web", "compat/committed:1")
    e.d("commit", "-c", 'CMD ["echo", "committed"]', "-m", "a message", "c-web", "compat/committed:2")
    e.run("--rm", "compat/committed:2")
    e.d("history", "--format", "{{.CreatedBy}}|{{.Comment}}", "compat/committed:2")
    e.d("rmi", "compat/committed:1", "compat/committed:2")
    e.d("rmi", "nosuch")
    e.d("save", "-o", "nosuch.tar", "nosuch")
    with open(e.path("garbage.tar"), "w") as f:
        f.write("not a tar\n")
    e.d("load", "-i", "garbage.tar")
    e.d("tag", "nosuch", "x:1")
    e.d("tag", "busybox", "Bad:Tag!")
    e.d("rmi", "compat/bb:1")
    e.d("rmi", "busybox")  # its only tag now, and containers use it
    e.d("image", "prune", "-f")


@flow("registry")
def f_registry(e):
    ref = f"{e.registry}/{e.repo}/bb:1"
    e.d("tag", "busybox", ref)
    e.d("push", ref, timeout=60)
    e.d("rmi", ref)
    e.d("pull", ref, timeout=60)
    e.d("images", f"{e.registry}/{e.repo}/bb", "--format", "{{.Repository}}:{{.Tag}}")
    e.d("inspect", "-f", "{{.RepoDigests}}", ref)
    e.d("pull", "-q", ref, timeout=60)
    e.d("pull", f"{e.registry}/{e.repo}/nosuch:1", timeout=60)
    e.d("push", f"{e.registry}/{e.repo}/nosuch:1", timeout=60)
    e.d("rmi", ref)


DOCKERFILE = """FROM busybox
LABEL compat=built
ENV GREETING=hello
WORKDIR /app
COPY file.txt ./
RUN echo "built $GREETING" > /app/built.txt && cat /app/file.txt
EXPOSE 8080
CMD ["cat", "/app/built.txt"]
"""


@flow("build")
def f_build(e):
    for name, dockerfile in (("ctx", DOCKERFILE), ("bad", "FROM busybox\nRUN echo failing; exit 5\n")):
        os.makedirs(e.path(name), exist_ok=True)
        with open(e.path(name, "Dockerfile"), "w") as f:
            f.write(dockerfile)
        with open(e.path(name, "file.txt"), "w") as f:
            f.write("a file\n")
    e.d("build", "-t", "compat/built:1", "ctx", timeout=120)
    e.d("build", "-t", "compat/built:1", "ctx", timeout=120)
    e.run("--rm", "compat/built:1")
    e.d("image", "inspect", "-f", "{{.Config.Cmd}} {{.Config.WorkingDir}} {{.Config.Labels}} {{.Config.ExposedPorts}} {{.Config.Env}}",
        "compat/built:1")
    e.d("history", "--format", "{{.CreatedBy}}", "compat/built:1")
    e.d("build", "-q", "-t", "compat/built:2", "ctx", timeout=120)
    e.d("build", "-t", "compat/bad:1", "bad", timeout=120)
    # dockerd keeps the failed step's container (Berth removes it): gone, so later counts compare like with like
    e.sh("docker ps -aq --filter status=exited | xargs -r docker rm", record=False)
    e.d("build", "-f", "nosuch.Dockerfile", "ctx", timeout=60)
    e.d("rmi", "compat/built:1", "compat/built:2")


@flow("network")
def f_network(e):
    e.d("network", "create", "compat-net")
    e.d("network", "create", "compat-net")
    e.d("network", "ls", "--filter", "name=compat-net", "--format", "{{.Name}} {{.Driver}} {{.Scope}}")
    e.d("network", "ls", "--filter", "name=compat-net")
    e.d("network", "ls", "--format", "{{.Name}}", cmp="sorted")
    e.d("network", "inspect", "compat-net", cmp="shape")
    e.d("network", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Internal}} {{.Attachable}} {{.Scope}}", "compat-net")
    e.d("network", "connect", "compat-net", "c-web")
    e.d("network", "connect", "compat-net", "c-web")
    e.d("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "c-web")
    e.d("network", "inspect", "-f", "{{len .Containers}}", "compat-net")
    e.d("network", "disconnect", "compat-net", "c-web")
    e.d("network", "disconnect", "compat-net", "c-web")
    e.d("network", "rm", "compat-net")
    e.d("network", "rm", "nosuch")
    e.d("network", "create", "--driver", "nosuch", "compat-bad")
    e.d("network", "inspect", "bridge", cmp="shape")


@flow("volume")
def f_volume(e):
    e.d("volume", "create", "compat-vol")
    e.d("volume", "create", "--label", "compat=other", "compat-other")
    e.d("volume", "ls", "--filter", "name=compat-vol")
    e.d("volume", "ls", "-q", "--filter", "name=compat-")
    e.d("volume", "ls", "-q", "--filter", "label=compat=other")
    e.d("volume", "ls", "-q", "--filter", "dangling=true")
    e.d("volume", "rm", "compat-other")
    e.d("volume", "inspect", "compat-vol", cmp="shape")
    e.d("volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Scope}}", "compat-vol")
    e.run("--rm", "-v", "compat-vol:/data", "busybox", "sh", "-c", "echo v > /data/f")
    e.run("--rm", "-v", "compat-vol:/data:ro", "busybox", "cat", "/data/f")
    e.run("--rm", "-v", "compat-vol:/data:ro", "busybox", "touch", "/data/g")
    e.run("-d", "--name", "c-vol", "-v", "compat-vol:/data", "busybox", "sleep", "300")
    e.d("volume", "rm", "compat-vol")
    e.d("rm", "-f", "c-vol")
    e.d("volume", "rm", "compat-vol")
    e.d("volume", "rm", "nosuch")
    e.d("volume", "create", "--driver", "nosuch", "compat-bad")


@flow("events")
def f_events(e):
    since = f"{time.time():.3f}"
    e.run("--rm", "--name", "c-ev", "busybox", "true")
    e.d("network", "create", "compat-evnet")
    e.d("network", "rm", "compat-evnet")
    time.sleep(1.1)
    until = f"{time.time():.3f}"
    e.d("events", "--since", since, "--until", until, "--filter", "container=c-ev", "--format", "{{.Type}} {{.Action}}")
    e.d("events", "--since", since, "--until", until, "--filter", "event=start", "--format", "{{.Actor.Attributes.name}}")
    e.d("events", "--since", since, "--until", until, "--filter", "type=network", "--filter", "event=create",
        "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}")
    e.d("events", "--since", since, "--until", until, "--filter", "container=c-ev", "--format", "{{json .}}", cmp="shape")
    e.d("events", "--since", "bogus", "--until", until)


@flow("system-df")
def f_df(e):
    e.d("system", "df")
    e.d("system", "df", "--format", "{{.Type}}")
    df = e.d("system", "df", "--format", "{{.Type}}={{.Reclaimable}}", record=False)["raw_out"]
    e.note("is any image space reclaimable? (all in use)", 0, "no" if "(0%)" in df.split("\n")[0] else "yes")
    e.d("system", "df", "--format", "{{json .}}", cmp="shape")
    e.d("system", "df", "-v", norm=lambda t: "\n".join(l for l in t.split("\n") if l and l[0].isupper()))


@flow("info")
def f_info(e):
    e.d("info", "--format", "{{json .}}", cmp="shape")
    e.d("info", cmp="keys")
    e.d("info", "--format", "{{.Driver}} {{.OSType}} {{.Architecture}} {{.CgroupVersion}} {{.Containers}}")


@flow("version")
def f_version(e):
    e.d("version", "--format", "{{json .Server}}", cmp="shape")
    e.d("version", cmp="keys")


@flow("bad-input")
def f_bad(e):
    e.run("--rm", "compat/nosuch:1")
    e.run("--restart=bogus", "busybox", "true")
    e.run("--name", "bad name!", "busybox", "true")
    e.run("--rm", "-p", "99999:80", "busybox", "true")
    e.run("--rm", "--user", "nosuchuser", "busybox", "true")
    e.run("--rm", "--memory", "1k", "busybox", "true")
    e.run("--rm", "--network", "nosuchnet", "busybox", "true")
    e.run("--rm", "-w", "relative", "busybox", "true")
    e.d("kill", "-s", "NOSIG", "c-web")
    e.d("logs", "--tail", "x", "c-web")
    e.d("create", "--pull=never", "--name", "c-web", "busybox")


@flow("cleanup")
def f_cleanup(e):
    e.d("rm", "c-web")
    e.d("rm", "-f", "c-web")
    e.d("ps", "-a", "--format", "{{.Names}}")
    e.d("images", "--format", "{{.Repository}}:{{.Tag}}", cmp="sorted")
    e.d("volume", "ls", "-q")


def run_flows():
    env = os.environ
    t = env["COMPAT_T"]
    engines = {
        "docker": (env["DOCKER_SOCK"], env["DOCKER_BRIDGE"]),
        "berth": (env["BERTH_SOCK"], env["BERTH_BRIDGE"]),
    }
    select = re.compile(env.get("COMPAT_FLOWS") or ".")
    results = []
    out_path = os.path.join(env["COMPAT_RESULTS"], "flows.json")
    started = time.monotonic()
    versions = {}
    for ename, (sock, bridge) in engines.items():
        v = Engine(ename, sock, os.path.join(t, "flows", ename), bridge, env["REGISTRY"]).d(
            "version", "--format", "{{.Server.Version}} {{.Server.APIVersion}} {{.Client.Version}} {{.Client.APIVersion}}",
            record=False)["raw_out"].split()
        versions[ename] = dict(zip(("server", "server_api", "cli", "negotiated_api"), v))
    with open(os.path.join(env["COMPAT_RESULTS"], "versions.json"), "w") as f:
        json.dump(versions, f)
    for name, fn in FLOWS:
        if name not in ALWAYS and not select.search(name):
            continue
        per_engine = {}
        threads = []
        for ename, (sock, bridge) in engines.items():
            engine = Engine(ename, sock, os.path.join(t, "flows", ename), bridge, env["REGISTRY"])
            engine.api = versions[ename].get("negotiated_api")
            per_engine[ename] = engine

            def body(fn=fn, engine=engine):
                try:
                    fn(engine)
                except Exception as ex:  # noqa: BLE001 - a broken flow is a result, not the end of the run
                    engine.note("flow raised", "exception", "", f"{type(ex).__name__}: {ex}")
            threads.append(threading.Thread(target=body))
        t0 = time.monotonic()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        results.append({"flow": name, "doc": (fn.__doc__ or "").strip(), "seconds": round(time.monotonic() - t0, 1),
                        "steps": {n: e.steps for n, e in per_engine.items()}})
        print(f"  {name}: {results[-1]['seconds']} s", file=sys.stderr)
        with open(out_path, "w") as f:
            json.dump({"flows": results, "seconds": round(time.monotonic() - started, 1)}, f)


# ---------------------------------------------------------------- report

def judge(flow):
    d, b = flow["steps"]["docker"], flow["steps"]["berth"]
    problems, notes = [], []
    if len(d) != len(b):
        problems.append(f"{len(d)} steps vs {len(b)}")
    for i, (x, y) in enumerate(zip(d, b), 1):
        diffs, extra = compare_step(x, y)
        for text in diffs:
            problems.append(f"step {i} `{x['cmd'][:70]}`: {text}")
        for text in extra:
            notes.append(f"step {i} `{x['cmd'][:70]}`: {text}")
    return problems, notes


def rcs(steps):
    s = " ".join(str(st["rc"]) for st in steps)
    return s if len(s) <= 34 else s[:31] + "..."


def cmd_report(res):
    def load(name, default):
        p = os.path.join(res, name)
        return json.load(open(p)) if os.path.exists(p) else default
    data = load("flows.json", {"flows": []})
    cleanup = load("cleanup.json", {})
    errors = {n[4:]: open(os.path.join(res, n)).read().strip()[:400] for n in sorted(os.listdir(res)) if n.startswith("err.")}
    rows, differing, details = [], [], []
    for fl in data["flows"]:
        problems, notes = judge(fl)
        verdict = "same" if not problems else "different"
        if problems:
            differing.append(fl["flow"])
        rows.append((fl["flow"], rcs(fl["steps"]["docker"]), rcs(fl["steps"]["berth"]), verdict))
        details.append((fl["flow"], problems, notes))
    p = print
    p("")
    p("Exit codes of each flow's steps, and whether stdout/stderr/exit codes match once normalised")
    p(f"{'flow':22} | {'docker':34} | {'berth':34} | result")
    p(f"{'-' * 22}-|-{'-' * 34}-|-{'-' * 34}-|-{'-' * 9}")
    for flow, d, b, verdict in rows:
        p(f"{flow:22} | {d:34} | {b:34} | {verdict}")
        for name, problems, notes in details:
            if name == flow:
                for text in problems:
                    p(f"{'':22}     - {text[:300]}")
                for text in notes:
                    p(f"{'':22}     (note) {text[:300]}")
    if errors:
        p("")
        p("Errors: " + "; ".join(f"{k}: {v}" for k, v in errors.items()))
    if cleanup.get("leftovers"):
        p("")
        p("Cleanup left behind: " + "; ".join(cleanup["leftovers"]))
    p("")
    steps = sum(len(fl["steps"]["docker"]) for fl in data["flows"])
    summary = {
        "bench": "compat", "flows": len(rows), "same": len(rows) - len(differing), "different": len(differing),
        "steps_per_engine": steps, "differing": differing, "seconds": data.get("seconds"),
        "versions": load("versions.json", {}), "errors": errors,
        "leftovers": cleanup.get("leftovers", []), "exit_reason": cleanup.get("exit_reason"),
    }
    sys.stdout.flush()
    print(json.dumps(summary, separators=(",", ":")))


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "report"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if sys.argv[1] == "run":
        run_flows()
    else:
        cmd_report(sys.argv[2])
