"""Stage 2, pages: the validated content into the generated tree under ``site_src/``.

Owns the indexes, comparisons, trends and charts, the Jinja rendering (``templates/``),
the URLs, headings and labels, the feeds, the page cache, and the writer of the tree.
May import content only.
"""
