"""Stage 5: the only code that touches the output directory.

The writer owns exactly the files it generated (listed in a manifest):
it refuses paths outside the output directory and hand-written files,
rewrites only files whose bytes changed, and removes its own stale files.
"""

from __future__ import annotations

import json
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError

MANIFEST = ".briefing-generated.json"


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]

    def __str__(self) -> str:
        return f"{len(self.written)} written, {self.unchanged} unchanged, {len(self.removed)} removed"


def safe_relpath(path: str) -> str:
    """A normalised relative POSIX path that cannot leave the output directory."""
    norm = posixpath.normpath(path)
    if (not path or "\\" in path or "\0" in path or posixpath.isabs(path)
            or norm == "." or norm.startswith("../") or norm == ".." or norm != path):
        raise OutputError(f"refusing to write '{path}': not a plain path inside the output directory")
    return norm


def write(out_dir: Path, pages: dict, keep=frozenset()) -> WriteReport:
    """Write ``pages`` ({path: text or bytes}); ``keep`` names generated files already current on disk."""
    out_dir = Path(out_dir)
    root = out_dir.resolve()
    previous = _read_manifest(out_dir)
    keep = {rel for rel in keep if rel in previous}
    targets = {}
    for rel, text in pages.items():
        rel = safe_relpath(rel)
        target = out_dir / rel
        resolved = target.resolve()
        if root not in resolved.parents:
            raise OutputError(f"refusing to write '{rel}': it resolves outside {out_dir}")
        if rel not in previous and target.exists():
            raise OutputError(f"refusing to overwrite hand-written file {target}; "
                              "rename it, or delete it if it is an old generated page")
        targets[rel] = (target, text.encode("utf-8") if isinstance(text, str) else text)
    written, unchanged = [], 0
    for rel, (target, data) in sorted(targets.items()):
        try:
            if target.read_bytes() == data:
                unchanged += 1
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written.append(rel)
    removed = []
    for rel in sorted(previous - targets.keys() - keep):
        try:
            safe_relpath(rel)
            (out_dir / rel).unlink()
        except (FileNotFoundError, OutputError):
            continue
        removed.append(rel)
        _prune_empty_dirs(out_dir, (out_dir / rel).parent)
    manifest = json.dumps(sorted(targets.keys() | keep), indent=0).encode() + b"\n"
    out_dir.mkdir(parents=True, exist_ok=True)
    if not (out_dir / MANIFEST).exists() or (out_dir / MANIFEST).read_bytes() != manifest:
        (out_dir / MANIFEST).write_bytes(manifest)
    return WriteReport(tuple(written), unchanged + len(keep), tuple(removed))


def _read_manifest(out_dir: Path) -> set:
    try:
        return set(json.loads((out_dir / MANIFEST).read_text()))
    except (FileNotFoundError, ValueError):
        return set()


def _prune_empty_dirs(root: Path, folder: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
