#!/usr/bin/env python3
"""Writes a container image as a docker-archive tarball, which `ctr images import` takes, from a folder
that is its whole filesystem: one layer, files owned by root, times zeroed so that the same folder gives
the same image. No registry is reachable here, so the real node's images are built on the machine.

usage: image.py ROOTFS NAME:TAG OUT.tar ENTRYPOINT-JSON [ENV-JSON]
"""
import hashlib
import io
import json
import os
import platform
import sys
import tarfile

# The image runs this machine's binaries: its architecture, as OCI names it.
ARCHITECTURE = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def layer_of(rootfs: str) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as layer:
        for dirpath, dirnames, filenames in os.walk(rootfs):
            dirnames.sort()
            for name in [*dirnames, *sorted(filenames)]:
                path = os.path.join(dirpath, name)
                info = layer.gettarinfo(path, arcname=os.path.relpath(path, rootfs))
                info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
                if info.isfile():
                    with open(path, "rb") as content:
                        layer.addfile(info, content)
                else:
                    layer.addfile(info)
    return out.getvalue()


def main(rootfs: str, ref: str, out: str, entrypoint: str, env: str = "[]") -> None:
    layer = layer_of(rootfs)
    config = json.dumps(
        {
            "architecture": ARCHITECTURE,
            "os": "linux",
            # Not root: the pods meet the restricted Pod Security standard (runAsNonRoot).
            "config": {"Entrypoint": json.loads(entrypoint), "Env": json.loads(env), "User": "65532:65532"},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]},
        },
        sort_keys=True,
    ).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    manifest = json.dumps([{"Config": config_name, "RepoTags": [ref], "Layers": ["layer.tar"]}]).encode()
    with tarfile.open(out, "w") as archive:
        for name, content in (("layer.tar", layer), (config_name, config), ("manifest.json", manifest)):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))


if __name__ == "__main__":
    main(*sys.argv[1:])
