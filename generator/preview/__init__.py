"""``briefing serve``: a live preview that renders each page when a browser asks for it.

As Hugo's server in its fast render mode: the validated content, its indexes
(:mod:`live`) and the theme (:mod:`theme`: MkDocs' config, files, navigation
and Jinja environment) stay in memory; an edit brings the content up to date,
and browsers reload (:mod:`server`) the page they show, which is then
rendered, and only it. Nothing is written to ``site_src/`` or ``site/``.
"""
