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
        if kind in ("tag", "entity", "story"):
            return _digest({"tag": c.tags, "entity": c.entities, "story": c.stories}[kind].get(ident))
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
        for key in inputs:
            if isinstance(key, bytes):  # already a digest (of entries)
                h.update(key)
            else:
                h.update(repr(key).encode())
                h.update(self.inputs(key))
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
