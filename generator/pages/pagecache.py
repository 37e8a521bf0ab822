"""Which generated pages are still current: each page's inputs, digested and compared with the last run's.

Every page is rendered from explicit inputs (the renderer names them: the
article, the tags and entities it shows, the entries of a listing...). A
page's key digests the generator's code and templates, the site settings, its
path and the digest of each input; a page whose key is unchanged and whose
file is as the last run left it (same size and modification time) is not
rendered again. Index pages that summarise everything depend on ``ALL``.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from pathlib import Path

from ..content.cache import code_version, read_cache, write_cache

CACHE_FILE = "briefing-pages.pickle"
ALL = ("all",)


def _digest(*parts) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\0")
    return h.digest()


class Inputs:
    """The digest of each input a page can name: ('article', id), ('tag', id), ('story-members', id)..."""

    def __init__(self, content, idx):
        self.content, self.idx, self.memo = content, idx, {}

    def __call__(self, key) -> bytes:
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._compute(key)
        return found

    def _compute(self, key) -> bytes:
        kind, ident = key[0], key[1] if len(key) > 1 else None
        c, idx = self.content, self.idx
        if kind == "article":
            return c.digests[ident]
        if kind in ("tag", "entity", "story"):  # and whether it has a page: links to it depend on it
            return _digest({"tag": c.tags, "entity": c.entities, "story": c.stories}[kind].get(ident),
                           bool(ident) and idx.has_page(kind, ident))
        if kind == "event":
            return _digest(self._events().get(ident))
        if kind == "story-members":
            view = idx.stories.get(ident)
            return _digest(tuple(a.id for a in view.articles) if view else ())
        if kind == "story-claims":  # what a briefing shows of the other sources' claims, and their attributions
            view = idx.stories.get(ident)
            return _digest(tuple(
                (row.topic, row.relation, row.reason, row.precise.id if row.precise else "",
                 tuple((a.id, a.date, a.source, c, self(("entity", c.attributed_to)) if c.cites_entity else b"")
                       for a, c in row.claims), tuple((a.id, rate) for a, _, rate in row.converted))
                for row in view.claims) if view else ())
        if kind == "archive":  # a year of the briefings archive: its briefings, and the stories they name
            return _digest(tuple((a.id, c.digests[a.id], self(("story", a.annotation.story)))
                                 for a in c.articles if a.date.year == ident))
        if kind == "backlinks":
            return _digest(idx.backlinks.get(ident, ()))
        if kind == "years":
            return _digest(tuple(idx.years))
        if kind == "weeks":
            return _digest(tuple(w.slug for w in idx.weeks))
        if kind == "counts":  # a value the renderer gives
            return _digest(ident)
        if kind in ("tags", "entities", "topics"):  # the whole vocabulary
            return _digest({"tags": c.tags, "entities": c.entities, "topics": c.topics}[kind])
        if kind == "all":
            return _digest(sorted(c.digests.items()), c.tags, c.entities, c.stories, c.events, c.topics, c.rates)
        raise KeyError(key)

    def entries(self, entries) -> bytes:
        """One digest for a list of timeline entries: each article or event, and the title of its story."""
        h = hashlib.blake2b(digest_size=16)
        memo = self.memo
        for e in entries:
            key = ("entry", e.kind, e.id)
            found = memo.get(key)
            if found is None:
                found = memo[key] = _digest(e.kind, e.id, self((e.kind, e.id)), self(("story", e.story)))
            h.update(found)
        return h.digest()

    def _events(self) -> dict:
        if "events" not in self.memo:
            self.memo["events"] = {e.id: e for e in self.content.events}
        return self.memo["events"]


class PageKeys:
    """Each page's key: the code, the site settings, its path and template, and its inputs' digests.

    As a renderer's ``reuse``, it renders nothing and keeps every key (``briefing
    diff`` compares two sites' keys first); ``only`` names the pages to render.
    """

    def __init__(self, content, idx, settings, only=None):
        self.salt = _digest(code_version(), settings)
        self.inputs = Inputs(content, idx)
        self.named: dict = {}  # input -> its name and digest, as hashed into a page's key
        self.enabled = len(content.digests) == len(content.articles)
        self.keys: dict = {}
        self.only = only

    @property
    def keyed(self) -> bool:
        """Whether pages get keys (not when told which pages to render, nor without content digests)."""
        return self.enabled and self.only is None

    def digest_inputs(self, inputs) -> bytes | None:
        """One digest of a list of inputs (a listing's pages share theirs)."""
        if not self.keyed:
            return None
        h = hashlib.blake2b(digest_size=16)
        named = self.named
        for key in inputs:
            if isinstance(key, bytes):  # already a digest (of entries)
                h.update(key)
                continue
            part = named.get(key)
            if part is None:  # pages share most inputs: each is written out once
                part = named[key] = repr(key).encode() + self.inputs(key)
            h.update(part)
        return h.digest()

    def key(self, path: str, template: str, inputs) -> bytes | None:
        if not self.keyed:
            return None
        digest = inputs if isinstance(inputs, bytes) or inputs is None else self.digest_inputs(inputs)
        return None if digest is None else _digest(self.salt, path, template, digest)

    def current(self, path: str, key: bytes | None) -> bool:
        """Keys only (nothing rendered), or with ``only``: render just those pages."""
        self.keys[path] = key
        return self.only is None or path not in self.only


class PageCache(PageKeys):
    """``current(path, key)``: whether the page's file on disk is still what rendering would give."""

    def __init__(self, folder: Path, out_dir: Path, content, idx, settings):
        super().__init__(content, idx, settings)
        self.path = Path(folder) / CACHE_FILE
        self.out_dir = Path(out_dir)
        found = read_cache(self.path)
        self.old = found[1] if isinstance(found, tuple) and len(found) == 2 and found[0] == self.salt else {}

    def current(self, path: str, key: bytes | None) -> bool:
        self.keys[path] = key
        entry = self.old.get(path)
        if key is None or entry is None or entry[0] != key:
            return False
        try:
            stat = os.stat(self.out_dir / path)
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == entry[1]

    def save(self) -> None:
        """After the writer: each page's key with its file's stamp (a page that failed to render is left out)."""
        entries = {}
        for path, key in self.keys.items():
            if key is None:
                continue
            try:
                stat = os.stat(self.out_dir / path)
            except OSError:
                continue
            entries[path] = (key, (stat.st_size, stat.st_mtime_ns))
        write_cache(self.path, (self.salt, entries))


class Against(PageKeys):
    """Keys every page, and renders only those whose key is neither ``other``'s key for the same path
    nor in ``texts`` (``briefing diff``: one pass over a side gives its keys and the pages it lacks)."""

    def __init__(self, content, idx, settings, other: dict, texts: PageTexts):
        super().__init__(content, idx, settings)
        self.other, self.texts = other, texts

    def current(self, path: str, key: bytes | None) -> bool:
        self.keys[path] = key
        return key is not None and (self.other.get(path) == key or key in self.texts)


STATES_DIR = "diff"  # under .cache/: what briefing diff keeps of the content states it has seen
TEXTS_FILE = "pages.pickle"
KEEP_STATES = 8
TEXT_BUDGET = 16 << 20  # compressed bytes of page text kept (about ten times as much HTML)


def state_identity(settings, files) -> bytes:
    """A content state: the code, the site settings, and each content file's path and hash (any order)."""
    return _digest(code_version(), settings, sorted(files))


class SiteState:
    """What ``briefing diff`` learnt of one content state: every page's key and its feeds, or the
    problems of content that is not valid.

    Kept in ``.cache/diff/<identity>.state``, signed as every cache file. The identity digests
    the code, the settings and every file's path and hash, so an entry is only read back for
    the same content, and holds what computing it again would give.
    """

    def __init__(self, folder: Path | None, identity: bytes | None):
        self.path = Path(folder) / f"{identity.hex()}.state" if folder is not None and identity else None
        found = read_cache(self.path) if self.path is not None else None
        ok = isinstance(found, tuple) and len(found) == 4 and found[0] == identity
        self.identity = identity
        self.keys: dict | None = found[1] if ok else None  # {path: key} of every page, once known
        self.feeds: dict | None = found[2] if ok else None  # {path: text} of the feeds, once rendered
        self.problems: tuple | None = found[3] if ok else None  # None until known; () for valid content
        self.dirty = False

    def learn(self, keys: dict | None = None, feeds: dict | None = None, problems: tuple | None = None) -> None:
        if keys is not None and self.keys is None:
            self.keys, self.dirty = keys, True
        if feeds is not None and self.feeds is None:
            self.feeds, self.dirty = feeds, True
        if problems is not None and self.problems is None:
            self.problems, self.dirty = problems, True

    def save(self) -> None:
        """Keep what this run learnt, and the KEEP_STATES states used last."""
        if self.path is None:
            return
        if self.dirty:
            write_cache(self.path, (self.identity, self.keys, self.feeds, self.problems))
        try:
            os.utime(self.path)
            states = sorted(self.path.parent.glob("*.state"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        except OSError:
            return
        for old in states[KEEP_STATES:]:
            old.unlink(missing_ok=True)


class PageTexts:
    """{page key: text} of the pages ``briefing diff`` rendered last, on either side: a key names one text.

    Kept in ``.cache/diff/pages.pickle``, compressed, the texts used last first, within TEXT_BUDGET bytes.
    """

    def __init__(self, folder: Path | None):
        self.path = Path(folder) / TEXTS_FILE if folder is not None else None
        found = read_cache(self.path) if self.path is not None else None
        ok = isinstance(found, tuple) and len(found) == 2 and found[0] == code_version()
        self.packed: dict = dict(found[1]) if ok else {}  # key -> the page's text, compressed
        self.used: dict = {}  # the texts of this run, kept first
        self.dirty = False

    def __contains__(self, key) -> bool:
        return key in self.used or key in self.packed

    def get(self, key) -> str:
        if key not in self.used:
            self.used[key] = self.packed[key]
        return zlib.decompress(self.used[key]).decode("utf-8", "surrogatepass")

    def add(self, key, text: str) -> None:
        if key is not None and key not in self:
            self.used[key] = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
            self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        kept, size = {}, 0
        for key, packed in [*self.used.items(), *self.packed.items()]:
            if key in kept:
                continue
            size += len(packed)
            if size > TEXT_BUDGET and kept:
                break
            kept[key] = packed
        write_cache(self.path, (code_version(), kept))
