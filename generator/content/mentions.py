"""Which vocabulary entries an article mentions: the words of a tag's title, an entity's name, or an alias.

``briefing new`` proposes them in a new annotation; ``briefing check`` names them
first when an annotation lists no tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Typographic quotes count as their plain forms when matching ("OpenAI’s" ~ "OpenAI's");
# one character for one, so positions in the text stay the same.
PLAIN_QUOTES = str.maketrans("‘’“”", "''\"\"")
MD_LINK_TARGET_RE = re.compile(r"\]\([^)]*\)")


@dataclass(frozen=True)
class Proposal:
    id: str
    found: str  # the words as they appear in the article
    at: int  # where, for ordering: first mention first


def article_text(meta: dict, blocks) -> str:
    """The words of the article to search: its title and body, Markdown link targets left out."""
    parts = [meta.get("title", "")] + [MD_LINK_TARGET_RE.sub("]", block.text) for block in blocks]
    return "\n\n".join(part for part in parts if part)


def terms_of(entries: dict) -> dict:
    """id -> the words that name it (title or name first, then aliases), of vocabulary entries."""
    return {key: (getattr(entry, "title", None) or entry.name, *entry.aliases) for key, entry in entries.items()}


def term_regex(term: str) -> re.Pattern:
    """Whole words, any case, any white space between words. One- and two-letter names
    (the entity "X") match only as written, or every "x" in a text would propose them."""
    body = r"\s+".join(re.escape(word) for word in term.translate(PLAIN_QUOTES).split())
    return re.compile(rf"(?<!\w){body}(?!\w)", 0 if len(term.strip()) <= 2 else re.IGNORECASE)


def propose(text: str, vocabulary: dict) -> tuple[Proposal, ...]:
    """The ids whose words occur in ``text``, first mention first, with the words as found."""
    plain = text.translate(PLAIN_QUOTES)
    found = []
    for item_id, terms in vocabulary.items():
        matches = [m for term in terms if term.strip() for m in [term_regex(term).search(plain)] if m]
        if matches:
            first = min(matches, key=lambda m: (m.start(), -len(m.group(0))))
            words = " ".join(text[first.start():first.end()].split())
            found.append(Proposal(item_id, words, first.start()))
    return tuple(sorted(found, key=lambda p: (p.at, p.id)))
