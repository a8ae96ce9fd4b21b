"""The kbgen MkDocs plugin's options: everything it needs arrives here, typed and checked by MkDocs.

`kbgen build` fills them per audience (`plugins: [{kbgen: {...}}]`). Under a plain `mkdocs build`
only `audience` (and optionally `vocabulary_dir`) is set: the plugin then reads `docs_dir` as the
content folder and fills the rest itself, with the same function `kbgen build` uses (site/audience.py).
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from kbgen.content.article import AUDIENCES


class KbgenConfig(Config):
    # Which help center this build is; written into kbgen.json for every later tool.
    audience = c.Optional(c.Choice(AUDIENCES))
    # JSON: docs-relative page path -> what the plugin renders around it (from the staging step);
    # without it the plugin stages `audience` from `docs_dir` itself.
    pages_file = c.Optional(c.File(exists=True))
    # The audience's facts every page carries as `kbgen-config` (site name, contact, emergency line...).
    site = c.Type(dict, default={})
    # CSS custom properties of the configured palette, written into every page.
    colors_css = c.Type(str, default="")
    # The folder of the company's vocabulary (synonyms.yml); the search index is tuned with it.
    vocabulary_dir = c.Optional(c.Dir(exists=True))
    # Called once per rendered page: `kbgen build`'s progress bar (a Python value, never set in YAML).
    page_rendered = c.Optional(c.Type(Callable))
