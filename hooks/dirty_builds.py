"""MkDocs hook of the online site (mkdocs.yml ``hooks:``): a ``--dirty`` build may pass ``strict``.

With ``--dirty``, MkDocs renders only the pages whose Markdown is newer than
their HTML, and warns on every such build that navigation and links "will
likely" be inaccurate; ``strict: true`` turns that warning into an abort, so
``mkdocs serve --dirty`` and ``mkdocs build --dirty`` could never succeed.

On this site the warning does not apply: a page's HTML depends only on its
own Markdown, the theme and the config (the navigation holds the index pages
alone, under titles set in ``mkdocs.yml``), and ``briefing generate`` rewrites
every page whose content changed. ``briefing build`` builds clean whenever the
theme, the config or a hook changed, or a page was removed
(``generator/site/sitebuild.py``). So this one warning is dropped; any other
warning of the pages rebuilt still fails the build.

For the same reason the note every dirty build of a non-empty site folder
logs, "The directory contains stale files. Use --clean to remove them.", is
dropped too: the files it means are the pages of the last build (and
Pagefind's index), none stale, and ``--clean`` is not an option of
``briefing build`` (``--full`` is, and is never needed to remove a page).
"""

import logging

NOTICES = ("A 'dirty' build is being performed", "The directory contains stale files.")


class DropDirtyNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(NOTICES)


# MkDocs loads hooks again on each rebuild of `serve`: one filter per logger is enough
for name in ("mkdocs.commands.build", "properdocs.commands.build"):
    logger = logging.getLogger(name)
    if not any(type(f).__name__ == DropDirtyNotice.__name__ for f in logger.filters):
        logger.addFilter(DropDirtyNotice())
