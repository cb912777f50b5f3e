#!/usr/bin/env python3
"""Helpers for bench/registry.

  registry_image.py build DIR MIB LAYERS   writes an OCI image layout at DIR (tag "bench") of LAYERS gzip layers
                                           of random files, MIB MiB of data in all
  registry_image.py report RESULTS_DIR     prints the table and, last, one JSON line with medians and ratios
"""
import gzip, hashlib, io, json, os, statistics, sys, tarfile, time


def blob(layout, data, media_type):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(layout, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data)}


def build(layout, mib, layers):
    os.makedirs(os.path.join(layout, "blobs", "sha256"), exist_ok=True)
    per_layer = mib * 1024 * 1024 // layers
    descriptors, diff_ids = [], []
    for i in range(layers):
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            written, n = 0, 0
            while written < per_layer:
                size = min(4 * 1024 * 1024, per_layer - written)
                info = tarfile.TarInfo(f"data/layer{i}/file{n}.bin")
                info.size, info.mtime, info.mode = size, 0, 0o644
                tar.addfile(info, io.BytesIO(os.urandom(size)))
                written, n = written + size, n + 1
        diff_ids.append("sha256:" + hashlib.sha256(raw.getvalue()).hexdigest())
        descriptors.append(blob(layout, gzip.compress(raw.getvalue(), compresslevel=1, mtime=0),
                                "application/vnd.oci.image.layer.v1.tar+gzip"))
    config = json.dumps({"architecture": "amd64", "os": "linux", "created": "2026-01-01T00:00:00Z",
                         "config": {"Cmd": ["sh"]}, "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": blob(layout, config, "application/vnd.oci.image.config.v1+json"),
                           "layers": descriptors}).encode()
    entry = blob(layout, manifest, "application/vnd.oci.image.manifest.v1+json")
    entry["annotations"] = {"org.opencontainers.image.ref.name": "bench"}
    with open(os.path.join(layout, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [entry]}, f)
    with open(os.path.join(layout, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')


def samples(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return []
    return [float(l) for l in open(path) if l.strip()]


def report(results):
    names = ["berth_cli", "berth_api", "skopeo", "podman", "berth_repull_api", "manifest_get"]
    med = {n: statistics.median(samples(results, n)) for n in names if samples(results, n)}
    errors = {}
    for f in sorted(os.listdir(results)):
        if f.startswith("err."):
            errors[f[4:]] = open(os.path.join(results, f)).read().strip()
    print(f"{'what':<28}{'median ms':>12}{'runs':>6}")
    for n in names:
        if n in med:
            print(f"{n:<28}{med[n]:>12.1f}{len(samples(results, n)):>6}")
    ratios = {}
    for berth in ("berth_cli", "berth_api"):
        for peer in ("skopeo", "podman"):
            if berth in med and peer in med:
                ratios[f"{berth}/{peer}"] = round(med[berth] / med[peer], 3)
    if "berth_repull_api" in med and "manifest_get" in med:
        ratios["repull_minus_manifest_ms"] = round(med["berth_repull_api"] - med["manifest_get"], 1)
    for k, v in ratios.items():
        print(f"{k:<28}{v:>12}")
    targets = {"pull <= 1.1x skopeo (cli)": ratios.get("berth_cli/skopeo", 99) <= 1.1,
               "pull <= 1.1x podman (cli)": ratios.get("berth_cli/podman", 99) <= 1.1,
               "re-pull <= manifest + 50 ms": ratios.get("repull_minus_manifest_ms", 999) <= 50}
    for k, ok in targets.items():
        print(f"target {k}: {'met' if ok else 'NOT met'}")
    print(json.dumps({"bench": "registry", "medians_ms": {k: round(v, 1) for k, v in med.items()},
                      "ratios": ratios, "targets_met": targets, "errors": errors}))


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "report":
        report(sys.argv[2])
