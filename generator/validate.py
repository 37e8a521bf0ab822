"""Stage 2: turn located YAML into the model, and check every cross-reference.

Every file is converted and every reference checked before anything fails,
so one run reports every problem; then :class:`ContentError` carries them all.
"""

from __future__ import annotations

import yaml

from . import model, schema
from .errors import ContentError, Problem, closest
from .load import RawContent, display
from .yamlsrc import kind_of

VOCABULARY_HOME = {"tag": "tags.yml", "entity": "entities.yml", "story": "stories.yml", "topic": "topics.yml"}
PLURALS = {"tag": "tags", "entity": "entities", "story": "stories", "topic": "topics"}


def validate(raw: RawContent) -> model.Content:
    problems = list(raw.problems)

    def context(path):
        ctx = schema.Context(path, problems)
        contexts.append(ctx)
        return ctx

    contexts: list[schema.Context] = []
    defined = {name: set() for name in schema.VOCABULARIES}  # ids, even of entries with problems
    vocab = {name: _vocabulary(raw, name, spec, context, defined[name])
             for name, spec in schema.VOCABULARIES.items()}
    events = _events(raw, context)
    rates = _rates(raw, context)
    article_ids: set = set()
    annotation_paths: dict = {}  # article id -> display path of its annotation
    articles = _articles(raw, context, problems, article_ids, annotation_paths)

    known = {kind: defined[name] for kind, name in PLURALS.items()}
    known["article"] = set(article_ids)
    broken = {kind for kind, name in PLURALS.items() if raw.vocabularies.get(name, ("", None))[0] in raw.broken}
    if "topics" not in raw.vocabularies:  # no topics.yml: any topic id will do, titled from its words
        broken.add("topic")
    for ctx in contexts:
        for vocabulary, ref, line, col, label in ctx.refs:
            if vocabulary == "article" and ref == getattr(ctx, "article_id", None):
                problems.append(Problem(ctx.path, line, col, f"article '{ref}' lists itself in '{label}'", "remove it"))
            elif ref not in known[vocabulary] and vocabulary not in broken:
                hint = closest(ref, known[vocabulary])
                if vocabulary in VOCABULARY_HOME:
                    hint += f" (or define it in {display(raw.root / VOCABULARY_HOME[vocabulary])})"
                problems.append(Problem(ctx.path, line, col, f"unknown {vocabulary} '{ref}' in '{label}'", hint))
    if problems:
        raise ContentError(problems)
    digests = {}
    for a in articles:
        parts = (raw.digests.get(a.path), raw.digests.get(annotation_paths.get(a.id)))
        if None not in parts:
            digests[a.id] = parts[0] + parts[1]
    return model.Content(
        digests=digests,
        articles=tuple(sorted(articles, key=lambda a: (a.date, a.id))),
        tags=vocab["tags"], entities=vocab["entities"], stories=vocab["stories"], topics=vocab["topics"],
        events=tuple(sorted(events, key=lambda e: (e.date, e.id))), rates=rates,
    )


def _vocabulary(raw, name, spec, context, defined: set) -> dict:
    path, node = raw.vocabularies.get(name, (None, None))
    if node is None:
        return {}
    return vocabulary(node, spec, context(path), defined)


def vocabulary(node, spec: schema.Record, ctx: schema.Context, defined: set | None = None) -> dict:
    """id -> entry of one vocabulary file; entries with problems are left out (and reported)."""
    name = PLURALS.get(spec.name, spec.name)
    if not isinstance(node, yaml.MappingNode):
        ctx.error(node, f"{name}.yml must be a mapping of ids to {spec.name} entries, got {kind_of(node)}",
                  f"write 'some-id:' and the {spec.name}'s keys indented below it")
        return {}
    entries = {}
    for key_node, value_node in node.value:
        key = schema.Slug().convert(key_node, ctx, f"{spec.name} id")
        if key is schema.INVALID:
            continue
        if defined is not None:
            defined.add(key)
        entry = spec.convert(value_node, ctx, spec.name, id=key)
        if entry is not schema.INVALID:
            entries[key] = entry
    return dict(sorted(entries.items()))


def _events(raw, context) -> list:
    path, node = raw.vocabularies.get("events", (None, None))
    if node is None:
        return []
    ctx = context(path)
    if not isinstance(node, yaml.SequenceNode):
        ctx.error(node, f"events.yml must be a list of events, got {kind_of(node)}",
                  "start each event with '- date: ...'")
        return []
    events, ids, last = [], set(), {}  # last: the last suffix tried for each base (no quadratic re-scan)
    for child in node.value:
        fields = schema.EVENT.convert(child, ctx, "event")
        if fields is schema.INVALID:
            continue
        base = model.slugify(f"{fields['date'].iso()}-{fields['title']}")[:80].strip("-")
        event_id, n = base, last.get(base, 1)
        while event_id in ids:
            n += 1
            event_id = f"{base}-{n}"
        last[base] = n
        ids.add(event_id)
        events.append(model.Event(id=event_id, **fields))
    return events


def _rates(raw, context) -> tuple:
    """rates.yml: a list of exchange rates, each a currency pair on a day; one rate per pair and day."""
    path, node = raw.vocabularies.get("rates", (None, None))
    if node is None:
        return ()
    ctx = context(path)
    if not isinstance(node, yaml.SequenceNode):
        ctx.error(node, f"rates.yml must be a list of exchange rates, got {kind_of(node)}",
                  "start each rate with '- date: ...', then 'from:', 'to:' and 'rate:'")
        return ()
    rates, seen = [], {}
    for child in node.value:
        rate = schema.RATE.convert(child, ctx, "rate")
        if rate is schema.INVALID:
            continue
        pair = (rate.date, frozenset((rate.base, rate.quote)))
        if rate.base == rate.quote:
            ctx.error(child, f"a rate from {rate.base} to {rate.quote} converts nothing",
                      "write two different currencies in 'from' and 'to'")
        elif pair in seen:
            ctx.error(child, f"a second rate between {rate.base} and {rate.quote} on {rate.date}",
                      f"keep one: the first is at line {seen[pair]}")
        else:
            seen[pair] = child.start_mark.line + 1
            rates.append(rate)
    return tuple(sorted(rates, key=lambda r: (r.date, r.base, r.quote)))


def _articles(raw, context, problems, article_ids: set, annotation_paths: dict) -> list:
    articles, by_id = [], {}
    paired = set()
    for item in raw.articles:
        paired.add(item.key)  # its annotation belongs to it, whatever else is wrong
        if not model.SLUG_RE.match(item.id):
            problems.append(Problem(item.path, 1, 1, f"article id '{item.id}' is not a valid id",
                                    f"rename the file to '{model.slugify(item.id)}{_suffix(item.path)}': "
                                    "lowercase letters, digits and hyphens (the name is the permalink)"))
            continue
        why = model.id_problem(item.id)
        if why:
            problems.append(Problem(item.path, 1, 1, f"article id '{item.id[:40]}' cannot be used: {why}",
                                    "rename the file (its name is the permalink)"))
            continue
        if item.id in by_id:
            problems.append(Problem(item.path, 1, 1, f"article id '{item.id}' is already used by {by_id[item.id]}",
                                    "article ids are file names and must be unique: rename one"))
            continue
        by_id[item.id] = item.path
        article_ids.add(item.id)
        found = raw.annotations.get(item.key)
        if found is None and item.path in raw.broken:
            continue  # unreadable: that problem is reported, and is the one to fix first
        if found is None:
            problems.append(Problem(item.path, 1, 1, "article has no annotation",
                                    f"run 'briefing new {item.path}': it writes {item.id}.yml next to it, with a "
                                    f"title, tags and entities proposed from the text for you to confirm"))
            continue
        path, loaded = found
        annotation_paths[item.id] = path
        if loaded.empty:
            problems.append(Problem(path, 1, 1, "annotation is empty",
                                    "write at least title, summary and tags (try: briefing new ARTICLE)"))
        if loaded.empty or loaded.broken or "date" not in item.meta:
            continue  # its own problem is already reported
        ctx = context(path)
        ctx.article_id = item.id
        problems.extend(loaded.problems)
        ctx.refs.extend(loaded.refs)
        annotation = loaded.annotation
        if annotation is None:
            continue
        articles.append(model.Article(
            id=item.id, path=item.path, file=item.file, date=item.meta["date"], body=item.blocks,
            annotation=annotation, title_in_file=item.meta.get("title", ""),
            source_in_file=item.meta.get("source"),
        ))
    for key, (path, _loaded) in sorted(raw.annotations.items(), key=lambda item: item[0].split("/")):
        name = key.rsplit("/", 1)[-1]
        if key in paired:
            continue
        if name in by_id:
            problems.append(Problem(path, 1, 1, "annotation is not next to its article",
                                    f"article '{name}' is at {by_id[name]}: move this file beside it"))
        else:
            problems.append(Problem(path, 1, 1, "annotation has no article",
                                    f"add {name}.txt or {name}.md next to it, "
                                    "or rename the annotation to match its article's file name"))
    return articles


def _suffix(path: str) -> str:
    return path[path.rfind("."):] if "." in path else ""
