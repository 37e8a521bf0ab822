"""``briefings/redirects.yml``: a renamed or merged briefing, tag, entity or story keeps its address.

One mapping per kind of page, named as the folder of its address (``briefings``,
``tags``, ``entities``, ``stories``), from an old id to the id that replaces it.
Merging two stories is a redirect from one story id to the other. The built
site serves a small page at each old address that sends readers and search
engines to the new one (``hooks/redirects.py``).

An old id becomes an address, so it is checked as every id is (a slug, not
``index``, at most 100 characters: ``../x``, ``a/b`` or ``<script>`` never reach
a path). And each redirect must lead somewhere in one step: its new id is a
current id of its kind (a page the site has), not an old one (a chain, or a
loop), and its old id is no longer in use (its page would hide the redirect).
Every problem is reported at its line, with the others.
"""

from __future__ import annotations

import yaml

from . import model, schema
from .errors import closest
from .yamlsrc import kind_of

KINDS = schema.REDIRECT_KINDS
WORDS = {"article": "briefing", "tag": "tag", "entity": "entity", "story": "story"}  # a kind, as curators say it
HOMES = {"article": "the article's file name", "tag": "tags.yml", "entity": "entities.yml", "story": "stories.yml"}


def read(node, ctx: schema.Context, known: dict, broken: set) -> tuple[model.Redirect, ...]:
    """The redirects of ``redirects.yml`` (its located YAML), checked against the current ids.

    ``known``: kind -> the ids of that kind (articles, tags, entities, stories); ``broken``: the kinds whose
    vocabulary did not parse, whose ids are not checked (their file's own problem is the one to fix).
    """
    if node is None or node.tag.endswith(":null"):  # an empty file: no redirects
        return ()
    if not isinstance(node, yaml.MappingNode):
        ctx.error(node, f"redirects.yml must be a mapping of kinds to redirects, got {kind_of(node)}",
                  "write 'briefings:', 'tags:', 'entities:' or 'stories:', and 'old-id: new-id' indented below it")
        return ()
    entries = []  # (kind, old, new, node of the old id, node of the new id)
    for kind_node, map_node in node.value:
        folder = kind_node.value if isinstance(kind_node, yaml.ScalarNode) else kind_of(kind_node)
        if folder not in KINDS:
            hint = closest(str(folder), KINDS)
            ctx.error(kind_node, f"unknown kind '{folder}' in redirects.yml", hint if hint.startswith("did you")
                      else f"one mapping per kind of page: {', '.join(KINDS)}")
            continue
        kind = KINDS[folder]
        if map_node.tag.endswith(":null"):
            continue
        if not isinstance(map_node, yaml.MappingNode):
            ctx.error(map_node, f"'{folder}' must be a mapping of old ids to new ids, got {kind_of(map_node)}",
                      f"write 'old-id: new-id' indented below '{folder}:', one redirect a line")
            continue
        seen = set()
        for old_node, new_node in map_node.value:
            old = schema.Slug().convert(old_node, ctx, f"old {WORDS[kind]} id")
            new = schema.Slug().convert(new_node, ctx, f"new {WORDS[kind]} id")
            if schema.INVALID not in (old, new) and old not in seen:  # a second one is a duplicate key, reported
                seen.add(old)
                entries.append((kind, old, new, old_node, new_node))
    olds = {}
    for kind, old, new, _, _ in entries:
        olds.setdefault(kind, {})[old] = new
    found = []
    for kind, old, new, old_node, new_node in entries:
        if kind not in broken and _check(kind, old, new, old_node, new_node, ctx, known[kind], olds[kind]):
            found.append(model.Redirect(kind, old, new))
    return tuple(sorted(found, key=lambda r: (r.kind, r.old)))


def _check(kind, old, new, old_node, new_node, ctx, current: set, olds: dict) -> bool:
    word, folder = WORDS[kind], next(f for f, k in KINDS.items() if k == kind)
    if old in current:
        ctx.error(old_node, f"the old {word} id '{old}' is still in use: /{folder}/{old}/ is a page",
                  f"remove this redirect, or rename the {word} first ({HOMES[kind]}): a redirect is for an "
                  f"id that is gone")
        return False
    if new in olds and new not in current:  # (a current id redirected too is that redirect's problem)
        path, seen = [old], {old}
        while path[-1] in olds and path[-1] not in current and olds[path[-1]] not in seen:
            seen.add(olds[path[-1]])
            path.append(olds[path[-1]])
        steps = " -> ".join(f"'{i}'" for i in path)
        if path[-1] in olds and path[-1] not in current:  # it leads back to an id already on the way
            ctx.error(new_node, f"a redirect loop: {steps} -> '{olds[path[-1]]}'",
                      f"send each old id straight to a current {word} id")
        else:
            ctx.error(new_node, f"a redirect chain: {steps}",
                      f"redirect '{old}' straight to '{path[-1]}': each old id leads to a current {word} id "
                      "in one step")
        return False
    if new not in current:
        ctx.error(new_node, f"redirect to an unknown {word} '{new}'",
                  f"{closest(new, current)} (a redirect leads to a current {word} id)")
        return False
    return True

