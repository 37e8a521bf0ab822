"""Stage 3, site: the generated tree into the published site.

Owns the site builder (MkDocs or ProperDocs: its configuration and its run), dirty builds,
the no-op generate, the Pagefind search index and the offline (file://) edition.
May import content and pages.
"""
