"""Write small content folders for tests: one call per article, front matter from keyword arguments."""

from __future__ import annotations

from pathlib import Path

import yaml


def write_article(
    content: Path, audience: str, name: str, body: str = "Some helpful text.\n", **meta
) -> Path:
    """Write `content/<audience>/<name>.md`; keys default to a valid title and category."""
    meta.setdefault("title", name.replace("-", " ").capitalize())
    meta.setdefault("category", "General")
    path = content / audience / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump({k: v for k, v in meta.items() if v is not None}, sort_keys=False)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path
