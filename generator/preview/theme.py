"""The MkDocs half of a preview: the config, its plugins and hooks, the files, the navigation and the theme,
set up once, then one page themed at a time.

The steps and events are MkDocs' own (``mkdocs.commands.build``), in its order,
without its two loops over every page: a page is read, rendered (for generated
pages, ``hooks/generated_pages.py``) and themed when it is asked for. The files
of generated pages are MkDocs' virtual files (``File.generated``): nothing is
read from or written to ``site_src/`` for them.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from ..pages.write import MANIFEST, generated_pages

log = logging.getLogger("mkdocs.briefing.preview")


class Theme:
    """MkDocs' config, plugins, files, navigation and Jinja environment for one set of generated pages."""

    def __init__(self, config_file: Path, serve_url: str):
        self.config = config = load_config(str(config_file))
        config.site_url = serve_url
        config.plugins.on_startup(command="serve", dirty=False)
        self.config = config = config.plugins.on_config(config)
        self.docs_dir = Path(config.docs_dir)
        self.files = Files([])
        self.generated: frozenset[str] = frozenset()
        self.nav = None
        self.env = None

    def use(self, generated: frozenset[str]) -> None:
        """The files, navigation and environment for these generated pages (paths under docs_dir)."""
        config = self.config
        config.plugins.on_pre_build(config=config)  # a new build for the hooks: their memos are emptied
        files = [File.generated(config, path, content="") for path in sorted(generated)]
        files += handwritten(config, generated | generated_pages(self.docs_dir))
        set_exclusions(files, config)
        files = Files(f for f in files if f.inclusion.is_in_serve())
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        nav = get_navigation(files, config)
        self.nav = config.plugins.on_nav(nav, config=config, files=files)
        self.env = config.plugins.on_env(env, config=config, files=files)
        self.files, self.generated = files, generated
        self._by_dest = {f.dest_uri: f for f in files}

    def find(self, dest: str) -> File | None:
        """The file published at ``dest`` ('tags/x/index.html', 'assets/x.css'), if any."""
        return self._by_dest.get(dest)

    def page(self, file: File, source: str | None) -> str:
        """The themed HTML of a documentation page; ``source`` is a generated page's text (None: read from docs_dir)."""
        config, files = self.config, self.files
        if source is not None:
            file.content_string = source
        page = file.page if file.page is not None else Page(None, file, config)
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.render(config, files)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            page.active = True
            context = get_context(self.nav, files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=self.nav)
            output = template.render(context)
            return config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
            if source is not None:
                file.content_string = ""  # the page's text is let go; the next request renders it again

    def not_found(self) -> str | None:
        """The theme's 404 page, if it has one."""
        try:
            template = self.env.get_template("404.html")
        except Exception:
            return None
        return template.render(get_context(self.nav, self.files, self.config, base_url="/"))


def handwritten(config, generated) -> list[File]:
    """The files of docs_dir that the generator did not write: About, Contributing, stylesheets.

    Symbolic links are left out, never followed (``briefing build`` refuses them), as are
    hidden files (the generator's manifest and lock).
    """
    docs, found = config.docs_dir, []
    for top, dirs, names in os.walk(docs):
        rel_top = os.path.relpath(top, docs)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(top, d)))
        for name in sorted(names):
            rel = name if rel_top == "." else f"{rel_top}/{name}".replace(os.sep, "/")
            if name.startswith(".") or rel in generated or rel == MANIFEST or os.path.islink(os.path.join(top, name)):
                continue
            found.append(File(rel, docs, config.site_dir, config.use_directory_urls))
    return found


