"""The build cache: per-file results kept between runs, under ``.cache/`` (safe to delete).

As Pelican's ``FileStampDataCacher``: a file's result is reused when its stat
(size, modification time, inode) is unchanged; when the stat changed, its bytes
are hashed, and an equal hash still reuses it (a ``git checkout`` that rewrote
the same bytes). The whole cache is keyed by the generator's own code, so a
new version never reads results an older one made.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import hmac
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
    package = Path(__file__).resolve().parents[1]  # generator/, every stage
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".j2") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


RACY_NS = 2_000_000_000  # a file modified this recently may change again within one clock tick: hash it


@functools.lru_cache(maxsize=None)
def _key() -> bytes | None:
    """This user's secret for signing cache files, kept outside every project (created on first use).

    A cache file is unpickled only when its signature verifies: ``.cache/`` lives beside the
    content, so a pull request could commit one (``git add -f``), and unpickling runs code.
    On a machine without that secret (a CI runner, a new clone elsewhere) such a file is
    simply not read.
    """
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefing"
    path = home / "cache-key"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.urandom(32))
        return path.read_bytes()
    except FileExistsError:  # another run made it first
        return path.read_bytes()
    except OSError:
        return None


def usable_dir(folder: Path | None) -> Path | None:
    """``folder`` if the cache may live there: not a symbolic link (which would write elsewhere), not a file."""
    if folder is None:
        return None
    folder = Path(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return None
    return folder


# Git ignores a folder that holds a .gitignore of '*' (pytest's, mypy's and ruff's caches do the same): a
# repository that keeps only content, where ``briefing check`` runs as a pre-commit hook, shows no
# untracked .cache/, whatever its own .gitignore says. The cache stays beside the content (rather than in
# the user's cache folder): one folder per project to find, delete or keep in CI, moved with it.
GITIGNORE = "# Made by briefing: its cache, safe to delete, never committed\n*\n"


def own_folder(folder: Path) -> Path | None:
    """``folder``, made if missing with a ``.gitignore`` that ignores all of it; None if the cache may not live
    there (:func:`usable_dir`). A folder that cannot be made is still returned: writing to it is skipped."""
    folder = Path(folder)
    if usable_dir(folder) is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if usable_dir(folder) is None:  # replaced by a link meanwhile
            return None
        fd = os.open(folder / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o666)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(GITIGNORE)
    except FileExistsError:  # made by an earlier run (or the user's own: left as it is)
        pass
    except OSError:
        pass
    return folder


def read_cache(path: Path):
    """What ``write_cache`` kept at ``path``, or None when it is missing, older, damaged or not signed here."""
    key = _key()
    if key is None or usable_dir(Path(path).parent) is None or Path(path).is_symlink():
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    signature, payload = data[:32], data[32:]
    if not hmac.compare_digest(signature, hmac.new(key, payload, hashlib.sha256).digest()):
        return None
    collecting = gc.isenabled()
    gc.disable()  # a cache is millions of objects and no garbage: a collection would only scan them
    try:
        return pickle.loads(payload)
    except (EOFError, pickle.PickleError, ValueError, TypeError, AttributeError, ImportError):
        return None
    finally:
        if collecting:
            gc.enable()


def write_cache(path: Path, value) -> None:
    """Keep ``value`` at ``path``, signed and atomically; a cache that cannot be written is skipped."""
    key = _key()
    path = Path(path)
    if key is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if usable_dir(path.parent) is None:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(hmac.new(key, payload, hashlib.sha256).digest() + payload)
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
        are the same (``briefing diff``: the revision's content against the working tree's). With
        ``borrow`` and no ``folder``, files are hashed and borrowed, and nothing is kept."""
        self.borrow = borrow
        self.path = Path(folder) / CACHE_FILE if folder is not None else None
        self.version = code_version() if self.path else ""
        self.base: dict = {}  # as the base file holds them
        self.token = b""  # names the base file, so that a delta is only applied to its own base
        self.old: dict = {}  # the base with the delta applied: as the last run left them
        self.new: dict = {}
        self.trusted: set[str] | None = None  # see rotate()
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
        if self.path is None and self.borrow is None:
            return compute(path)
        key = (kind, str(path))
        old, new = self.old, self.new
        entry = old.get(key)
        if entry is not None and self.trusted is not None and key[1] not in self.trusted:
            self.hits += 1  # briefing serve: no event said this file changed
            new[key] = entry
            return entry[2]
        try:
            stat = os.stat(path)
        except OSError:
            return compute(path)  # compute reports it
        stamp = _stamp(stat)
        if entry is not None and entry[0] == stamp and time.time_ns() - stat.st_mtime_ns > RACY_NS:
            self.hits += 1
            new[key] = entry
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
        new[key] = (stamp, digest, value)
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

    def rotate(self, changed: set[str] | None = None) -> None:
        """Begin another run in the same process (``briefing serve``): this run's results are the next one's.

        ``changed``: the paths (as ``str``) that file events named since; every other file whose result
        is kept is taken as unchanged without a look at it (None: each file is looked at, as usual).
        """
        self.old, self.new = self.new, {}
        self.trusted = changed
        self.hits = self.misses = 0

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
            self.token, self.base = os.urandom(8), dict(self.new)
            write_cache(self.path, (self.version, self.token, self.base))
            self.path.with_suffix(".delta").unlink(missing_ok=True)
