#!/usr/bin/env python3
"""Synthetic Briefing content for the benchmarks: a valid schema-v1 project of any size.

    python benchmarks/corpus.py --articles 1000 --out /tmp/bench [--seed 1]

writes /tmp/bench/briefings/ (articles/*.txt and *.md, each with its *.yml annotation;
tags.yml, entities.yml, stories.yml, events.yml) plus what a build needs: a copy of
mkdocs.yml and of the hand-written pages of site_src/. The same seed and size give the
same bytes. Vocabularies grow with N: max(40, N/50) tags, max(300, N/5) entities,
N/10 stories, N/20 context events; popularity is Zipf-skewed. Standard library only;
benchmarks/run.py uses make_project(), edit_one() and articles().
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MANIFEST = ".briefing-generated.json"  # the generator's list of the files it owns in site_src/
STAMP = ".corpus.json"  # what make_project made: size, seed, hand-written pages

FIRST = ("Ada Amara Anika Arjun Ben Camila Chen Dario Elena Emil Farah Grace Hana Hugo Ines Ivan Jade Jonas Kai "
         "Lena Luca Maya Mei Mira Nadia Noah Omar Priya Rafael Rosa Sami Sofia Tariq Theo Uma Vera Wei Yara").split()
LAST = ("Abara Bergmann Castillo Dahl Eklund Ferreira Garcia Haddad Ibsen Jansen Kowalski Larsen Moreau Nakamura "
        "Okafor Petrov Quint Rossi Sato Tanaka Ueda Varga Weber Xu Yilmaz Zhang Novak Lindqvist Mbeki Ortega").split()
ROOTS = ("Aurora Nimbus Vector Quanta Helix Lumen Cobalt Meridian Sable Tessel Orion Kestrel Argon Basalt Cinder "
         "Delta Ember Fathom Glacier Harbor Iris Juniper Krypton Lattice Monarch Nova Onyx Prism Quill Relay").split()
COMPANY_SUFFIX = "AI Labs Systems Robotics Compute Research Intelligence Dynamics".split()
PRODUCT_WORDS = "Vision Chat Coder Voice Studio Agent Diffusion Lens Forge Pilot".split()
PUB_NOUNS = "Dispatch Ledger Review Journal Wire Report Post Digest Signal Record".split()
ORG_KINDS = "Board|AI Safety Institute|Ethics Council|Standards Body|Workers Union".split("|")
REGIONS = "Europe China America India Japan Britain France Germany Canada Brazil".split()
TAG_TITLES = ("Funding|Leadership|Regulation|Open source|Chips|Compute|Safety|Alignment|Copyright|Image generation|"
              "Video generation|Speech|Robotics|Autonomous vehicles|Healthcare|Education|Enterprise|Consumer apps|"
              "Acquisitions|Partnerships|Layoffs|Hiring|Research|Benchmarks|Model releases|Data centers|Energy|"
              "Privacy|Lawsuits|EU AI Act|China|Export controls|Startups|IPOs|Valuations|Agents|"
              "Coding assistants|Search|Advertising|Cloud").split("|")
# claim topic: candidate values; a story picks one "reported" value and some sources differ
TOPICS = {k: tuple(v.split("|")) for k, v in (line.split(": ", 1) for line in """\
monthly-burn: $8 million|$10 million|millions of dollars|$12 million
valuation: $4 billion|$4.5 billion|$3 billion|$5 billion
round-size: $100 million|$150 million|$120 million
headcount: about 200 staff|250 employees|nearly 300 people
layoffs: 10% of staff|about 50 jobs|a fifth of the workforce
launch-date: this quarter|next month|early next year
user-count: 100 million weekly users|80 million users|more than 100 million users
training-cost: $100 million|more than $50 million|$78 million
parameter-count: 70 billion parameters|65 billion parameters|undisclosed
deal-value: $1 billion|$650 million|$1.3 billion
fine-amount: €15 million|€20 million|$10 million
departure-reason: personal reasons|disagreement with the board|to start a new company
gpu-count: 10,000 GPUs|16,000 GPUs|tens of thousands of GPUs
data-source: licensed data|public web data|undisclosed""".splitlines())}
STORY_TEMPLATES = (  # title, tags, claim topics
    ("{c} raises a new funding round", "funding valuations startups", "round-size valuation monthly-burn"),
    ("{p} steps down as chief executive of {c}", "leadership", "departure-reason headcount"),
    ("{c} releases {x}", "model-releases benchmarks", "parameter-count training-cost launch-date"),
    ("Lawsuit over {c}'s training data", "lawsuits copyright", "data-source fine-amount deal-value"),
    ("{c} cuts jobs", "layoffs enterprise", "layoffs headcount monthly-burn"),
    ("{c} agrees to buy a rival", "acquisitions partnerships", "deal-value valuation headcount"),
    ("Regulators fine {c}", "regulation privacy eu-ai-act", "fine-amount data-source"),
    ("{c} builds a new data center", "data-centers compute energy", "gpu-count training-cost"),
    ("{x} reaches a new milestone", "consumer-apps model-releases", "user-count launch-date"),
    ("{c} prepares an IPO", "ipos valuations", "valuation headcount"))
LEXICON = """model models training inference compute cluster chips accelerator datacenter cloud capacity startup
company investors funding round valuation revenue customers users release launch benchmark evaluation safety
policy regulators lawmakers court lawsuit copyright licensing dataset data privacy researchers engineers staff
executives board founder strategy partnership deal acquisition market competition rivals pricing costs margins
open source weights parameters context tokens latency quality agents assistants search enterprise developers
platform hardware software infrastructure energy grid supply demand shortage export controls europe china india
quarterly growth decline pressure scrutiny criticism debate announced reported confirmed denied expected delayed
quickly sharply steadily publicly reportedly new larger faster cheaper proprietary industry analysts critics
partners suppliers week month year timeline deadline milestone forecast estimate""".split()
VERBS = ("said", "announced", "confirmed", "told analysts", "wrote", "argued", "warned", "expects", "plans", "denied",
         "estimated", "acknowledged", "is reported to have", "hinted")
SUBJECTS = ("The company", "Analysts", "Regulators", "People familiar with the matter", "Investors", "The startup",
            "Researchers", "Critics", "A spokesperson", "Rivals")
SUBHEADINGS = ("What happened", "Why it matters", "The numbers", "A crowded market", "What comes next", "Reactions",
               "Money and compute", "Behind the scenes", "The wider picture", "Open questions", "Inside the deal")
QUOTE_CONTEXTS = ("In a post on X.", "Speaking on a call with analysts.", "In an interview with {pub}.",
                  "In a memo to staff, as reported by *{pub}*.", "In a statement to the press.")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "untitled"


def q(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def zipf(count: int, s: float) -> list:
    """Cumulative Zipf weights: rank r is drawn in proportion to 1 / r**s."""
    return list(itertools.accumulate(1 / r ** s for r in range(1, count + 1)))


def combo(i: int, first, second) -> str:
    """The i-th distinct name 'first second' (numbered once the pairs run out)."""
    a, b, k = first[i % len(first)], second[(i // len(first)) % len(second)], i // (len(first) * len(second))
    return f"{a} {b}" + (f" {k + 1}" if k else "")


class Corpus:
    START, DAYS = dt.date(2021, 1, 1), 5 * 365  # articles are published over five years

    def __init__(self, articles: int, seed: int = 1):
        self.n, self.rng = articles, random.Random(f"briefing-bench:{seed}:{articles}")
        self.end = self.START + dt.timedelta(days=self.DAYS - 1)

    def words(self, low, high):
        return " ".join(self.rng.choices(LEXICON, k=self.rng.randint(low, high)))

    def sentence(self, names):
        rng = self.rng
        subject = rng.choice(names) if names and rng.random() < 0.55 else rng.choice(SUBJECTS)
        tail = rng.choice(("", "", f", according to {rng.choice(self.pubs)}", " – a move few had expected",
                           f", a figure of {rng.randint(2, 900)} {rng.choice(('million', 'billion', 'percent'))}"))
        return f"{subject} {rng.choice(VERBS)} {self.words(5, 14)}{tail}."

    def pick(self, items, cum, k):
        """k distinct items drawn by popularity (cumulative weights)."""
        chosen = []
        while len(chosen) < min(k, len(items)):
            item = self.rng.choices(items, cum_weights=cum)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def fuzzy(self, day, weights):
        """The date at day, month or year precision."""
        return day.isoformat()[:self.rng.choices((10, 7, 4), weights)[0]]

    def day_between(self, start, end):
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def write(self, content: Path) -> dict:
        """Write the whole content tree into content/; return its counts."""
        (content / "articles").mkdir(parents=True)
        put = lambda name, lines: (content / name).write_text("\n".join(lines) + "\n", "utf-8")
        self.write_tags(put)
        self.write_entities(put)
        self.write_stories(put)
        self.write_events(put)
        return self.write_articles(content / "articles")

    def write_tags(self, put):
        """The 40 base topics, then per region ("Funding in Europe"): max(40, N/50) tags."""
        rng = self.rng
        titles = [combo(i, TAG_TITLES, ["in " + r for r in REGIONS]) if i >= 40 else TAG_TITLES[i]
                  for i in range(max(40, self.n // 50))]
        lines = []
        for title in sorted(titles, key=slugify):
            lines += [f"{slugify(title)}:", f"  title: {q(title)}",
                      f"  description: {q(f'News about {title.lower()} in the AI industry: {self.words(4, 10)}.')}"]
            if rng.random() < 0.5:
                lines += ["  aliases:", f"    - {q(title.lower())}", f"    - {q(title + ' news')}"]
        put("tags.yml", lines)
        self.tag_ids = [slugify(t) for t in titles]
        rng.shuffle(self.tag_ids)
        self.tag_cum = zipf(len(self.tag_ids), 0.8)

    def write_entities(self, put):
        """max(300, N/5) entities: companies, people, products, publications, organizations in fixed shares."""
        rng, e = self.rng, max(300, self.n // 5)
        ents, roots = {}, ROOTS[:]  # id -> (name, kind, description, url, aliases)
        rng.shuffle(roots)
        companies = [combo(i, roots, COMPANY_SUFFIX) for i in range(e * 80 // 300)]
        self.pubs = [combo(i, ["The " + r for r in roots], PUB_NOUNS) for i in range(e * 20 // 300)]
        people = set()
        while len(people) < e * 120 // 300:
            middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if len(people) > len(FIRST) * len(LAST) // 2 else ""
            people.add(f"{rng.choice(FIRST)}{middle} {rng.choice(LAST)}")
        for i, name in enumerate(companies):
            ents[slugify(name)] = (name, "company", f"AI company known for its *{name.split()[0]}* models.",
                                   f"https://www.{slugify(name)}.example", [name.split()[0]] if i < len(roots) else [])
        for name in sorted(people):
            role = rng.choice(("Founder", "Chief executive", "Researcher", "Investor", "Policy lead"))
            ents[slugify(name)] = (name, "person", f"{role} at {rng.choice(companies)}.", "",
                                   [name.split()[-1]] if rng.random() < 0.4 else [])
        for i in range(e * 60 // 300):
            name = combo(i, companies, PRODUCT_WORDS)
            ents[slugify(name)] = (name, "product", f"A {name.split()[-1].lower()} product.", "", [])
        for name in self.pubs:
            ents[slugify(name)] = (name, "publication", "Technology news publication.",
                                   f"https://{slugify(name)}.example", [])
        for i in range(e - len(ents)):
            name = combo(i, roots, ORG_KINDS)
            ents[slugify(name)] = (name, "organization", f"Advisory body: {self.words(3, 7)}.", "", [])
        lines = []
        for eid, (name, kind, description, url, aliases) in sorted(ents.items()):
            lines += [f"{eid}:", f"  name: {q(name)}", f"  kind: {kind}", f"  description: {q(description)}"]
            lines += [f"  url: {q(url)}"] if url else []
            lines += ["  aliases:"] + [f"    - {q(a)}" for a in aliases] if aliases else []
        put("entities.yml", lines)
        self.ents = ents
        self.ent_ids = list(ents)
        rng.shuffle(self.ent_ids)  # popularity rank is independent of kind
        self.ent_cum = zipf(len(self.ent_ids), 0.9)

    def write_stories(self, put):
        """N/10 stories, each with claim topics whose 'reported' value most of its articles repeat."""
        rng, self.stories, lines = self.rng, {}, []
        companies, people, products = ([i for i in self.ents if self.ents[i][1] == kind]
                                       for kind in ("company", "person", "product"))
        for _ in range(max(1, self.n // 10)):
            template, tags, topics = rng.choice(STORY_TEMPLATES)
            c, p, x = rng.choice(companies), rng.choice(people), rng.choice(products)
            title = template.format(c=self.ents[c][0], p=self.ents[p][0], x=self.ents[x][0])
            day = self.day_between(self.START, self.end - dt.timedelta(days=45))
            sid = slugify(f"{title} {day.year}")
            sid = sid if sid not in self.stories else f"{sid}-{len(self.stories)}"
            claims = {}
            for topic in rng.sample(topics.split(), k=min(len(topics.split()), rng.randint(2, 3))):
                reported = rng.choice(TOPICS[topic])
                claims[topic] = (reported, [v for v in TOPICS[topic] if v != reported])
            summary = f"{self.ents[c][0]} and {self.ents[p][0]}: {self.words(8, 16)}. " \
                      f"Reported figures: {', '.join(t.replace('-', ' ') for t in claims)}."
            self.stories[sid] = dict(id=sid, title=title, date=day, ents=[c, p, x][:rng.randint(1, 3)],
                                     tags=tags.split(), claims=claims, articles=[], weight=min(rng.paretovariate(1.3), 12))
            date = day.isoformat() if rng.random() < 0.8 else day.isoformat()[:7]
            lines += [f"{sid}:", f"  title: {q(title)}", f"  date: {q(date)}", f"  summary: {q(summary)}"]
        put("stories.yml", lines)

    def write_events(self, put):
        rng, lines, story_ids = self.rng, [], list(self.stories)
        for _ in range(max(1, self.n // 20)):  # context events, some before the articles begin
            sid = rng.choice(story_ids) if rng.random() < 0.5 else None
            day = self.stories[sid]["date"] - dt.timedelta(days=rng.randint(0, 120)) if sid else \
                self.day_between(self.START - dt.timedelta(days=365), self.end)
            ents = self.pick(self.ent_ids, self.ent_cum, rng.randint(1, 3))
            title = f"{self.ents[ents[0]][0]} {rng.choice(('announces', 'confirms', 'faces'))} {self.words(3, 7)}"
            summary = " ".join(self.sentence([self.ents[e][0] for e in ents]) for _ in range(rng.randint(1, 3)))
            lines += [f"- date: {q(self.fuzzy(day, (35, 45, 20)))}", f"  title: {q(title)}", f"  summary: {q(summary)}",
                      "  entities:", *(f"    - {e}" for e in ents), "  tags:",
                      *(f"    - {t}" for t in self.pick(self.tag_ids, self.tag_cum, rng.randint(1, 2)))]
            lines += [f"  story: {sid}"] if sid else []
            if rng.random() < 0.4:
                pub = rng.choice(self.pubs)
                url = f"https://{slugify(pub)}.example/{day.year}"
                lines += ["  source:", f"    name: {q(pub)}", f"    url: {q(url)}"]
        put("events.yml", lines)

    def write_articles(self, folder: Path) -> dict:
        rng, stories = self.rng, list(self.stories.values())
        story_cum = list(itertools.accumulate(s["weight"] for s in stories))
        plan = []  # dates and stories first, so that 'related' can point anywhere
        for _ in range(self.n):
            story = rng.choices(stories, cum_weights=story_cum)[0] if rng.random() < 0.8 else None
            day = min(self.end, story["date"] + dt.timedelta(days=min(120, int(rng.expovariate(1 / 8))))) \
                if story else self.day_between(self.START, self.end)
            lead = rng.choices(self.ent_ids, cum_weights=self.ent_cum)[0]  # what a story-less article is about
            plan.append((day, story, lead, self.words(3, 7)))
        plan.sort(key=lambda p: p[0])
        ids, used = [], set()
        for day, story, lead, words in plan:
            base = f"{day.isoformat()}-{slugify(story['title'] if story else self.ents[lead][0] + ' ' + words)[:48]}"
            aid, k = base.strip("-"), 1
            while aid in used:
                k += 1
                aid = f"{base.strip('-')}-{k}"
            used.add(aid)
            ids.append(aid)
            if story:
                story["articles"].append(aid)
        total = 0
        for i, ((day, story, lead, words), aid) in enumerate(zip(plan, ids)):
            ents = list(story["ents"][:rng.randint(1, len(story["ents"]))]) if story else [lead]
            more = self.pick(self.ent_ids, self.ent_cum, rng.randint(1, 5))
            ents += [e for e in more if e not in ents][:5 - len(ents)]
            tags = list(story["tags"][:rng.randint(1, 2)]) if story else []
            more = self.pick(self.tag_ids, self.tag_cum, rng.randint(2, 4))
            tags += [t for t in more if t not in tags][:4 - len(tags)]
            names, pub = [self.ents[e][0] for e in ents], rng.choice(self.pubs)
            source = {"name": pub, "url": f"https://{slugify(pub)}.example/{day.year}/{aid[11:]}",
                      "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}"}
            markdown = i % 2 == 1  # alternate the two article formats
            in_file = markdown and rng.random() < 0.5  # the source in the front matter, not the annotation
            paragraphs = [" ".join(self.sentence(names) for _ in range(rng.randint(3, 7)))
                          for _ in range(rng.randint(4, 8))]
            if markdown:
                front = ["---", f"date: {day.isoformat()}"]
                front += [f"title: {q(names[0] + ' ' + self.words(3, 7))}"] if rng.random() < 0.6 else []
                front += ["source:", *(f"  {k}: {q(v)}" for k, v in source.items())] if in_file else []
                body = []
                for j, para in enumerate(paragraphs):
                    body += [f"## {rng.choice(SUBHEADINGS)}"] if j and rng.random() < 0.3 else []
                    para = para.replace(names[0], f"*{names[0]}*", 1)
                    if rng.random() < 0.25:
                        para += f" [Earlier coverage](https://{slugify(pub)}.example/{aid[:10]}/{j})."
                    body.append(para)
                    if rng.random() < 0.1:
                        body.append("\n".join(f"- {self.words(3, 8)}" for _ in range(rng.randint(2, 4))))
                    body += [f"> {self.sentence(names)}"] if rng.random() < 0.08 else []
                text = "\n".join(front + ["---"]) + "\n\n" + "\n\n".join(body) + "\n"
            else:
                chunks = [paragraphs[0]]
                for j, para in enumerate(paragraphs[1:], 1):
                    chunks += [rng.choice(SUBHEADINGS)] if j < len(paragraphs) - 1 and rng.random() < 0.35 else []
                    chunks.append(para)
                text = f"{' ' if rng.random() < 0.5 else ''}date {day.isoformat()} " + "\n\n".join(chunks)
            annotation = self.annotation(aid, day, story, ents, names, tags, words, source, in_file, pub, ids)
            total += (folder / f"{aid}.{'md' if markdown else 'txt'}").write_bytes(text.encode("utf-8"))
            total += (folder / f"{aid}.yml").write_bytes(annotation.encode("utf-8"))
        return {"articles": self.n, "tags": len(self.tag_ids), "entities": len(self.ents), "stories": len(stories),
                "events": max(1, self.n // 20), "article_bytes": total}

    def annotation(self, aid, day, story, ents, names, tags, words, source, in_file, pub, ids) -> str:
        rng = self.rng
        title = f"{story['title']}: {self.words(3, 8)}" if story else f"{names[0]} {words}"
        summary = f"{names[0]} {rng.choice(VERBS)} *{self.words(2, 4)}* {self.words(6, 14)}."
        summary += f" {self.sentence(names)}" if rng.random() < 0.5 else ""
        summary += f" See [the original report]({source['url']})." if rng.random() < 0.15 else ""
        lines = ["# yaml-language-server: $schema=../../schema/annotation.schema.json",
                 f"title: {q(title[:1].upper() + title[1:])}", f"summary: {q(summary)}", "tags:",
                 *(f"  - {t}" for t in tags), "entities:", *(f"  - {e}" for e in ents)]
        roll = rng.random()  # event date at mixed precision, or none (the publication date is used)
        if story:
            lines.append(f"story: {story['id']}")
            if roll < 0.85:
                lines.append(f"event_date: {q(self.fuzzy(min(story['date'], day), (65, 25, 10)))}")
        elif roll < 0.6:
            happened = day - dt.timedelta(days=rng.choice((0, 1, 3, 30, 400)))
            lines.append(f"event_date: {q(self.fuzzy(happened, (60, 25, 15)))}")
        if not in_file:
            lines += ["source:", *(f"  {k}: {q(v)}" for k, v in source.items() if k != "author" or rng.random() < 0.7)]
        lines.append("key_points:")
        for _ in range(rng.randint(2, 5)):
            point = self.sentence(names)
            if rng.random() < 0.2:  # a code span
                point = point[:-1] + f" (`{rng.choice(('v2', 'API', 'GPU'))}`)."
            lines.append(f"  - {q(point)}")
        if rng.random() < 0.75:
            speakers = [e for e in ents if self.ents[e][1] == "person"] or ents
            lines.append("quotes:")
            for _ in range(rng.randint(1, 3)):
                lines += [f"  - text: {q(self.sentence(names)[:-1])}", f"    speaker: {rng.choice(speakers)}"]
                lines += [f"    context: {q(rng.choice(QUOTE_CONTEXTS).format(pub=pub))}"] if rng.random() < 0.8 else []
        claims = []
        if story:  # most sources give the reported value; some differ, some only in letter case (not a disagreement)
            for topic in rng.sample(list(story["claims"]), k=rng.randint(1, len(story["claims"]))):
                reported, others = story["claims"][topic]
                value = reported if rng.random() < 0.8 else rng.choice(others)
                claims.append((topic, value.upper() if value == reported and rng.random() < 0.1 else value))
        elif rng.random() < 0.5:
            topic = rng.choice(sorted(TOPICS))
            claims.append((topic, rng.choice(TOPICS[topic])))
        lines += ["claims:"] if claims else []
        for topic, value in claims:
            lines += [f"  - topic: {topic}", f"    value: {q(value)}"]
            lines += [f"    detail: {q(f'Citing *{pub}*: “{self.words(5, 12)}”.')}"] if rng.random() < 0.8 else []
        lines.append(f"importance: {rng.choices((1, 2, 3, 4, 5), (10, 25, 35, 20, 10))[0]}")
        pool = [r for r in (story["articles"] if story else []) if r != aid]
        related = {rng.choice(pool) if pool and rng.random() < 0.8 else rng.choice(ids)
                   for _ in range(rng.choice((0, 0, 1, 1, 2)))} - {aid}
        lines += ["related:", *(f"  - {r}" for r in sorted(related))] if related else []
        lines += [f"note: {q(self.sentence(names) + ' ' + self.sentence(names))}"] if rng.random() < 0.6 else []
        return "\n".join(lines) + "\n"


def handwritten_pages() -> list[str]:
    """The repository's site_src files the generator does not own (not in its manifest nor .gitignore'd)."""
    src, owned, prefixes = REPO / "site_src", set(), []
    try:
        listed = json.loads((src / MANIFEST).read_text())
        owned = set(listed["files"] if isinstance(listed, dict) else listed)  # {version, files: {path: hash}}
    except (OSError, ValueError):
        pass
    gitignore = REPO / ".gitignore"
    for line in gitignore.read_text().splitlines() if gitignore.exists() else ():
        if line.strip().startswith("site_src/"):
            prefixes.append(line.strip()[len("site_src/"):])
    pages = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src).as_posix()
        if path.is_file() and rel != MANIFEST and rel not in owned and not rel.endswith(".tmp") and not any(
                rel == p.rstrip("/") or (p.endswith("/") and rel.startswith(p)) for p in prefixes):
            pages.append(rel)
    return pages


def copy_site_files(out: Path) -> list[str]:
    """Copy (again) what a build needs besides the content: mkdocs.yml, the theme overrides, hooks and
    templates, the hand-written pages; so a reused corpus is built with this checkout's site. Returns the pages."""
    out = Path(out)
    (out / "site_src").mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", out / "mkdocs.yml")
    for optional in ("overrides", "templates", "hooks"):  # theme overrides and generator templates, if any
        shutil.rmtree(out / optional, ignore_errors=True)
        if (REPO / optional).is_dir():
            shutil.copytree(REPO / optional, out / optional)
    pages = handwritten_pages()
    for rel in pages:
        (out / "site_src" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "site_src" / rel, out / "site_src" / rel)
    return pages


def make_project(out: Path, articles: int, seed: int = 1) -> dict:
    """Write out/briefings/ and the files a build needs; return (and save in out/.corpus.json) what was made."""
    out = Path(out)
    if (out / "briefings").exists():
        raise FileExistsError(f"{out / 'briefings'} exists: give a new or empty --out directory")
    pages = copy_site_files(out)
    version = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]  # a changed corpus.py: remake
    stamp = {"seed": seed, "version": version, **Corpus(articles, seed).write(out / "briefings"), "handwritten": pages}
    (out / STAMP).write_text(json.dumps(stamp, indent=1) + "\n")
    return stamp


def edit_one(project: Path, edited: bool | None = None) -> Path:
    """Edit the summary of one annotation (the middle one by name): add ' (edited)', or remove it if there;
    so a second call restores the file byte for byte. With edited=True/False, only make it so."""
    annotations = sorted((Path(project) / "briefings" / "articles").glob("*.yml"))
    path = annotations[len(annotations) // 2]
    text = path.read_text("utf-8")
    match = re.search(r"^summary: (\".*\")$", text, re.M)
    summary = json.loads(match.group(1))
    was = summary.endswith(" (edited)")
    if edited is not None and edited == was:
        return path
    summary = summary[:-len(" (edited)")] if was else summary + " (edited)"
    path.write_text(text[:match.start(1)] + q(summary) + text[match.end(1):], "utf-8")
    return path


def articles(project: Path):
    """(id, date, title, tags, Markdown body) of every article of a corpus made here (for the Hugo comparison)."""
    for yml in sorted((Path(project) / "briefings" / "articles").glob("*.yml")):
        annotation = yml.read_text("utf-8")
        title = json.loads(re.search(r"^title: (\".*\")$", annotation, re.M).group(1))
        tags = re.findall(r"^  - (\S+)$", annotation.split("\ntags:\n", 1)[1].split("\nentities:", 1)[0], re.M)
        article = next(p for p in (yml.with_suffix(".md"), yml.with_suffix(".txt")) if p.exists())
        text = article.read_text("utf-8")
        body = text.split("\n---\n", 1)[1] if article.suffix == ".md" else re.sub(r"\A\s*date \S+ ", "", text)
        yield yml.stem, yml.stem[:10], title, tags, body


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, required=True, metavar="N", help="number of articles")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="project directory to write")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="seed (default: 1)")
    args = p.parse_args(argv)
    if args.articles < 1:
        p.error("--articles must be at least 1")
    try:
        made = make_project(args.out, args.articles, args.seed)
    except FileExistsError as exc:
        p.error(str(exc))
    print(f"{args.out}: {made['articles']} articles, {made['tags']} tags, {made['entities']} entities, "
          f"{made['stories']} stories, {made['events']} events, {made['article_bytes'] / 1e6:.1f} MB of articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
