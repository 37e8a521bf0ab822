"""The build cache: per-file results kept between runs, under ``.cache/`` (safe to delete).

As Pelican's ``FileStampDataCacher``: a file's result is reused when its stat
(size, modification time, inode) is unchanged; when the stat changed, its bytes
are hashed, and an equal hash still reuses it (a ``git checkout`` that rewrote
the same bytes). The whole cache is keyed by the generator's own code, so a
new version never reads results an older one made.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

CACHE_FILE = "briefing-content.pickle"


@functools.lru_cache(maxsize=None)
def code_version() -> str:
    """A digest of the generator's code and templates, and of the Python that runs it."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".j2") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


RACY_NS = 2_000_000_000  # a file modified this recently may change again within one clock tick: hash it


def read_cache(path: Path):
    """What ``write_cache`` kept at ``path``, or None when it is missing, older or damaged (start again)."""
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.PickleError, ValueError, TypeError, AttributeError, ImportError):
        return None


def write_cache(path: Path, value) -> None:
    """Keep ``value`` at ``path``, atomically; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def _stamp(stat) -> tuple:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


class FileCache:
    """``get(kind, path, compute)``: ``compute(path)``'s result for the file as it is now."""

    def __init__(self, folder: Path | None, borrow=None):
        """``borrow``: (this root, other root, other FileCache): a file this cache has no result for
        may take the other's result for the file at the same place under its root, when the bytes
        are the same (``briefing diff``: the revision's content against the working tree's)."""
        self.borrow = borrow
        self.path = Path(folder) / CACHE_FILE if folder is not None else None
        self.version = code_version() if self.path else ""
        self.base: dict = {}  # as the base file holds them
        self.token = b""  # names the base file, so that a delta is only applied to its own base
        self.old: dict = {}  # the base with the delta applied: as the last run left them
        self.new: dict = {}
        self.hits = self.misses = 0
        if self.path is not None:
            self.token, self.base = self._load(self.path) or (b"", {})
            self.old = dict(self.base)
            delta = self._load(self.path.with_suffix(".delta"))
            if delta is not None and delta[0] == self.token and self.token:
                changed, removed = delta[1]
                self.old.update(changed)
                for key in removed:
                    self.old.pop(key, None)

    def _load(self, path: Path):
        """(token, payload) of one cache file of this code version, or None."""
        found = read_cache(path)
        if not (isinstance(found, tuple) and len(found) == 3 and found[0] == self.version):
            return None
        return found[1], found[2]

    def get(self, kind: str, path: Path, compute):
        if self.path is None:
            return compute(path)
        key = (kind, str(path))
        try:
            stat = os.stat(path)
        except OSError:
            return compute(path)  # compute reports it
        stamp = _stamp(stat)
        entry = self.old.get(key)
        if entry is not None and entry[0] == stamp and time.time_ns() - stat.st_mtime_ns > RACY_NS:
            self.hits += 1
            self.new[key] = entry
            return entry[2]
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).digest()
        except OSError:
            return compute(path)
        if entry is not None and entry[1] == digest:
            self.hits += 1
            value = entry[2]
        elif (borrowed := self._borrowed(kind, path, digest)) is not None:
            self.misses += 1  # a new entry for this cache, to save
            value = borrowed
        else:
            self.misses += 1
            value = compute(path)
        self.new[key] = (stamp, digest, value)
        return value

    def _borrowed(self, kind: str, path: Path, digest: bytes):
        """The other cache's result for the same bytes at the same place, if it has one without problems."""
        if self.borrow is None:
            return None
        root, other_root, other = self.borrow
        try:
            rel = Path(path).relative_to(root)
        except ValueError:
            return None
        entry = other.new.get((kind, str(Path(other_root) / rel)))
        if entry is None or entry[1] != digest:
            return None
        value = entry[2]  # a result that reports problems names its own file: not borrowed
        if getattr(value, "problems", ()) or getattr(value, "parse_problems", ()) or getattr(value, "broken", False):
            return None
        return value

    def digest(self, kind: str, path: Path) -> bytes | None:
        """The hash of the file's bytes as this run found them (None without a cache)."""
        entry = self.new.get((kind, str(path)))
        return entry[1] if entry is not None else None

    def save(self) -> None:
        """Keep this run's entries (files gone since are dropped); a cache that cannot be written is skipped.

        A few changed files are written as a small delta beside the base file
        (rewriting the whole cache for one edit would cost more than the edit);
        the base is rewritten when the delta grows past a twentieth of it.
        """
        if self.path is None or (self.misses == 0 and self.new.keys() == self.old.keys()
                                 and all(self.new[k] is self.old[k] for k in self.new)):
            return
        changed = {k: v for k, v in self.new.items() if self.base.get(k) is not v}
        removed = self.base.keys() - self.new.keys()
        if self.token and len(changed) + len(removed) <= max(50, len(self.new) // 20):
            write_cache(self.path.with_suffix(".delta"), (self.version, self.token, (changed, removed)))
        else:
            write_cache(self.path, (self.version, os.urandom(8), self.new))
            self.path.with_suffix(".delta").unlink(missing_ok=True)
