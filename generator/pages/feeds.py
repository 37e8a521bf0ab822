"""Atom and JSON Feed for the whole site: pure functions from articles to bytes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from ..content.richtext import Rich
from ..content.settings import SiteInfo
from .urls import ATOM_FEED, JSON_FEED, absolute, path_of

ATOM = "http://www.w3.org/2005/Atom"


def _link(site: SiteInfo, article) -> str:
    return absolute(site.url, path_of("article", article.id))


def _html(summary: Rich) -> str:
    return f"<p>{summary.html}</p>"


def _stamp(day) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(site: SiteInfo, articles) -> bytes:
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
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(a.date)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(a.date)
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="html").text = _html(a.annotation.summary)
        for tag in a.annotation.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=tag)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def json_feed(site: SiteInfo, articles) -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.name,
        "items": [
            {
                "id": a.id,
                "url": _link(site, a),
                "title": a.title,
                "content_html": _html(a.annotation.summary),
                "summary": a.annotation.summary.plain,
                "date_published": _stamp(a.date),
                "tags": list(a.annotation.tags),
            }
            for a in articles
        ],
    }
    if site.url:
        feed["home_page_url"] = site.url
        feed["feed_url"] = absolute(site.url, JSON_FEED)
    if site.description:
        feed["description"] = site.description
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
