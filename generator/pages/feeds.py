"""Atom and JSON Feed for the whole site: pure functions from articles to bytes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from ..content.settings import SiteInfo
from .urls import ATOM_FEED, JSON_FEED, absolute, path_of

ATOM = "http://www.w3.org/2005/Atom"


def _link(site: SiteInfo, article) -> str:
    return absolute(site.url, path_of("article", article.id))


def _html(a) -> str:
    """An entry's content: the curator's summary only, whatever the site shows of the original text
    (``original_text``): a feed republishes nothing of the article. The outlet and the original's link
    are the entry's own fields."""
    return f"<p>{a.annotation.summary.html}</p>"


def _tag_title(tags, tid: str) -> str:
    return tags[tid].title if tid in tags else tid


def _stamp(day) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(site: SiteInfo, articles, tags=None) -> bytes:
    """The Atom feed (RFC 4287). Each entry names its outlet as a contributor and links the original
    article (``rel="via"``), when the annotation records them; categories carry the tag's title as label."""
    tags = tags or {}
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = site.name
    if site.description:
        ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = site.description
    ET.SubElement(feed, f"{{{ATOM}}}id").text = site.url or "urn:briefing:feed"
    if site.url:
        ET.SubElement(feed, f"{{{ATOM}}}link", href=site.url)
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=absolute(site.url, ATOM_FEED))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(max((a.date for a in articles), default=None)) \
        if articles else "1970-01-01T00:00:00Z"
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = site.name
    for a in articles:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = a.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _link(site, a) if site.url else f"urn:briefing:{a.id}"
        ET.SubElement(entry, f"{{{ATOM}}}link", href=_link(site, a))
        s = a.source
        if s and s.url:  # the source of the information: the original article
            via = {"title": s.name} if s.name else {}
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="via", href=s.url, **via)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(a.date)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(a.date)
        if s and s.name:  # the entry's author is the briefing (the feed's); the outlet contributed the reporting
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}contributor"), f"{{{ATOM}}}name").text = s.name
        if s and s.author:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}contributor"), f"{{{ATOM}}}name").text = s.author
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="html").text = _html(a)
        for tag in a.annotation.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=tag, label=_tag_title(tags, tag))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _item(site: SiteInfo, a, tags) -> dict:
    item = {
        "id": a.id,
        "url": _link(site, a),
        "title": a.title,
        "content_html": _html(a),
        "summary": a.annotation.summary.plain,
        "date_published": _stamp(a.date),
        "tags": [_tag_title(tags, t) for t in a.annotation.tags],
    }
    s = a.source
    if s and s.url:
        item["external_url"] = s.url  # the original article
    outlet = {key: value for key, value in (("outlet", s.name), ("byline", s.author)) if value} if s else {}
    if outlet:  # only what the annotation records (JSON Feed's extension object: an underscore key)
        item["_briefing"] = outlet
    return item


def json_feed(site: SiteInfo, articles, tags=None) -> bytes:
    """The JSON Feed (1.1). Tags by title; the original article as ``external_url``; the outlet and byline,
    when recorded, in the ``_briefing`` extension (``authors`` would say the outlet wrote the briefing)."""
    tags = tags or {}
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.name,
        "items": [_item(site, a, tags) for a in articles],
    }
    if site.url:
        feed["home_page_url"] = site.url
        feed["feed_url"] = absolute(site.url, JSON_FEED)
    if site.description:
        feed["description"] = site.description
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
