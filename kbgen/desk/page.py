"""Writes the answer desk into a freshly built site folder.

The page carries, as JSON, what a CSR copies for every built article (title, summary, category,
last updated, videos, link, short link, reply text: the link catalog's entries) and where each
help center's search lives; the search itself runs in the browser, in each site's own worker, so
the desk ranks exactly as the help centers do. Editors' text reaches the page only as JSON
(escaped for a script element) and is put on screen with textContent.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files
from pathlib import Path
from string import Template

from kbgen.catalog import catalog_entries
from kbgen.content import AUDIENCES, ContentSet
from kbgen.content.ledger import LedgerPlan
from kbgen.settings import Settings
from kbgen.site.csp import fill_policy

DESK_DIR = Path("staff") / "desk"
_WORKERS = Path("assets") / "javascripts" / "workers"


def write_desk(
    out_dir: Path, content: ContentSet, plan: LedgerPlan, settings: Settings, miss_endpoint: str = ""
) -> Path | None:
    """Write `out_dir/staff/desk/index.html` for the audiences built in `out_dir`; None if none was.
    With the collector's `miss_endpoint`, "Request one" sends the CSR's words as kind `csr`."""
    audiences = {}
    for audience in AUDIENCES:
        material_worker = next(iter(sorted((out_dir / audience / _WORKERS).glob("search.*.min.js"))), None)
        if material_worker is None:
            continue
        videos = {
            article.slug: [{"title": v.title, "url": v.url} for v in article.videos]
            for article in content.articles[audience]
        }
        base = f"../../{audience}/"
        entries = catalog_entries(content, plan, settings, audiences=(audience,), site_dir=out_dir)
        audiences[audience] = {
            "name": settings.audiences[audience].site_name,
            "base": base,
            "worker": f"{base}{_WORKERS.as_posix()}/kbgen-search.js?material={material_worker.name}",
            "emergency_line": settings.emergency_line(audience),
            "articles": {
                _location(entry.url): entry.as_dict() | {"videos": videos.get(_location(entry.url)[:-1], [])}
                for entry in entries
            },
        }
    if not audiences:
        return None
    data = json.dumps(
        {"company": settings.company, "endpoint": miss_endpoint, "audiences": audiences}, ensure_ascii=False
    )
    template = Template(files("kbgen.desk").joinpath("desk.html").read_text(encoding="utf-8"))
    page = fill_policy(  # its own script runs, by its hash; requests go to the sites and the collector
        template.substitute(company=escape(settings.company), data=data.replace("</", "<\\/")),
        "",
        endpoint=miss_endpoint,
    )
    target = out_dir / DESK_DIR / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target


def _location(url: str) -> str:
    """The article's location in its site, as the search index names it: "pay-rent-online/"."""
    return url.rstrip("/").rsplit("/", 1)[-1] + "/"
