"""How pages name sources, topics and the relations between claims: the words every template uses.

Python rather than Jinja macros: they are called for every claim of every
briefing and story (a macro call costs tens of microseconds; at 10,000
briefings the macros were a sixth of a cold generate). Every function returns
trusted HTML (:class:`htmlsafe.Html`): contributor text goes through
``htmlsafe.text`` (plain) or ``richtext.show_inline`` (checked inline Markdown).
"""

from __future__ import annotations

import functools

import jinja2

from ..content.htmlsafe import Html as Md, text, url
from ..content.richtext import show_inline as inline
from ..content.model import FuzzyDate
from .urls import link, path_of

RELATION_WORDS = {"conflict": "Conflict", "differ": "Values differ", "uncompared": "Not compared",
                  "changed": "Changed over time", "compatible": "Compatible", "agree": "Agree",
                  "single": "One source only"}


@functools.lru_cache(maxsize=1 << 16)  # a few thousand dates, printed on hundreds of thousands of lines
def day(date) -> str:
    """A publication date as text, '24 March 2024': the one format of every page."""
    return FuzzyDate.of(date).human()


@functools.lru_cache(maxsize=1 << 16)
def when(date) -> Md:
    """A date (exact or fuzzy) for readers and machines: ``<time datetime="2024-03">March 2024</time>``."""
    fuzzy = date if isinstance(date, FuzzyDate) else FuzzyDate.of(date)
    return Md(f'<time datetime="{fuzzy.iso()}">{fuzzy.human()}</time>')


def tenure(role) -> str:
    """', from March 2021 until 22 March 2024', ', until ...', ', since ...' or '' (plain text)."""
    if role.start and role.end:
        return f", from {role.start.human()} until {role.end.human()}"
    if role.end:
        return f", until {role.end.human()}"
    return f", since {role.start.human()}" if role.start else ""


def names_unit(title: str, unit: str) -> bool:
    """Whether a role's title already names its unit: then it reads "EVP and CEO of Microsoft AI, at
    Microsoft", not "... of Microsoft AI of Microsoft"; otherwise "Chief executive of Stability AI"."""
    return unit.casefold() in title.casefold()


def position(title: str, unit: str = "") -> str:
    """A role as its timeline lane is labelled (plain text): "Chief executive, Stability AI"; the title alone
    when it names its unit already ("EVP and CEO of Microsoft AI") or has none."""
    return title if not unit or names_unit(title, unit) else f"{title}, {unit}"


@jinja2.pass_context
def topic(ctx, t: str) -> Md:
    """A topic's title from briefings/topics.yml ("Microsoft's investment in Mistral"), else from its id:
    'monthly-burn' -> 'Monthly burn'."""
    found = ctx["topics"].get(t)
    return text(found.title) if found else text(t.replace("-", " ").capitalize())


@jinja2.pass_context
def topic_in_text(ctx, t: str) -> Md:
    """A topic inside a sentence: its title as the curator wrote it, or 'monthly burn' from its id."""
    found = ctx["topics"].get(t)
    return text(found.title) if found else text(t.replace("-", " "))


def _named(a) -> bool:
    return bool(a.source and a.source.name)


def outlet(a) -> Md:
    """A source as a column head or link text: its outlet, or 'Article of 24 March 2024'."""
    return text(a.source.name) if _named(a) else Md(f"Article of {day(a.date)}")


def outlet_in_text(a) -> Md:
    """A source inside a sentence: its outlet, or 'the 24 March 2024 article'."""
    return text(a.source.name) if _named(a) else Md(f"the {day(a.date)} article")


def source(s) -> Md:
    """An outlet with its link and byline, or 'outlet not recorded'."""
    if not s:
        return Md("outlet not recorded")
    name = f'<a href="{url(s.url)}">{text(s.name)}</a>' if s.url else text(s.name)
    return Md(name + (f" ({text(s.author)})" if s.author else ""))


def byline(a) -> Md:
    """'Forbes, 24 March 2024' or '24 March 2024, outlet not recorded'."""
    if _named(a):
        return Md(f"{source(a.source)}, {when(a.date)}")
    return Md(f"{when(a.date)}, outlet not recorded")


@jinja2.pass_context
def attribution(ctx, claim) -> Md:
    """'citing <a href="../entities/bloomberg.md">Bloomberg</a>', 'citing a person familiar with the matter' (an unnamed
    source), or '' for a claim in the article's own voice."""
    if not claim.attributed_to:
        return Md("")
    if claim.unnamed:
        return Md(f"citing {text(claim.attributed_to)}")
    name = text(ctx["entities"][claim.attributed_to].name)
    if claim.attributed_to not in ctx["idx"].entity_pages:  # only cited: it has no page to link to
        return Md(f"citing {name}")
    return Md(f'citing <a href="{link(ctx["page"], path_of("entity", claim.attributed_to))}">{name}</a>')


def _aside(row, this=None) -> str:
    """'. Not compared: Le Monde's about €400mn (in euros)' for the values the verdict leaves out."""
    if not row.aside:
        return ""
    listed = "; ".join(f"{'this article' if a is this else outlet_in_text(a)}'s {text(c.value)} ({why})"
                       for a, c, why in row.aside)
    return f". Not compared: {listed}"


def rate(r) -> str:
    """'1 EUR = 1.0765 USD on 8 December 2023 (European Central Bank)': an exchange rate as pages cite it."""
    by = ""
    if r.source:
        by = f' (<a href="{url(r.source.url)}">{text(r.source.name)}</a>)' if r.source.url else f" ({text(r.source.name)})"
    return f"1 {r.base} = {r.rate:g} {r.quote} on {r.date.human()}{by}"


def _converted(row, this=None) -> str:
    """'. Le Monde's about €400mn compared at 1 EUR = 1.0765 USD on 8 December 2023' for each value
    converted at a curator's exchange rate."""
    if not row.converted:
        return ""
    listed = "; ".join(f"{'this article' if a is this else outlet_in_text(a)}'s {text(c.value)} at {rate(r)}"
                       for a, c, r in row.converted)
    return f". Compared at the curator's exchange rate: {listed}"


def relation(row, this=None) -> Md:
    """How a topic's values relate, in words: '<strong>Compatible</strong>: the 24 March 2024 article is more precise'."""
    word = f"<strong>{RELATION_WORDS[row.relation]}</strong>"
    if row.reason is not None:
        others = "".join(f" (On {outlet_in_text(a)}: {r.kind}, {inline(r.reason)})" for a, r in row.judgements[:-1])
        return Md(f"{word}, in the curator's judgement: {inline(row.reason)}{others}")
    if row.relation == "changed":
        steps = [f"{text(c.value)}, as of {c.as_of.human()}" if c.as_of else f"{text(c.value)}, undated"
                 for _, c in row.claims]
        return Md(f"{word}: {steps[0]}" + "".join(f"; then {step}" for step in steps[1:]))
    if row.relation == "compatible" and row.precise is not None:
        which = "this article" if row.precise is this else outlet_in_text(row.precise)
        return Md(f"{word}: {which} is more precise{_converted(row, this)}{_aside(row, this)}")
    if row.relation == "uncompared":  # every value set aside, each in its own unit
        units = ", ".join(dict.fromkeys(why for _, _, why in row.aside))
        return Md(f"{word}: figures in different currencies or units ({units})")
    explained = {"conflict": "the values cannot all be right", "compatible": "the values overlap",
                 "differ": "worded differently, not figures the briefing can compare",
                 "single": "not confirmed by another"}.get(row.relation)
    return Md((f"{word}: {explained}" if explained else word) + _converted(row, this) + _aside(row, this))


DRAFT_MARK = Md(' <span class="briefing-draft" title="Not published: only the preview shows drafts">Draft</span>')


def draft_mark(item) -> Md:
    """A chip after a draft's title wherever it is listed (only the preview lists drafts); nothing after any other
    briefing, or a context event."""
    annotation = getattr(item, "annotation", None)
    return DRAFT_MARK if annotation is not None and annotation.draft else Md("")


FILTERS = {"day": day, "when": when}
GLOBALS = {"names_unit": names_unit, "topic": topic, "topic_in_text": topic_in_text, "outlet": outlet, "outlet_in_text": outlet_in_text, "source": source, "byline": byline,
           "attribution": attribution, "relation": relation, "draft_mark": draft_mark}
