"""Stage 2: turn located YAML into the model, and check every cross-reference.

Every file is converted and every reference checked before anything fails,
so one run reports every problem; then :class:`ContentError` carries them all.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

import yaml

from . import model, redirects as redirect_file, schema
from .errors import ContentError, Problem, closest
from .load import RawContent, display
from .mentions import article_text, propose, terms_of
from .yamlsrc import annotation_yaml, kind_of, mapping_item

VOCABULARY_HOME = {"tag": "tags.yml", "entity": "entities.yml", "story": "stories.yml", "topic": "topics.yml"}
PLURALS = {"tag": "tags", "entity": "entities", "story": "stories", "topic": "topics"}
MAX_CHOICES = 8  # ids a hint names


def _define(vocabulary: str, new_id: str, home: str, kind: str = "organization") -> str:
    """How to add an entry to a vocabulary, in one line: its id, then its required keys indented below it."""
    record = schema.VOCABULARIES[PLURALS[vocabulary]]
    keys = [f"'{f.name}: {kind}'" if f.name == "kind" else f"'{f.name}: \"...\"'" for f in record.fields if f.required]
    text = f"add '{new_id}:' to {home} with {', '.join(keys[:-1]) + ' and ' if len(keys) > 1 else ''}{keys[-1]} " \
           f"indented below it"
    if vocabulary == "entity":
        text += f" (kind: {', '.join(schema.ENTITY_KINDS[:-1])} or {schema.ENTITY_KINDS[-1]})"
    return text


def choices_hint(vocabulary: str, label: str, home: str, ids, entries: dict, text: str) -> str:
    """The ids a list that needs one may take: those the article mentions first, then the others
    alphabetically, at most MAX_CHOICES; and how to define a new one."""
    if not ids:
        return f"no {PLURALS[vocabulary]} are defined yet: {_define(vocabulary, 'new-id', home)}, then list its id here"
    mentioned = propose(text, terms_of(entries)) if text else ()
    named = {p.id for p in mentioned}
    shown = [f"{p.id} (the article says '{p.found}')" for p in mentioned][:MAX_CHOICES]
    shown += sorted(set(ids) - named)[:MAX_CHOICES - len(shown)]
    more = f", … ({len(ids)} in all)" if len(ids) > len(shown) else ""
    first = mentioned[0].id if mentioned else shown[0]
    return (f"choose from {home}: {', '.join(shown)}{more}; e.g. '{label}: [{first}]'. "
            f"For a new {vocabulary}, {_define(vocabulary, 'new-id', home)}")


def entity_hint(ref: str, label: str, home: str, ids) -> str:
    """The defined ids close to an unknown one, if any, and how to define it."""
    words = set(ref.split("-"))  # 'emad' is part of 'emad-mostaque', though not close to it as a whole
    close = list(dict.fromkeys([*difflib.get_close_matches(ref, sorted(ids), n=3, cutoff=0.6),
                                *sorted(i for i in ids if words <= set(i.split("-")))]))[:3]
    kind = "person" if label.endswith("speaker") else "organization"
    define = _define("entity", ref, home, kind)
    if not close:
        return f"no entity id is close to it: to define it, {define}"
    quoted = [f"'{c}'" for c in close]
    options = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"did you mean {options}? If it is another entity, {define}"


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
    redirects = _redirects(raw, context, known, broken)
    renamed = {(r.kind, r.old): r.new for r in redirects}
    wanted = {}  # (path, line, col) of a list that needs an id and has none -> its hint, naming the choices
    homes = {kind: display(raw.root / name) for kind, name in VOCABULARY_HOME.items()}  # once, not per reference
    for ctx in contexts:
        for vocabulary, ref, line, col, label in ctx.refs:
            home = homes.get(vocabulary, "")
            if ref is None:
                if vocabulary not in broken:
                    entries = vocab[PLURALS[vocabulary]]
                    article = getattr(ctx, "article", None)
                    text = article_text(article.meta, article.blocks) if article is not None else ""
                    wanted[ctx.path, line, col] = choices_hint(vocabulary, label, home, known[vocabulary], entries, text)
            elif vocabulary == "article" and ref == getattr(ctx, "article_id", None):
                problems.append(Problem(ctx.path, line, col, f"article '{ref}' lists itself in '{label}'", "remove it"))
            elif ref not in known[vocabulary] and vocabulary not in broken:
                if (vocabulary, ref) in renamed:
                    new = renamed[vocabulary, ref]
                    hint = f"'{ref}' is now '{new}' ({display(raw.root / 'redirects.yml')}): write '{new}'"
                elif vocabulary == "entity":
                    hint = entity_hint(ref, label, home, known[vocabulary])
                else:
                    hint = closest(ref, known[vocabulary]) + (f" (or define it in {home})" if home else "")
                problems.append(Problem(ctx.path, line, col, f"unknown {vocabulary} '{ref}' in '{label}'", hint))
    if wanted:
        problems = [replace(p, hint=wanted[p.path, p.line, p.col])
                    if (p.path, p.line, p.col) in wanted and "needs at least one" in p.message else p for p in problems]
    if problems:  # the briefings that converted are kept for check's warnings
        raise ContentError(problems, model.Content(articles=tuple(sorted(articles, key=lambda a: (a.date, a.id)))))
    digests = {}
    for a in articles:
        parts = (raw.digests.get(a.path), raw.digests.get(annotation_paths.get(a.id)))
        if None not in parts:
            digests[a.id] = parts[0] + parts[1]
    return model.Content(
        digests=digests,
        articles=tuple(sorted(articles, key=lambda a: (a.date, a.id))),
        tags=vocab["tags"], entities=vocab["entities"], stories=vocab["stories"], topics=vocab["topics"],
        events=tuple(sorted(events, key=lambda e: (e.date, e.id))), rates=rates, redirects=redirects,
    )


def _vocabulary(raw, name, spec, context, defined: set) -> dict:
    path, node = raw.vocabularies.get(name, (None, None))
    if node is None:
        return {}
    return dict(_converted_once(name, path, node, context, defined,
                                lambda own, ids: vocabulary(node, spec, own, ids)))


def _converted_once(name: str, path: str, node, context, defined: set | None, convert):
    """``convert(context, ids)`` of a parsed file, or what it gave for the same parsed file last time (its
    references and problems, and the ids it defined, given again)."""
    ctx, last = context(path), _converted.get(name)
    if last is None or last[0] is not node or last[1] != path:  # not the same parsed file as the last reading
        own, ids = schema.Context(path, []), set()
        last = _converted[name] = (node, path, convert(own, ids), ids, tuple(own.refs), tuple(own.problems))
    _node, _path, result, ids, refs, problems = last
    ctx.refs.extend(refs)
    ctx.problems.extend(problems)
    if defined is not None:
        defined.update(ids)
    return result


# article id -> (front matter, body, annotation, Article) of the last reading, and of the one before: a briefing
# whose parsed files are the same objects (content/cache.py) is the same Article, which later stages can
# recognise by identity (pages/index.py keeps its timeline entry); ``briefing serve`` reads after each edit
_made: dict = {}
_made_last: dict = {}

# name -> (parsed file, its path, what it converted to, ids, references, problems) of the last vocabulary converted:
# ``briefing serve`` reads the content after each edit, and keeps the parsed file of an unchanged
# vocabulary (content/cache.py, keep=False); converting 2,000 entities again took a third of a reading
_converted: dict = {}


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


def _redirects(raw, context, known: dict, broken: set) -> tuple:
    """redirects.yml (optional): old ids of briefings, tags, entities and stories -> the ids that replaced them."""
    path, node = raw.vocabularies.get("redirects", (None, None))
    if node is None:
        return ()
    return redirect_file.read(node, context(path), known, broken)


def _events(raw, context) -> list:
    path, node = raw.vocabularies.get("events", (None, None))
    if node is None:
        return []
    return list(_converted_once("events", path, node, context, None, lambda own, _ids: _convert_events(node, own)))


def _convert_events(node, ctx: schema.Context) -> list:
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
    global _made, _made_last
    _made_last, _made = _made, {}
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
        ctx.article_id, ctx.article = item.id, item
        problems.extend(loaded.problems)
        ctx.refs.extend(loaded.refs)
        annotation = loaded.annotation
        if annotation is None:
            continue
        last = _made_last.get(item.id)
        if (last is not None and last[0] is item.meta and last[1] is item.blocks and last[2] is annotation
                and last[3].path == item.path and last[3].file == item.file):
            article = last[3]  # the same parsed files as the last reading: the same object (see _made)
        else:
            article = model.Article(
                id=item.id, path=item.path, file=item.file, date=item.meta["date"], body=item.blocks,
                annotation=annotation, title_in_file=item.meta.get("title", ""),
                source_in_file=item.meta.get("source"),
            )
        _made[item.id] = (item.meta, item.blocks, annotation, article)
        articles.append(article)
        if annotation.updated is not None and annotation.updated.start < article.date:
            problems.append(_updated_too_early(path, annotation.updated, article.date))
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


def _updated_too_early(path: str, updated, published) -> Problem:
    """'updated' before the publication date: at the date (the annotation read again, as this is rare)."""
    _text, node = annotation_yaml(path)
    key, value = mapping_item(node, "updated")
    mark = (value or key).start_mark if (value or key) is not None else None
    return Problem(path, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                   f"'updated' {updated.iso()} is before the article's publication date, {published.isoformat()}",
                   "'updated' is when you last revised the briefing in substance, on or after the publication "
                   "date: correct it (YYYY-MM-DD), or remove it")


def _suffix(path: str) -> str:
    return path[path.rfind("."):] if "." in path else ""
