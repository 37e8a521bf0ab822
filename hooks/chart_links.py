"""MkDocs hook of both editions (mkdocs.yml and mkdocs.offline.yml ``hooks:``): links inside charts.

A chart is an inline ``<svg>`` the generator writes (``generator/charts.py``);
its marks link to pages by their source paths (``../briefings/x.md``), as
every Markdown link of the generated pages does. MkDocs rewrites the links of
Markdown, not those of raw HTML, so this hook gives each chart link the URL
MkDocs gives that page: ``../briefings/x/`` online, ``../briefings/x.html``
in the offline edition (which has no directory URLs). A target that is not a
page of the site is left as written, and MkDocs' own link check never sees it:
the generator only links pages it writes.
"""

import posixpath
import re

_CHART = re.compile(r"<svg\b[^>]*\bbriefing-chart\b.*?</svg>", re.S)
_HREF = re.compile(r'href="([^"#]+\.md)(#[^"]*)?"')


def on_page_content(html, page, config, files):
    if "briefing-chart" not in html:
        return html
    base = posixpath.dirname(page.file.src_uri)

    def link(m):
        target = files.get_file_from_path(posixpath.normpath(posixpath.join(base, m.group(1))))
        if target is None:
            return m.group(0)
        return f'href="{target.url_relative_to(page.file)}{m.group(2) or ""}"'

    return _CHART.sub(lambda chart: _HREF.sub(link, chart.group(0)), html)
