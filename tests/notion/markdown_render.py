"""Render Markdown the way the sites do: Python-Markdown with the extensions listed in mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import markdown
import yaml

MKDOCS_YML = Path(__file__).resolve().parents[2] / "mkdocs.yml"


def site_html(text: str) -> str:
    names, configs = [], {}
    for entry in yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))["markdown_extensions"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        names.append(name)
        if isinstance(entry, dict):
            configs[name] = entry[name] or {}
    return markdown.markdown(text, extensions=names, extension_configs=configs)
