"""The fastest generate is the one that finds nothing to do.

After a successful generate, the stat of every input (content files, template
overrides, the config, the generator's own code) and of every output file is
recorded. The next generate stats them again: when nothing changed, it stops
there, before reading any content. A file modified within two seconds of the
record is not trusted to a stat (its next change may keep the same time).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

from ..content.cache import RACY_NS, code_version, read_cache, write_cache

STATE_FILE = "briefing-state.pickle"


def files_under(folder: Path | None):
    """Every file under ``folder`` (paths as strings, in no order); nothing if it is not a folder."""
    if folder is None or not Path(folder).is_dir():
        return
    for top, _dirs, files in os.walk(folder):
        for name in files:
            yield os.path.join(top, name)


_INHERIT_RE = re.compile(r"^INHERIT:\s*['\"]?([^'\"#\s]+)", re.M)


def _configs(config: Path | None) -> list[str]:
    """The config and the files it INHERITs (mkdocs.offline.yml takes its settings from mkdocs.yml too),
    found with a regular expression: a no-op never imports PyYAML."""
    found: list[str] = []
    while config is not None and len(found) < 10 and str(config) not in found:
        found.append(str(config))
        try:
            parent = _INHERIT_RE.search(Path(config).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            break
        config = Path(config).parent / parent.group(1) if parent else None
    return found


def fingerprint(content_dir: Path, config: Path | None, templates: Path | None, settings) -> tuple[bytes, int]:
    """(digest of every input's stat and the code, the newest modification time among them)."""
    h = hashlib.blake2b(code_version().encode() + repr(settings).encode(), digest_size=16)
    newest = 0
    paths = sorted(files_under(content_dir)) + sorted(files_under(templates)) + _configs(config)
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            h.update(f"{path}\0missing\0".encode("utf-8", "surrogateescape"))
            continue
        newest = max(newest, st.st_mtime_ns)
        # surrogateescape: a name that is not UTF-8 (check reports it) is still a name to fingerprint
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\0".encode("utf-8", "surrogateescape"))
    return h.digest(), newest


def _outputs(out_dir: Path, paths) -> dict:
    stamps, root = {}, str(out_dir)
    for rel in paths:
        try:
            st = os.stat(os.path.join(root, rel))  # not Path / rel: 13,824 Path objects were a third of a no-op
        except OSError:
            return {}
        stamps[rel] = (st.st_size, st.st_mtime_ns)
    return stamps


def unchanged(cache_dir: Path, out_dir: Path, print_: bytes) -> str | None:
    """The last run's summary line if neither its inputs nor its outputs changed since, else None."""
    try:
        saved, outputs, summary = read_cache(Path(cache_dir) / STATE_FILE)
    except (TypeError, ValueError):  # missing or not ours
        return None
    if saved != print_ or not outputs or _outputs(Path(out_dir), outputs) != outputs:
        return None
    return summary


def record(cache_dir: Path, out_dir: Path, print_: bytes, newest: int, paths, summary: str) -> None:
    """Remember this run, unless an input is too recent to be judged by its stat next time."""
    state = Path(cache_dir) / STATE_FILE
    if time.time_ns() - newest <= RACY_NS:
        state.unlink(missing_ok=True)
        return
    write_cache(state, (print_, _outputs(Path(out_dir), paths), summary))
