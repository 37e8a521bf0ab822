"""MkDocs hook of the online site (mkdocs.yml ``hooks:``): Material's search index is not built.

Online, Pagefind indexes the built pages (``briefing build``), and the search
dialog (``overrides/partials/search.html``) never loads Material's index; but
the theme shows its search button only while Material's ``search`` plugin is
on. So the plugin stays on and every page is excluded from its index before the
plugin reads it (Material's documented front matter ``search: exclude: true``):
the plugin then parses no page (17% of a build at 1,000 articles) and writes an
empty index. ``mkdocs.offline.yml`` sets ``hooks: []``: the offline edition
uses Material's index.
"""


def on_page_markdown(markdown, page, config, files):
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown
