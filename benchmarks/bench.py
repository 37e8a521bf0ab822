#!/usr/bin/env python3
"""Benchmark the Briefing pipeline on a synthetic, valid corpus.

Run from anywhere (the repository is found from this file's location):

    .venv/bin/python benchmarks/bench.py                  # 1,000 articles, 3 runs of each step
    .venv/bin/python benchmarks/bench.py --scaling --articles 250

Standard library only. The corpus is written by hand-rolled YAML so the
script itself needs nothing installed; the steps it times run as
subprocesses with the project's virtual-environment Python. See
benchmarks/README.md for what every figure means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import resource  # CPU time of the timed subprocesses
except ImportError:  # pragma: no cover - not on Windows
    resource = None

REPO = Path(__file__).resolve().parent.parent
MARKER = ".briefing-bench"  # marks a work directory this script may clear
MANIFEST = ".briefing-generated.json"  # the generator's list of the files it owns (generator/write.py)

# ---------------------------------------------------------------------------
# Word banks for the synthetic corpus
# ---------------------------------------------------------------------------

FIRST = ("Ada Amara Anika Arjun Ben Camila Chen Dario Elena Emil Farah Grace Hana Hugo Ines Ivan Jade Jonas "
         "Kai Lena Luca Maya Mei Mira Nadia Noah Omar Priya Rafael Rosa Sami Sofia Tariq Theo Uma Vera Wei "
         "Yara Yusuf Zoe").split()
LAST = ("Abara Bergmann Castillo Dahl Eklund Ferreira Garcia Haddad Ibsen Jansen Kowalski Larsen Moreau "
        "Nakamura Okafor Petrov Quint Rossi Sato Tanaka Ueda Varga Weber Xu Yilmaz Zhang Novak Lindqvist "
        "Mbeki Ortega Park Reyes Silva Torres Volkov Wang Young Adeyemi").split()
ROOTS = ("Aurora Nimbus Vector Quanta Helix Lumen Cobalt Meridian Sable Tessel Orion Kestrel Argon Basalt "
         "Cinder Delta Ember Fathom Glacier Harbor Iris Juniper Krypton Lattice Monarch Nova Onyx Prism "
         "Quill Relay Summit Tundra Umbra Vertex Willow Xenon Yonder Zephyr Atlas Beacon").split()
COMPANY_SUFFIX = ("AI", "Labs", "Systems", "Robotics", "Compute", "Research", "Intelligence", "Dynamics")
PRODUCT_WORDS = ("Vision", "Chat", "Coder", "Voice", "Studio", "Agent", "Diffusion", "Lens", "Forge", "Pilot")
PUBLICATIONS = ("The Compute Ledger", "AI Wire", "Tensor Times", "The Inference", "Model Watch",
                "Silicon Courier", "The Gradient Post", "Daily Token", "Frontier Report", "The Weights",
                "Latent Review", "Chip Street Journal", "The Benchmark", "Data Center Digest", "Prompt Weekly",
                "Policy & Models", "The Parameter", "Open Source Observer", "Venture Signal", "Robot Record")
ORG_KINDS = ("board", "AI Safety Institute", "Ethics Council", "Standards Body", "Workers Union")

TAGS = [
    ("funding", "Funding"), ("leadership", "Leadership"), ("regulation", "Regulation"),
    ("open-source", "Open source"), ("chips", "Chips"), ("compute", "Compute"), ("safety", "AI safety"),
    ("alignment", "Alignment"), ("copyright", "Copyright"), ("image-generation", "Image generation"),
    ("video-generation", "Video generation"), ("speech", "Speech"), ("robotics", "Robotics"),
    ("autonomous-vehicles", "Autonomous vehicles"), ("healthcare", "Healthcare"), ("education", "Education"),
    ("enterprise", "Enterprise"), ("consumer-apps", "Consumer apps"), ("acquisitions", "Acquisitions"),
    ("partnerships", "Partnerships"), ("layoffs", "Layoffs"), ("hiring", "Hiring"), ("research", "Research"),
    ("benchmarks", "Benchmarks"), ("model-releases", "Model releases"), ("data-centers", "Data centers"),
    ("energy", "Energy"), ("privacy", "Privacy"), ("lawsuits", "Lawsuits"), ("eu-ai-act", "EU AI Act"),
    ("china", "China"), ("export-controls", "Export controls"), ("startups", "Startups"), ("ipo", "IPOs"),
    ("valuations", "Valuations"), ("agents", "Agents"), ("coding-assistants", "Coding assistants"),
    ("search", "Search"), ("advertising", "Advertising"), ("cloud", "Cloud"),
]

# claim topic -> candidate values; a story picks one "reported" value and some sources differ
TOPICS = {
    "monthly-burn": ("$8 million", "$10 million", "millions of dollars", "$12 million"),
    "valuation": ("$4 billion", "$4.5 billion", "$3 billion", "$5 billion"),
    "round-size": ("$100 million", "$150 million", "$120 million"),
    "headcount": ("about 200 staff", "250 employees", "nearly 300 people"),
    "layoffs": ("10% of staff", "about 50 jobs", "a fifth of the workforce"),
    "launch-date": ("this quarter", "next month", "early next year"),
    "user-count": ("100 million weekly users", "80 million users", "more than 100 million users"),
    "training-cost": ("$100 million", "more than $50 million", "$78 million"),
    "parameter-count": ("70 billion parameters", "65 billion parameters", "undisclosed"),
    "deal-value": ("$1 billion", "$650 million", "$1.3 billion"),
    "fine-amount": ("€15 million", "€20 million", "$10 million"),
    "revenue-run-rate": ("$1 billion a year", "$2 billion annualised", "$1.6 billion"),
    "departure-reason": ("personal reasons", "disagreement with the board", "to start a new company"),
    "ceo-successor": ("interim CEO named", "search under way", "co-founder takes over"),
    "gpu-count": ("10,000 GPUs", "16,000 GPUs", "tens of thousands of GPUs"),
    "data-source": ("licensed data", "public web data", "undisclosed"),
}

STORY_TEMPLATES = (
    ("{c} raises a new funding round", ("funding", "valuations", "startups"), ("round-size", "valuation", "monthly-burn")),
    ("{p} steps down as chief executive of {c}", ("leadership",), ("departure-reason", "ceo-successor", "headcount")),
    ("{c} releases {x}", ("model-releases", "benchmarks"), ("parameter-count", "training-cost", "launch-date")),
    ("Lawsuit over {c}'s training data", ("lawsuits", "copyright"), ("data-source", "fine-amount", "deal-value")),
    ("{c} cuts jobs", ("layoffs", "enterprise"), ("layoffs", "headcount", "monthly-burn")),
    ("{c} agrees to buy a rival", ("acquisitions", "partnerships"), ("deal-value", "valuation", "headcount")),
    ("Regulators fine {c}", ("regulation", "privacy", "eu-ai-act"), ("fine-amount", "data-source")),
    ("{c} builds a new data center", ("data-centers", "compute", "energy"), ("gpu-count", "training-cost")),
    ("{x} reaches a new milestone", ("consumer-apps", "model-releases"), ("user-count", "revenue-run-rate")),
    ("{c} prepares an IPO", ("ipo", "valuations"), ("valuation", "revenue-run-rate", "headcount")),
)

LEXICON = """
model models training inference compute cluster chips accelerator datacenter cloud capacity
startup company companies investors funding round valuation revenue customers users subscribers
release launch benchmark evaluation safety alignment policy regulators lawmakers government
court lawsuit copyright licence licensing dataset data privacy security researchers engineers
staff employees executives board founder chief executive strategy roadmap partnership deal
acquisition merger market competition rivals pricing costs margins profit losses spending
open source weights parameters context window tokens latency throughput quality accuracy
agents assistants search advertising enterprise developers platform ecosystem integration
hardware software infrastructure energy power grid cooling supply demand shortage export
controls tariffs europe china america india japan britain france germany canada brazil
quarterly annual growth decline momentum pressure scrutiny criticism praise debate concerns
announced reported confirmed denied suggested expected planned delayed cancelled expanded
quickly slowly sharply steadily publicly privately reportedly officially initially eventually
new larger smaller faster cheaper safer open closed proprietary experimental commercial
industry sector analysts observers critics supporters partners suppliers vendors clients
week month year quarter period timeline schedule deadline milestone target forecast estimate
""".split()

VERBS = ("said", "announced", "confirmed", "told analysts", "wrote", "argued", "warned", "expects",
         "plans", "denied", "estimated", "acknowledged", "is reported to have", "hinted")
GENERIC_SUBJECTS = ("The company", "Analysts", "Regulators", "People familiar with the matter", "Investors",
                    "The startup", "Researchers", "Critics", "A spokesperson", "Rivals")
SUBHEADINGS = ("What happened", "Why it matters", "The numbers", "A crowded market", "What comes next",
               "Money and compute", "Reactions", "Behind the scenes", "The wider picture", "Open questions",
               "A familiar pattern", "Regulators take note", "The technical details", "Who is affected",
               "How we got here", "Inside the deal", "The fallout", "Lessons for startups")
QUOTE_CONTEXTS = ("In a post on X.", "Speaking on a call with analysts.", "In an interview with {pub}.",
                  "At a developer conference keynote.", "In a memo to staff, as reported by *{pub}*.",
                  "In a statement to the press.", "On a podcast about the industry.")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "untitled"


def q(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------


@dataclass
class Entity:
    id: str
    name: str
    kind: str
    description: str
    url: str = ""
    aliases: tuple = ()


@dataclass
class Story:
    id: str
    title: str
    date: dt.date
    precision: str  # "day" or "month"
    summary: str
    entities: list
    tags: list
    topics: dict  # topic -> (reported value, alternatives)
    articles: list = field(default_factory=list)


@dataclass
class CorpusStats:
    articles: int
    txt: int
    md: int
    stories: int
    events: int
    tags: int
    entities: int
    bytes: int


class CorpusWriter:
    """A synthetic briefing: deterministic for a given (seed, number of articles)."""

    START = dt.date(2021, 1, 1)
    DAYS = 5 * 365  # articles are published over about five years

    def __init__(self, articles: int, seed: int):
        self.n = articles
        self.rng = random.Random(f"briefing-bench:{seed}:{articles}")
        self.end = self.START + dt.timedelta(days=self.DAYS - 1)

    # -- helpers --------------------------------------------------------

    def _zipf_weights(self, count: int, s: float) -> list:
        return [1 / (rank ** s) for rank in range(1, count + 1)]

    def _pick(self, items, weights, k):
        """k distinct items, drawn with the given popularity weights."""
        chosen = []
        while len(chosen) < min(k, len(items)):
            item = self.rng.choices(items, weights)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def _words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(LEXICON, k=self.rng.randint(low, high)))

    def _sentence(self, names) -> str:
        rng = self.rng
        subject = rng.choice(names) if names and rng.random() < 0.55 else rng.choice(GENERIC_SUBJECTS)
        tail = rng.choice(("", "", f", according to {rng.choice(PUBLICATIONS)}",
                           f", a figure of {rng.randint(2, 900)} {rng.choice(('million', 'billion', 'percent'))}",
                           f" in {rng.choice(('January', 'March', 'June', 'September', 'November'))}",
                           " – a move few had expected", ", critics say"))
        return f"{subject} {rng.choice(VERBS)} {self._words(5, 14)}{tail}."

    def _paragraph(self, names) -> str:
        return " ".join(self._sentence(names) for _ in range(self.rng.randint(3, 7)))

    def _date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _fuzzy(self, day: dt.date, weights=(50, 30, 20)) -> str:
        precision = self.rng.choices(("day", "month", "year"), weights)[0]
        return day.isoformat() if precision == "day" else day.isoformat()[:7] if precision == "month" else str(day.year)

    # -- vocabularies ---------------------------------------------------

    def entities(self) -> list:
        rng, out, seen = self.rng, [], set()

        def add(name, kind, description, url="", aliases=()):
            base = slugify(name)
            eid, n = base, 1
            while eid in seen:
                n += 1
                eid = f"{base}-{n}"
            seen.add(eid)
            out.append(Entity(eid, name, kind, description, url, tuple(aliases)))

        roots = ROOTS[:]
        rng.shuffle(roots)
        companies = []
        for i in range(80):
            root, suffix = roots[i % len(roots)], COMPANY_SUFFIX[(i // len(roots) + i) % len(COMPANY_SUFFIX)]
            name = f"{root} {suffix}"
            companies.append(name)
            add(name, "company", f"AI company known for its *{root}* models and a {self._words(3, 6)} strategy.",
                f"https://www.{slugify(name)}.example", [root] if i < len(roots) else [])
        people = set()
        while len(people) < 120:
            people.add(f"{rng.choice(FIRST)} {rng.choice(LAST)}")
        for name in sorted(people):
            add(name, "person", f"{rng.choice(('Founder', 'Chief executive', 'Researcher', 'Investor', 'Policy lead'))} "
                f"at {rng.choice(companies)}.", aliases=[name.split()[-1]] if rng.random() < 0.4 else [])
        for i in range(60):
            company = companies[i % len(companies)]
            name = f"{company.split()[0]} {PRODUCT_WORDS[i % len(PRODUCT_WORDS)]} {1 + i // 20}"
            add(name, "product", f"{company}'s {PRODUCT_WORDS[i % len(PRODUCT_WORDS)].lower()} product.")
        for i in range(20):
            add(PUBLICATIONS[i], "publication", "Technology and business news publication.",
                f"https://{slugify(PUBLICATIONS[i])}.example")
        for i in range(20):
            name = f"{companies[i].split()[0]} {ORG_KINDS[i % len(ORG_KINDS)]}"
            add(name, "organization", f"Governing or advisory body: {self._words(3, 7)}.")
        rng.shuffle(out)  # popularity rank is independent of kind
        return out

    # -- the writer -----------------------------------------------------

    def write(self, content: Path) -> CorpusStats:
        rng = self.rng
        articles_dir = content / "articles"
        articles_dir.mkdir(parents=True)
        total_bytes = 0

        def put(path: Path, text: str):
            nonlocal total_bytes
            data = text.encode("utf-8")
            total_bytes += len(data)
            path.write_bytes(data)

        # tags.yml
        tag_ids = [t for t, _ in TAGS]
        lines = []
        for tid, title in sorted(TAGS):
            lines += [f"{tid}:", f"  title: {q(title)}",
                      f"  description: {q(f'News about {title.lower()} in the AI industry: {self._words(4, 10)}.')}"]
            if rng.random() < 0.5:
                lines += ["  aliases:", f"    - {q(tid.replace('-', ' '))}", f"    - {q(title + ' news')}"]
        put(content / "tags.yml", "\n".join(lines) + "\n")
        tag_weights = self._zipf_weights(len(tag_ids), 0.8)
        rng.shuffle(tag_ids)

        # entities.yml
        entities = self.entities()
        ent_ids = [e.id for e in entities]
        ent_by_id = {e.id: e for e in entities}
        ent_weights = self._zipf_weights(len(entities), 0.9)
        people = [e.id for e in entities if e.kind == "person"]
        companies = [e for e in entities if e.kind == "company"]
        products = [e for e in entities if e.kind == "product"]
        lines = []
        for e in sorted(entities, key=lambda e: e.id):
            lines += [f"{e.id}:", f"  name: {q(e.name)}", f"  kind: {e.kind}", f"  description: {q(e.description)}"]
            if e.url:
                lines.append(f"  url: {q(e.url)}")
            if e.aliases:
                lines += ["  aliases:"] + [f"    - {q(a)}" for a in e.aliases]
        put(content / "entities.yml", "\n".join(lines) + "\n")

        # stories.yml
        stories, story_ids = [], set()
        for i in range(max(1, self.n // 10)):
            template, tags, topics = rng.choice(STORY_TEMPLATES)
            company, person, product = rng.choice(companies), rng.choice(people), rng.choice(products)
            title = template.format(c=company.name, p=ent_by_id[person].name, x=product.name)
            day = self._date_between(self.START, self.end - dt.timedelta(days=45))
            sid = slugify(f"{title} {day.year}")
            while sid in story_ids:
                sid += "-" + str(len(story_ids))
            story_ids.add(sid)
            chosen = {}
            for topic in rng.sample(topics, k=min(len(topics), rng.randint(2, 3))):
                values = list(TOPICS[topic])
                reported = rng.choice(values)
                chosen[topic] = (reported, [v for v in values if v != reported])
            stories.append(Story(
                sid, title, day, "day" if rng.random() < 0.8 else "month",
                f"{company.name} and {ent_by_id[person].name}: {self._words(8, 16)}. "
                f"Reported figures: {', '.join(t.replace('-', ' ') for t in chosen)}.",
                [company.id, person, product.id][: rng.randint(1, 3)], list(tags), chosen))
        lines = []
        for s in sorted(stories, key=lambda s: s.id):
            date = s.date.isoformat() if s.precision == "day" else s.date.isoformat()[:7]
            lines += [f"{s.id}:", f"  title: {q(s.title)}", f"  date: {q(date)}", f"  summary: {q(s.summary)}"]
        put(content / "stories.yml", "\n".join(lines) + "\n")
        story_weights = [min(rng.paretovariate(1.3), 12) for _ in stories]

        # events.yml: context events, some before the articles begin
        lines = []
        for i in range(max(1, self.n // 20)):
            story = rng.choice(stories) if rng.random() < 0.5 else None
            if story:
                day = story.date - dt.timedelta(days=rng.randint(0, 120))
            else:
                day = self._date_between(self.START - dt.timedelta(days=365), self.end)
            ents = self._pick(ent_ids, ent_weights, rng.randint(1, 3))
            title = f"{ent_by_id[ents[0]].name} {rng.choice(('announces', 'confirms', 'is linked to', 'faces'))} {self._words(3, 7)}"
            lines += [f"- date: {q(self._fuzzy(day, (35, 45, 20)))}", f"  title: {q(title)}",
                      f"  summary: {q(' '.join(self._sentence([ent_by_id[e].name for e in ents]) for _ in range(rng.randint(1, 3))))}",
                      "  entities:"] + [f"    - {e}" for e in ents]
            lines += ["  tags:"] + [f"    - {t}" for t in self._pick(tag_ids, tag_weights, rng.randint(1, 2))]
            if story:
                lines.append(f"  story: {story.id}")
            if rng.random() < 0.4:
                pub = rng.choice(PUBLICATIONS)
                lines += ["  source:", f"    name: {q(pub)}",
                          f"    url: {q(f'https://{slugify(pub)}.example/{day.year}/{slugify(title)[:40]}')}"]
        put(content / "events.yml", "\n".join(lines) + "\n")

        # articles: decide dates and stories first, so 'related' can point anywhere
        plan = []
        for i in range(self.n):
            story = rng.choices(stories, story_weights)[0] if rng.random() < 0.8 else None
            if story:
                day = min(self.end, story.date + dt.timedelta(days=min(120, int(rng.expovariate(1 / 8)))))
            else:
                day = self._date_between(self.START, self.end)
            lead = rng.choices(ent_ids, ent_weights)[0]  # the entity a story-less article is mainly about
            plan.append((day, story, lead, self._words(3, 7)))
        plan.sort(key=lambda p: p[0])
        ids, used = [], set()
        for i, (day, story, lead, words) in enumerate(plan):
            head = story.title if story else f"{ent_by_id[lead].name} {words}"
            base = f"{day.isoformat()}-{slugify(head)[:48].strip('-')}"
            aid, n = base, 1
            while aid in used:
                n += 1
                aid = f"{base}-{n}"
            used.add(aid)
            ids.append(aid)
            if story:
                story.articles.append(aid)

        txt = md = 0
        for i, ((day, story, lead, words), aid) in enumerate(zip(plan, ids)):
            ents = list(story.entities[: rng.randint(1, len(story.entities))]) if story else [lead]
            for e in self._pick(ent_ids, ent_weights, rng.randint(1, 5)):
                if e not in ents and len(ents) < 5:
                    ents.append(e)
            names = [ent_by_id[e].name for e in ents]
            tags = list(story.tags[: rng.randint(1, 2)]) if story else []
            for t in self._pick(tag_ids, tag_weights, rng.randint(2, 4)):
                if t not in tags and len(tags) < 4:
                    tags.append(t)
            pub = rng.choice(PUBLICATIONS)
            source = {"name": pub, "url": f"https://{slugify(pub)}.example/{day.year}/{day.month:02d}/{aid[11:]}",
                      "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}"}
            markdown = i % 2 == 1  # alternate the two article formats
            source_in_file = markdown and rng.random() < 0.5

            # the article file
            paragraphs = [self._paragraph(names) for _ in range(rng.randint(4, 8))]
            if markdown:
                md += 1
                front = ["---", f"date: {day.isoformat()}"]
                if rng.random() < 0.6:
                    front.append(f"title: {q(f'{names[0]} {self._words(3, 7)}')}")
                if source_in_file:
                    front += ["source:", f"  name: {q(source['name'])}", f"  url: {q(source['url'])}",
                              f"  author: {q(source['author'])}"]
                front.append("---")
                body = []
                for j, para in enumerate(paragraphs):
                    if j and rng.random() < 0.3:
                        body.append(f"## {rng.choice(SUBHEADINGS)}")
                    para = para.replace(names[0], f"*{names[0]}*", 1)
                    if rng.random() < 0.25:
                        para += f" [{rng.choice(('Read the filing', 'The announcement', 'Earlier coverage'))}]" \
                                f"(https://{slugify(pub)}.example/{aid[:10]}/{j})."
                    body.append(para)
                    if rng.random() < 0.1:
                        body.append("\n".join(f"- {self._words(3, 8)}" for _ in range(rng.randint(2, 4))))
                    if rng.random() < 0.08:
                        body.append(f"> {self._sentence(names)}")
                put(articles_dir / f"{aid}.md", "\n".join(front) + "\n\n" + "\n\n".join(body) + "\n")
            else:
                txt += 1
                chunks = [paragraphs[0]]
                for j, para in enumerate(paragraphs[1:], 1):
                    if j < len(paragraphs) - 1 and rng.random() < 0.35:
                        chunks.append(rng.choice(SUBHEADINGS))
                    chunks.append(para)
                lead = " " if rng.random() < 0.5 else ""
                put(articles_dir / f"{aid}.txt", f"{lead}date {day.isoformat()} " + "\n\n".join(chunks))

            # the annotation
            title = f"{story.title}: {self._words(3, 8)}" if story else f"{names[0]} {words}"
            summary = f"{names[0]} {rng.choice(VERBS)} *{self._words(2, 4)}* {self._words(6, 14)}."
            if rng.random() < 0.5:
                summary += f" {self._sentence(names)}"
            if rng.random() < 0.15:
                summary += f" See [the original report]({source['url']})."
            lines = ["# yaml-language-server: $schema=../../schema/annotation.schema.json",
                     f"title: {q(title[:1].upper() + title[1:])}", f"summary: {q(summary)}", "tags:"]
            lines += [f"  - {t}" for t in tags]
            lines += ["entities:"] + [f"  - {e}" for e in ents]
            if story:
                lines.append(f"story: {story.id}")
            # event date at mixed precision (sometimes absent: the publication date is used)
            roll = rng.random()
            if story and roll < 0.85:
                happened = story.date if story.date <= day else day
                lines.append(f"event_date: {q(self._fuzzy(happened, (65, 25, 10)))}")
            elif not story and roll < 0.6:
                happened = day - dt.timedelta(days=rng.choice((0, 1, 2, 3, 30, 400)))
                lines.append(f"event_date: {q(self._fuzzy(happened, (60, 25, 15)))}")
            if not source_in_file:
                lines += ["source:"] + [f"  {k}: {q(v)}" for k, v in source.items() if k != "author" or rng.random() < 0.7]
            lines.append("key_points:")
            for _ in range(rng.randint(2, 5)):
                point = self._sentence(names)
                if rng.random() < 0.2:
                    point = point[:-1] + " (`" + rng.choice(("v2", "API", "GPU", "fp8")) + "`)."
                lines.append(f"  - {q(point)}")
            if rng.random() < 0.75:
                speakers = [e for e in ents if ent_by_id[e].kind == "person"] or ents
                lines.append("quotes:")
                for _ in range(rng.randint(1, 3)):
                    lines += [f"  - text: {q(self._sentence(names)[:-1])}", f"    speaker: {rng.choice(speakers)}"]
                    if rng.random() < 0.8:
                        lines.append(f"    context: {q(rng.choice(QUOTE_CONTEXTS).format(pub=pub))}")
            claims = []
            if story:
                for topic in rng.sample(list(story.topics), k=rng.randint(1, len(story.topics))):
                    reported, others = story.topics[topic]
                    value = reported if rng.random() < 0.8 or not others else rng.choice(others)
                    if value == reported and rng.random() < 0.1:
                        value = value.upper()  # same claim, different case: must not count as disagreement
                    claims.append((topic, value))
            elif rng.random() < 0.5:
                topic = rng.choice(sorted(TOPICS))
                claims.append((topic, rng.choice(TOPICS[topic])))
            if claims:
                lines.append("claims:")
                for topic, value in claims:
                    lines += [f"  - topic: {topic}", f"    value: {q(value)}"]
                    if rng.random() < 0.8:
                        lines.append(f"    detail: {q(f'Citing *{pub}*: “{self._words(5, 12)}”.')}")
            lines.append(f"importance: {rng.choices((1, 2, 3, 4, 5), (10, 25, 35, 20, 10))[0]}")
            related = []
            pool = [r for r in (story.articles if story else []) if r != aid]
            for _ in range(rng.choice((0, 0, 1, 1, 2))):
                target = rng.choice(pool) if pool and rng.random() < 0.8 else rng.choice(ids)
                if target != aid and target not in related:
                    related.append(target)
            if related:
                lines += ["related:"] + [f"  - {r}" for r in related]
            if rng.random() < 0.6:
                lines.append(f"note: {q(self._sentence(names) + ' ' + self._sentence(names))}")
            put(articles_dir / f"{aid}.yml", "\n".join(lines) + "\n")

        return CorpusStats(self.n, txt, md, len(stories), max(1, self.n // 20), len(TAGS), len(entities),
                           total_bytes)


# ---------------------------------------------------------------------------
# The project around the corpus
# ---------------------------------------------------------------------------


def venv_python() -> str:
    for candidate in (REPO / ".venv" / "bin" / "python", REPO / ".venv" / "Scripts" / "python.exe"):
        if candidate.exists():
            return str(candidate)
    return sys.executable


def generated_in_repo() -> tuple[set, list]:
    """What the generator owns in the repo's site_src: its manifest, plus the site_src/ lines of .gitignore."""
    owned = set()
    try:
        owned = set(json.loads((REPO / "site_src" / MANIFEST).read_text()))
    except (OSError, ValueError):
        pass
    prefixes = []
    try:
        for line in (REPO / ".gitignore").read_text().splitlines():
            line = line.strip()
            if line.startswith("site_src/") and not line.startswith("#"):
                prefixes.append(line[len("site_src/"):])
    except OSError:
        pass
    return owned, prefixes


def handwritten_pages() -> list[str]:
    """The hand-written files of site_src (relative paths): everything the generator does not own."""
    owned, prefixes = generated_in_repo()
    src = REPO / "site_src"
    pages = []
    for path in sorted(src.rglob("*")) if src.is_dir() else ():
        if not path.is_file():
            continue
        rel = path.relative_to(src).as_posix()
        if rel == MANIFEST or rel in owned or (path.name.startswith(".") and path.name.endswith(".tmp")):
            continue
        if any(rel == p.rstrip("/") or (p.endswith("/") and rel.startswith(p)) for p in prefixes):
            continue
        pages.append(rel)
    return pages


def make_project(project: Path, articles: int, seed: int) -> tuple[CorpusStats, list[str]]:
    project.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for optional in ("overrides", "templates", "hooks"):  # theme overrides / generator templates, if a site has them
        if (REPO / optional).is_dir():
            shutil.copytree(REPO / optional, project / optional)
    pages = handwritten_pages()
    for rel in pages:
        target = project / "site_src" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "site_src" / rel, target)
    (project / "site_src").mkdir(exist_ok=True)
    stats = CorpusWriter(articles, seed).write(project / "briefings")
    return stats, pages


def clear_generated(site_src: Path, keep: set) -> None:
    """Remove everything in site_src except the hand-written pages (the state before a first generate)."""
    for path in sorted(site_src.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        rel = path.relative_to(site_src).as_posix()
        if path.is_dir():
            try:
                path.rmdir()  # only if empty
            except OSError:
                pass
        elif rel not in keep:
            path.unlink()


def tree_digest(root: Path, skip: set = frozenset()) -> tuple[str, int, int, int, int]:
    """(sha256 of every path and its bytes, files, bytes, .md files, .md bytes) under root."""
    h = hashlib.sha256()
    files = size = md_files = md_bytes = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel in skip:
            continue
        data = path.read_bytes()
        h.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
        files += 1
        size += len(data)
        if rel.endswith(".md"):
            md_files += 1
            md_bytes += len(data)
    return h.hexdigest(), files, size, md_files, md_bytes


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------


class StepFailed(Exception):
    pass


STEPS = {
    "check": ("check", ["-m", "generator", "check"]),
    "cold": ("generate (cold)", ["-m", "generator", "generate"]),
    "warm": ("generate (warm)", ["-m", "generator", "generate"]),
    # No -q: with MkDocs 1.6.1, --quiet raises the log level above WARNING, so --strict never sees the
    # warnings and a broken site exits 0 (mkdocs/mkdocs#4126). The output is captured anyway.
    "build": ("mkdocs build --strict", ["-m", "mkdocs", "build", "--strict"]),
}
WRITTEN_RE = re.compile(r"\((\d+) written, (\d+) unchanged, (\d+) removed\)")


def children_cpu() -> float:
    """User + system CPU seconds used so far by finished child processes (0 where unknown)."""
    if resource is None:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Result:
    times: dict = field(default_factory=dict)  # step -> [wall seconds]
    cpu: dict = field(default_factory=dict)  # step -> [CPU seconds of the subprocess]
    cold_written: list = field(default_factory=list)
    warm_written: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # expectations not met (not crashes)
    sizes: dict = field(default_factory=dict)


class Runner:
    def __init__(self, project: Path, python: str, result: Result, verbose: bool = True):
        self.project, self.python, self.result, self.verbose = project, python, result, verbose
        env = dict(os.environ)
        # the generator of this checkout, whatever the venv's editable install points at
        env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life banner, printed on every build
        self.env = env

    def run(self, step: str, label: str) -> str:
        """Run one step, record its wall and CPU time in the result; return its standard output."""
        name, args = STEPS[step]
        command = [self.python, *args]
        cpu = children_cpu()
        started = time.perf_counter()
        result = subprocess.run(command, cwd=self.project, env=self.env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        cpu = children_cpu() - cpu
        if result.returncode:
            detail = result.stderr.strip() or result.stdout.strip()
            lines = detail.splitlines()
            if len(lines) > 60:
                lines = lines[:30] + [f"... ({len(lines) - 50} lines left out) ..."] + lines[-20:]
            raise StepFailed(f"{name} failed (exit {result.returncode}) in {self.project}\n"
                             f"command: {' '.join(command)}\n" + "\n".join(lines))
        self.result.times.setdefault(step, []).append(seconds)
        self.result.cpu.setdefault(step, []).append(cpu)
        if self.verbose:
            print(f"  {label:<28} {seconds:7.2f} s  (CPU {cpu:6.2f} s)", flush=True)
        return result.stdout


class Measurement:
    """The timed steps on one project, one round at a time, so that rounds on several projects can be
    interleaved: a change in the machine's speed then touches every size alike."""

    STEPS = ("check", "cold", "warm", "build")

    def __init__(self, project: Path, handwritten: list, python: str, expected_articles: int, runs: int):
        self.project, self.runs, self.expected = project, runs, expected_articles
        self.res = Result()
        self.runner = Runner(project, python, self.res)
        self.site_src = project / "site_src"
        self.keep = set(handwritten)
        self.before = {rel: (self.site_src / rel).read_bytes() for rel in handwritten}
        self.digests = set()

    def round(self, i: int) -> None:
        """check; generate into a site_src/ without generated pages; generate again; build."""
        res, run, tag = self.res, self.runner.run, f"{i + 1}/{self.runs}"
        out = run("check", f"check {tag}")
        if f"ok: {self.expected} articles" not in out:
            res.problems.append(f"check did not report {self.expected} articles: {out.strip()}")

        clear_generated(self.site_src, self.keep)
        out = run("cold", f"generate (cold) {tag}")
        found = WRITTEN_RE.search(out)
        res.cold_written.append(int(found.group(1)) if found else -1)
        if not found or int(found.group(1)) == 0:
            res.problems.append(f"cold generate wrote nothing? {out.strip()}")
        self.digests.add(tree_digest(self.site_src, self.keep)[0])

        out = run("warm", f"generate (warm) {tag}")
        found = WRITTEN_RE.search(out)
        written = int(found.group(1)) if found else -1
        res.warm_written.append(written)
        if written != 0:
            res.problems.append(f"warm generate (nothing changed) rewrote {written} files: {out.strip()}")

        run("build", f"mkdocs build {tag}")

    def finish(self) -> Result:
        res, site_src = self.res, self.site_src
        if len(self.digests) > 1:
            res.problems.append(f"cold generate is not deterministic: {len(self.digests)} different outputs "
                                f"from the same input in {self.runs} runs")
        for rel, data in self.before.items():
            if (site_src / rel).read_bytes() != data:
                res.problems.append(f"hand-written page site_src/{rel} was changed by the generator")
        _, gen_files, gen_bytes, md_files, md_bytes = tree_digest(site_src, self.keep | {MANIFEST})
        res.sizes.update(generated_files=gen_files, generated_bytes=gen_bytes, generated_md=md_files,
                         generated_md_bytes=md_bytes)
        site = self.project / "site"
        _, site_files, site_bytes, _, _ = tree_digest(site)
        index = site / "search" / "search_index.json"
        res.sizes.update(site_files=site_files, site_bytes=site_bytes,
                         search_index=index.stat().st_size if index.exists() else 0,
                         html_pages=sum(1 for _ in site.rglob("*.html")))
        if not index.exists():
            res.problems.append("site/search/search_index.json is missing")
        return res


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def stat_line(label: str, res: Result, step: str, extra: str = "") -> str:
    wall, cpu = res.times[step], res.cpu[step]
    return (f"{label:<24} {statistics.median(wall):8.2f} {min(wall):8.2f} {max(wall):8.2f} "
            f"{statistics.median(cpu):8.2f}" + (f"   {extra}" if extra else ""))


def report(stats: CorpusStats, res: Result, runs: int) -> None:
    print()
    print(f"== Briefing benchmark: {stats.articles} articles ({stats.txt} .txt, {stats.md} .md), "
          f"{stats.stories} stories, {stats.events} context events, {stats.tags} tags, "
          f"{stats.entities} entities; {human_bytes(stats.bytes)} of content; {runs} runs each ==")
    print(f"{'step (seconds)':<24} {'median':>8} {'min':>8} {'max':>8} {'CPU med':>8}")
    t = res.times
    if "check" in t:
        print(stat_line("check", res, "check"))
    print(stat_line("generate (cold)", res, "cold", f"files written: {max(res.cold_written)}"))
    if "warm" in t:
        print(stat_line("generate (warm)", res, "warm",
                        f"files rewritten: {', '.join(str(w) for w in res.warm_written)}"))
    if "build" in t:
        print(stat_line("mkdocs build --strict", res, "build"))
        ratio = statistics.median(t["build"]) / statistics.median(t["cold"])
        cpu_ratio = statistics.median(res.cpu["build"]) / max(statistics.median(res.cpu["cold"]), 1e-9)
        print(f"{'build / generate (cold)':<24} {ratio:8.1f}x  (median over median; {cpu_ratio:.1f}x in CPU time)")
    s = res.sizes
    print(f"{'generated files':<24} {s['generated_files']:>8}   ({s['generated_md']} Markdown pages + "
          f"{s['generated_files'] - s['generated_md']} feeds)")
    print(f"{'generated Markdown':<24} {human_bytes(s['generated_md_bytes']):>8}   "
          f"({s['generated_md_bytes']:,} bytes; all generated files {s['generated_bytes']:,} bytes)")
    if "site_files" in s:
        print(f"{'site/':<24} {human_bytes(s['site_bytes']):>8}   ({s['site_files']} files, "
              f"{s['html_pages']} HTML pages, {s['site_bytes']:,} bytes)")
        print(f"{'search_index.json':<24} {human_bytes(s['search_index']):>8}   ({s['search_index']:,} bytes)")
    print(f"{'per article (median)':<24} {1000 * statistics.median(t['cold']) / stats.articles:8.2f} ms generate"
          + (f", {1000 * statistics.median(t['build']) / stats.articles:.2f} ms build" if "build" in t else ""))


def scaling_report(sizes: list, results: list) -> list:
    """Per-article and marginal costs; returns the steps that grow faster than linearly."""
    print()
    print("== Scaling: median wall seconds (ms per article); exponents and marginal costs from the fastest run ==")
    print(f"{'step':<24}" + "".join(f"{'n=' + str(n):>20}" for n in sizes) + f"{'exponent':>10}{'CPU exp.':>10}")
    flagged, notes = [], []
    use_cpu = resource is not None
    for step in ("check", "cold", "warm", "build"):
        if step not in results[0].times:
            continue
        name = STEPS[step][0]
        wall = [statistics.median(r.times[step]) for r in results]
        # the fastest of the runs is the least disturbed by other work on the machine
        fast_wall = [min(r.times[step]) for r in results]
        cpu = [min(r.cpu[step]) for r in results]
        span = math.log(sizes[-1] / sizes[0])

        def exponent(values):
            return math.log(values[-1] / values[0]) / span if values[0] > 0 and values[-1] > 0 else float("nan")

        cells = "".join(f"{m:9.2f} s ({1000 * m / n:5.2f})" for m, n in zip(wall, sizes))
        print(f"{name:<24}{cells}{exponent(fast_wall):10.2f}{exponent(cpu):10.2f}")
        # marginal cost of one more article between consecutive sizes: the start-up cost cancels out.
        # Judged on CPU time, which other jobs on the machine disturb much less than wall time.
        basis = cpu if use_cpu else fast_wall
        marginal = [(basis[i + 1] - basis[i]) / (sizes[i + 1] - sizes[i]) for i in range(len(sizes) - 1)]
        # t = a + b*n + c*n*n through the three points: c*n*n is the part of the largest run that a
        # pages x pages step adds; its share of that run's time is the verdict
        c = (marginal[-1] - marginal[0]) / (sizes[-1] - sizes[0])
        excess = c * sizes[-1] ** 2
        share = excess / basis[-1] if basis[-1] > 0 else 0.0
        # A real pages x pages step is unmistakable (the exponent goes well over 1); a share of a
        # few tens of percent is within what a busy machine does to CPU time, so it is only noted.
        if exponent(basis) > 1.1 or (share > 0.4 and excess > 1.0):
            verdict = "FASTER THAN LINEAR"
            flagged.append(name)
        elif share > 0.15 and excess > 0.5:
            verdict = "slightly convex: within noise unless it repeats on a quiet machine"
        elif share > 0.15:
            verdict = f"linear (the convex part, {excess:.2f} s, is noise)"
        else:
            verdict = "linear"
        notes.append(f"  {name:<22} " + " -> ".join(f"{1000 * m:6.2f}" for m in marginal)
                     + f"   quadratic share at n={sizes[-1]}: {max(0.0, 100 * share):3.0f}%: {verdict}")
    print(f"marginal {'CPU' if use_cpu else 'wall'} ms per added article between consecutive sizes "
          "(start-up cost cancels out; flat or falling = linear):")
    print("\n".join(notes))
    print("sizes (KB per article):")
    for label, key in (("generated Markdown", "generated_md_bytes"), ("site/", "site_bytes"),
                       ("search_index.json", "search_index")):
        if key in results[0].sizes:
            cells = "".join(f"{human_bytes(r.sizes[key]):>11} ({r.sizes[key] / n / 1024:5.1f})"
                            for r, n in zip(results, sizes))
            print(f"  {label:<22}{cells}")
    return flagged


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

DESCRIPTION = """\
Benchmark the Briefing pipeline on a synthetic but valid corpus.

Makes a temporary project (a copy of mkdocs.yml and the hand-written pages of
site_src/, plus a generated briefings/ directory: N articles over five years,
alternating plain-text and Markdown files, each with a full annotation;
40 tags, ~300 entities, N/10 stories, N/20 context events; seeded, so the
same arguments give the same corpus), then times, as subprocesses with the
project's virtual-environment Python and the temporary project as the
working directory, R runs each of:

  check                  python -m generator check
  generate (cold)        python -m generator generate, into a site_src/ that
                         holds only the hand-written pages
  generate (warm)        the same again with nothing changed (must rewrite 0 files)
  mkdocs build --strict  python -m mkdocs build --strict (output captured; not -q,
                         which makes MkDocs 1.6.1 ignore --strict: mkdocs/mkdocs#4126)

and prints median, min and max wall-clock seconds and the median CPU seconds
of each (CPU time is what other jobs on the machine disturb least), the
build/generate ratio, and the sizes of the generated Markdown and the built
site. It also checks that
repeated cold runs give byte-identical output and that hand-written pages
are left alone. Exit status: 0 ok, 1 a step failed or an expectation was
not met (its messages are printed), 2 wrong usage.
"""

EPILOG = """\
examples:
  .venv/bin/python benchmarks/bench.py                        # 1,000 articles, 3 runs (a few minutes)
  .venv/bin/python benchmarks/bench.py --articles 200 --runs 1   # a quick smoke test
  .venv/bin/python benchmarks/bench.py --scaling --articles 250  # 250, 500, 1,000: is anything quadratic?
  .venv/bin/python benchmarks/bench.py --workdir /tmp/bench --keep   # keep the project to inspect it

See benchmarks/README.md for what each figure means.
"""


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="bench.py", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=positive, default=1000, metavar="N",
                   help="number of synthetic articles (default: 1000)")
    p.add_argument("--runs", type=positive, default=3, metavar="R",
                   help="repetitions of each timed step (default: 3)")
    p.add_argument("--workdir", type=Path, default=None, metavar="DIR",
                   help="where to make the project(s), one subdirectory n<N> per size; must be new, empty "
                        "or a previous bench work directory; it is kept (default: a fresh temporary "
                        "directory, removed at the end unless --keep or a step fails)")
    p.add_argument("--keep", action="store_true",
                   help="keep the temporary work directory and print where it is")
    p.add_argument("--scaling", action="store_true",
                   help="time check, generate and build at N, 2N and 4N articles and report the time per "
                        "article, to show any step that grows faster than linearly")
    p.add_argument("--seed", type=int, default=1, metavar="S",
                   help="seed of the synthetic corpus (default: 1)")
    return p.parse_args(argv)


def prepare_workdir(args) -> tuple[Path, bool]:
    """(work directory, whether to remove it at the end)."""
    if args.workdir is None:
        return Path(tempfile.mkdtemp(prefix="briefing-bench-")), not args.keep
    work = args.workdir.resolve()
    if work.exists() and any(work.iterdir()):
        if not (work / MARKER).exists():
            print(f"bench.py: error: --workdir {work} is not empty and was not made by this script; "
                  "give an empty or new directory", file=sys.stderr)
            sys.exit(2)
        for child in work.iterdir():
            if child.name != MARKER:
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    work.mkdir(parents=True, exist_ok=True)
    (work / MARKER).write_text("made by benchmarks/bench.py; its contents are replaced on the next run\n")
    return work, False


def main(argv=None) -> int:
    args = parse_args(argv)
    python = venv_python()
    work, remove = prepare_workdir(args)
    started = time.perf_counter()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    print(f"briefing benchmark: python {python}, generator from {REPO}, {os.cpu_count()} CPUs, "
          f"load average {load[0]:.2f} at start")
    print(f"work directory: {work}")
    failed = False
    try:
        sizes = [args.articles, 2 * args.articles, 4 * args.articles] if args.scaling else [args.articles]
        all_stats, measurements = [], []
        for n in sizes:
            project = work / f"n{n}"
            t0 = time.perf_counter()
            stats, pages = make_project(project, n, args.seed)
            print(f"[{n} articles] corpus written in {time.perf_counter() - t0:.1f} s "
                  f"({human_bytes(stats.bytes)}); hand-written pages kept: {', '.join(pages) or 'none'}")
            all_stats.append(stats)
            measurements.append(Measurement(project, pages, python, n, args.runs))
        for i in range(args.runs):  # round-robin over the sizes: drift in machine speed hits all alike
            for n, m in zip(sizes, measurements):
                print(f"\nround {i + 1}/{args.runs}, {n} articles:")
                m.round(i)
        results = [m.finish() for m in measurements]
        for stats, res in zip(all_stats, results):
            report(stats, res, args.runs)
        flagged = scaling_report(sizes, results) if args.scaling else []
        problems = [p for r in results for p in r.problems]
        print()
        if problems:
            failed = True
            print("PROBLEMS:")
            for p in problems:
                print(f"  - {p}")
        else:
            print("checks: warm generate rewrote 0 files; cold output byte-identical across runs; "
                  "hand-written pages untouched")
        if args.scaling:
            print("grows faster than linearly: " + (", ".join(flagged) if flagged else "nothing"))
    except StepFailed as exc:
        failed = True
        print(f"\nFAILED: {exc}", file=sys.stderr)
        if remove:
            remove = False
            print(f"(the project is kept for inspection: {work})", file=sys.stderr)
    except KeyboardInterrupt:
        failed = True
        print("\ninterrupted", file=sys.stderr)
    finally:
        if remove:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"project(s) kept in {work}")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    print(f"benchmark took {time.perf_counter() - started:.0f} s in all; load average {load[0]:.2f} at the end")
    if load[0] > (os.cpu_count() or 1):
        print("note: the machine was busy (load average above the number of CPUs): wall times are inflated "
              "and noisy; compare CPU times, or re-run on a quiet machine")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
